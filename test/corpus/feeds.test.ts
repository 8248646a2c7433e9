import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { decodeBody } from "../../lib/ingest/charset.ts";
import { FeedParseError } from "../../lib/ingest/errors.ts";
import { parseFeedBytes } from "../../lib/ingest/feed.ts";
import type { FeedFormat, FeedItem, ParsedFeed } from "../../lib/model/ingest.ts";
import { CORPUS_DIR, sharedAvailable, skipWithoutShared } from "../support/shared.ts";

/**
 * Every fixture in ../shared/corpus/feeds either parses into the items it holds or fails with a
 * FeedParseError whose message says why. Expectations are read from each file (feedparser states
 * its own in a leading comment); they are asserted here, never copied.
 */

const FEEDS_DIR = join(CORPUS_DIR, "feeds");

interface Parses {
  format: FeedFormat;
  items: number;
  /** Fields of the first item. */
  first?: Partial<FeedItem>;
  /** Extra checks on the whole result. */
  check?: (feed: ParsedFeed) => void;
  /** A warning matching this must be present; without it, a feed must come out with none. */
  warning?: RegExp;
}
interface Fails {
  error: RegExp;
  /** Why an error is the right outcome for this file. */
  why: string;
}

const CYRILLIC = /^[\p{Script=Cyrillic}\s.,!?:;"()-]+$/u;
const CJK = /\p{Script=Han}/u;

const EXPECTED: Record<string, Parses | Fails> = {
  "feedparser__aaa_illformed.xml": {
    error: /<rss> with no channel and no items \(the document is cut off\)/,
    why: "an <rss> start tag, then the file stops: nothing to read, and the message says it is cut off",
  },
  "feedparser__bozo_double-encoded-html.xml": { format: "rss2.0", items: 1, first: { summary: "\u2026" } },
  // The file's own expectation reflects feedparser's fallback decoding; here it is read as the UTF-8
  // it declares, so the quotes survive and only the stray byte becomes U+FFFD.
  "feedparser__bozo_linenoise.xml": {
    format: "rss2.0",
    items: 1,
    check: (feed) => expect(feed.items[0]?.summary).toContain("\u2019<>\u201d"),
  },
  "feedparser__demoronize-1.xml": {
    format: "rss2.0",
    items: 1,
    first: { summary: "don\u2019t" },
    warning: /Windows-1252/,
  },
  // Channel-level Greek date (null by design, see dates tests), no items: a valid empty feed.
  "feedparser__http_high_bit_date.xml": { format: "rss2.0", items: 0 },
  "feedparser__item_description_not_a_doctype.xml": {
    format: "rss2.0",
    items: 1,
    first: { summary: "<!'" },
    warning: /no version attribute/,
  },
  "feedparser__koi8r.xml": {
    format: "rss2.0",
    items: 1,
    warning: /no version attribute/,
    check: (feed) => {
      expect(feed.items[0]?.title).toMatch(CYRILLIC);
      expect(feed.items[0]?.summary).toMatch(CYRILLIC);
      expect(feed.items[0]?.summary).toContain("Новый год");
    },
  },
  // The only item is cut inside its title's CDATA, leaving nothing; the channel itself is intact.
  "feedparser__rss_incomplete_cdata.xml": {
    format: "rss2.0",
    items: 0,
    warning: /truncated document/,
    check: (feed) => expect(feed.link).toBe("http://adcdefgh.com/"),
  },
  "feedparser__rss_item_link_corrupted_ampersands.xml": {
    format: "rss2.0",
    items: 1,
    first: { url: "http://link/get?a=1&b=2" },
    warning: /truncated document/,
  },
  "feedparser__undeclared_namespace.xml": { format: "rss2.0", items: 0, warning: /undeclared.*itunes:/ },
  "feedparser__utf-16le-bom.xml": {
    error: /<rss> with no channel and no items/,
    why: "decodes cleanly from UTF-16LE (checked below), but the document is a bare <rss></rss>",
  },
  "gofeed__atom10_feed_entry_content_xhtml_inline_markup.xml": {
    format: "atom1.0",
    items: 1,
    first: { content: "<p>Entry Content</p>", summary: "" },
  },
  "gofeed__dublincore_item_fields.xml": {
    format: "rss2.0",
    items: 1,
    first: {
      id: "urn:uuid:1234",
      published: "2007-02-03T10:20:30.000Z",
      author: "John Smith",
      summary: "An item description",
    },
  },
  "gofeed__empty_feed.xml": { error: /empty body/, why: "zero bytes" },
  "gofeed__feed_item_image_-_rss_channel_item_media.xml": {
    format: "rss2.0",
    items: 1,
    first: { url: null },
    warning: /undeclared.*media:/,
  },
  "gofeed__issue_303_encoded_no_namespace.xml": {
    format: "rss2.0",
    items: 1,
    first: { title: "First", content: "hello" },
  },
  "gofeed__issue_305_bare_ampersand.xml": {
    format: "rss2.0",
    items: 0,
    check: (feed) => expect(feed.title).toBe("Fish & Chips & more <3"),
  },
  "gofeed__issue_320_legacy_entity_prefix.xml": {
    format: "rss2.0",
    items: 0,
    check: (feed) => expect(feed.title).toBe("?page=1&copy=2;mode=x & done"),
  },
  "gofeed__relative_uri_inherit.xml": {
    format: "atom1.0",
    items: 0,
    check: (feed) => expect(feed.title).toBe("Example test"),
  },
  "gofeed__rss_channel_item_description_cdata_escaped_markup.xml": {
    format: "rss2.0",
    items: 1,
    first: { summary: "Item Description" },
  },
  "gofeed__rss_channel_item_description_mixed_cdata.xml": {
    format: "rss2.0",
    items: 1,
    first: { summary: "Breaking: Big News today" },
  },
  "gofeed__rss_channel_item_illegal_char.xml": {
    format: "rss2.0",
    items: 1,
    first: { title: "abcd" },
    warning: /illegal control character/,
  },
  "gofeed__rss_channel_item_xml_base.xml": {
    format: "rss2.0",
    items: 1,
    first: { url: "http://example.org/feeds/post/1" },
  },
  "gofeed__rss_feed_bom.xml": {
    format: "rss2.0",
    items: 0,
    check: (f) => expect(f.title).toBe("Feed Title"),
  },
  "gofeed__rss_feed_leading_spaces.xml": {
    format: "rss2.0",
    items: 0,
    check: (f) => expect(f.title).toBe("Feed Title"),
  },
  "gofeed__version_rss_missing.xml": {
    error: /<rss> with no channel and no items/,
    why: "an empty <rss> element with no version: nothing that makes it a feed",
  },
  "rss-parser__encoding-gb2312.xml": {
    format: "rss2.0",
    items: 1,
    first: { url: "http://tech.qq.com/a/20180919/009008.htm", published: "2018-09-19T05:11:22.000Z" },
    check: (feed) => {
      expect(feed.title).toMatch(CJK);
      expect(feed.items[0]?.title).toMatch(CJK);
    },
  },
  "rss-parser__encoding.rss": {
    format: "rss2.0",
    items: 40,
    // feedburner:origLink wins over the dead feedburner redirect in <link>
    first: { published: "2018-01-03T13:47:00.000Z" },
    check: (feed) => {
      expect(feed.items[0]?.url).toMatch(/^https:\/\/www\.jn\.pt\/nacional\//);
      expect(feed.title).toContain("Notícias");
    },
  },
  "rss-parser__guardian.rss": {
    format: "rss2.0",
    items: 55,
    first: {
      url: "https://www.theguardian.com/us-news/2018/jan/31/donald-trump-state-of-the-union-address-unity-discord",
      published: "2018-01-31T07:26:05.000Z",
    },
    // five items have an empty <dc:creator />: null, not ""
    check: (feed) => expect(feed.items.filter((i) => i.author !== null)).toHaveLength(50),
  },
  "rss-parser__heise.atom": {
    format: "atom1.0",
    items: 15,
    first: { id: "http://heise.de/-3088438", published: "2016-02-01T16:22:00.000Z", author: "heise online" },
    check: (feed) => {
      expect(feed.items[0]?.summary).toContain("verfügbare");
      expect(feed.items[0]?.content).toMatch(/^<a href="http:\/\/www\.heise\.de\//);
    },
  },
  // Its one entry has nothing but an empty <author/>: no id, title, link or text to report.
  "rss-parser__incomplete-fields.atom": { format: "atom1.0", items: 0, warning: /skipped 1 item/ },
  "rss-parser__instant-article.rss": {
    format: "rss2.0",
    items: 1,
    first: { content: "<b>Lorem</b> ipsum", author: "tobi", published: "2016-05-04T06:53:45.000Z" },
  },
  "rss-parser__latin2.rss": {
    format: "rss2.0",
    items: 1,
    first: { url: "http://www.example.pl/news/1", published: "2019-10-18T15:27:37.000Z" },
    check: (feed) => {
      expect(feed.items[0]?.title).toMatch(/Ż.*Ó.*Ł.*Ć/);
      expect(feed.items[0]?.author).toContain("Gżegżółka");
    },
  },
  "rss-parser__missing-fields.atom": {
    format: "atom1.0",
    items: 1,
    first: { id: "tag:github.com,2008:Repository/11167738/v3.9.0", title: "", url: null, published: null },
  },
  "rss-parser__rss-1.rss": {
    format: "rss1.0",
    items: 69, // 69 <item>s; the 70th "<item" in the file is the channel's <items> list
    first: {
      url: "http://science.sciencemag.org/cgi/content/short/356/6343/1134-a?rss=1",
      published: "2017-06-15T17:29:47.000Z",
      author: "Hines, P. J.",
    },
  },
  "rss-parser__rss091.rss": {
    format: "rss0.9x",
    items: 15,
    first: { published: null }, // RSS 0.91 items carry no dates
    check: (feed) =>
      expect(feed.items.every((i) => i.url?.startsWith("http://redir.folha.com.br/"))).toBe(true),
  },
  "rss-parser__unrecognized.rss": {
    error: /this is an HTML page, not a feed; find the site's RSS or Atom link/,
    why: "an HTML 'document moved' page served at a feed URL",
  },
  "rss-parser__uolNoticias.rss": {
    format: "rss2.0",
    items: 15,
    // Portuguese weekday and month names ("Seg", "Set") are read, not dropped.
    first: { published: "2018-09-24T22:42:40.000Z" },
    warning: /no version attribute/,
    check: (feed) => expect(feed.items.every((i) => i.published)).toBe(true),
  },
  "rss-parser__xhtml-content-order.rss": {
    format: "rss2.0",
    items: 1,
    check: (feed) => expect(feed.items[0]?.summary).toMatch(/^Task_A .*Task A Task_B .*Task B$/),
  },
};

const counts = { parsed: 0, errors: 0, crashes: 0 };

/** What holds for every item of every feed, whatever its source. */
function assertWellFormed(item: FeedItem): void {
  expect(item.id).not.toBe("");
  if (item.url !== null) expect(item.url).toMatch(/^https?:\/\/[^\s]+$/);
  if (item.published !== null) expect(item.published).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  for (const text of [item.title, item.summary, item.author ?? ""]) {
    expect(text).not.toMatch(/<\/?(?:p|a|b|div|span|img|br)\b|&(?:amp|lt|gt|quot|nbsp|#\d+);/);
    expect(text).toBe(text.trim());
  }
}

describe.skipIf(skipWithoutShared("feed corpus tests"))("feed corpus (../shared/corpus/feeds)", () => {
  // vitest runs a skipped suite's body to collect its tests, so read nothing when the corpus is absent.
  const files = sharedAvailable ? readdirSync(FEEDS_DIR).filter((f) => f !== "SOURCES.md") : [];

  afterAll(() => {
    console.log(
      `feed corpus: ${counts.parsed} parsed / ${counts.errors} clean FeedParseErrors / ${counts.crashes} crashes (of ${files.length})`,
    );
  });

  it("has an expectation for every fixture", () => {
    expect(files.filter((f) => !(f in EXPECTED))).toEqual([]);
  });

  it.each(files)("%s", (file) => {
    // Prepare
    const bytes = new Uint8Array(readFileSync(join(FEEDS_DIR, file)));
    const expected = EXPECTED[file];
    // Act
    let feed: ParsedFeed | undefined;
    let error: unknown;
    try {
      feed = parseFeedBytes(bytes, { source: file });
    } catch (caught) {
      error = caught;
    }
    // Assess
    if (error !== undefined && !(error instanceof FeedParseError)) counts.crashes++;
    else if (error !== undefined) counts.errors++;
    else counts.parsed++;
    if (!expected) return;
    if ("error" in expected) {
      expect(error, expected.why).toBeInstanceOf(FeedParseError);
      expect((error as FeedParseError).message).toMatch(expected.error);
      expect((error as FeedParseError).message).toMatch(new RegExp(`^${file}: [^\\n]+$`));
      return;
    }
    if (error !== undefined) throw error;
    if (!feed) throw new Error("no feed and no error");
    expect(feed.format).toBe(expected.format);
    expect(feed.items).toHaveLength(expected.items);
    if (expected.first) expect(feed.items[0]).toMatchObject(expected.first);
    expected.check?.(feed);
    if (expected.warning) expect(feed.warnings.join("\n")).toMatch(expected.warning);
    else expect(feed.warnings).toEqual([]);
    for (const item of feed.items) assertWellFormed(item);
  });

  it("decodes the UTF-16LE fixture before rejecting it", () => {
    const decoded = decodeBody(new Uint8Array(readFileSync(join(FEEDS_DIR, "feedparser__utf-16le-bom.xml"))));
    expect(decoded.encoding).toBe("utf-16le");
    expect(decoded.text).toMatch(/<rss>\s*<\/rss>\s*$/);
  });
});
