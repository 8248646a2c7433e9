import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FeedParseError } from "../../lib/ingest/errors.ts";
import { parseFeed, parseFeedBytes } from "../../lib/ingest/feed.ts";
import { decodeEntities, htmlToText, resolveUrl } from "../../lib/ingest/feed-text.ts";

const FIXTURES = join(import.meta.dirname, "../fixtures/feeds");
const fixture = (name: string) => readFileSync(join(FIXTURES, name), "utf8");

/** Wraps item XML in a minimal RSS 2.0 document. */
const rss = (items: string, attrs = "") =>
  `<?xml version="1.0"?><rss version="2.0"${attrs}><channel><title>Test</title>${items}</channel></rss>`;

function parseError(run: () => unknown): FeedParseError {
  try {
    run();
  } catch (error) {
    if (error instanceof FeedParseError) return error;
    throw new Error(`expected FeedParseError, got ${String(error)}`);
  }
  throw new Error("expected FeedParseError, nothing was thrown");
}

describe("parseFeed: formats", () => {
  it.each([
    ["rss2.xml", "rss2.0", 2, "Caucasus Desk & Wires", "https://news.example.org/caucasus/"],
    ["atom.xml", "atom1.0", 2, "Ministry of Health bulletins", "https://health.example.net/bulletins/"],
    ["rdf.xml", "rss1.0", 1, "Quake Relief Updates", "https://quake.example.com/"],
    ["rss091.xml", "rss0.9x", 1, "Flood Watch", "http://floods.example.com/"],
    ["jsonfeed.json", "jsonfeed1", 2, "Storm Tracker", "https://storm.example.com/"],
  ])("%s is read as %s", (file, format, count, title, link) => {
    // Prepare
    const text = fixture(file);
    // Act
    const feed = parseFeed(text, { source: file });
    // Assess
    expect(feed.format).toBe(format);
    expect(feed.items).toHaveLength(count);
    expect(feed.title).toBe(title);
    expect(feed.link).toBe(link);
  });

  it("maps RSS 2.0 items: guid, escaped HTML description, content:encoded, dc:creator, RSS author", () => {
    const feed = parseFeed(fixture("rss2.xml"));
    const [first, second] = feed.items;
    expect(first).toEqual({
      id: "toll-az-2783",
      url: "https://news.example.org/caucasus/2783-servicemen?src=rss&utm=feed",
      title: "Azerbaijan's defence ministry says 2,783 servicemen killed",
      published: "2020-12-03T10:05:00.000Z",
      summary: "The ministry revised its figure upward after identifying remains.",
      content: "<p>The ministry <b>revised</b> its figure upward.</p><p>More than 100 are still missing.</p>",
      author: "Caucasus Desk",
    });
    // No guid: the resolved link identifies the item; the e-mail form of <author> gives its name.
    expect(second?.id).toBe("https://news.example.org/caucasus/2317-servicemen");
    expect(second?.author).toBe("Regional Desk");
    expect(second?.content).toBeNull();
    expect(feed.warnings).toEqual([]);
  });

  it("maps Atom entries: xhtml and html content, inherited xml:base, feed author as fallback", () => {
    const [first, second] = parseFeed(fixture("atom.xml")).items;
    expect(first).toMatchObject({
      id: "urn:example:bulletin:2023-11-02",
      url: "https://health.example.net/bulletins/2023-11-02",
      published: "2023-11-02T08:15:00.000Z",
      summary: "Daily bulletin: 9,061 killed, 32,000 injured.",
      content: "<p>The toll now stands at <strong>9,061</strong>.</p>",
      author: "Press Office",
    });
    expect(second).toMatchObject({
      url: "https://health.example.net/archive/2023-11-01",
      published: "2023-11-01T09:00:00.000Z",
      content: "<p>Previous bulletin</p>",
      author: "Night Desk",
    });
  });

  it("maps RSS 1.0 items with dc:date and dc:creator, identified by rdf:about", () => {
    const [item] = parseFeed(fixture("rdf.xml")).items;
    expect(item).toMatchObject({
      id: "https://quake.example.com/updates/41",
      title: "Confirmed deaths reach 1,412",
      published: "2024-01-05T09:20:00.000Z",
      author: "Civil Protection Agency",
    });
  });

  it("maps JSON Feed 1.1: authors[0], relative url, content_text as summary, numeric id", () => {
    const feed = parseFeed(fixture("jsonfeed.json"));
    const [first, second] = feed.items;
    expect(first).toEqual({
      id: "storm-2024-17",
      url: "https://storm.example.com/reports/storm-17",
      title: "Storm death toll climbs to 37",
      published: "2024-02-14T11:00:00.000Z",
      summary: "Interior ministry raises storm toll to 37",
      content: "<p>The interior ministry said <em>37</em> people have died.</p>",
      author: "Weather Desk",
    });
    expect(second).toMatchObject({
      id: "18",
      url: "https://other.example.org/story",
      summary: "Rescue teams are still searching.",
      published: "2024-02-13T22:00:00.000Z",
      author: null,
    });
    expect(feed.warnings).toEqual(["skipped 1 item(s) that are not objects"]);
  });

  it("parses bytes through the charset decoder", () => {
    const bytes = new TextEncoder().encode(`\uFEFF${fixture("rss2.xml")}`);
    expect(parseFeedBytes(bytes, { contentType: "application/rss+xml" }).items).toHaveLength(2);
  });
});

describe("parseFeed: links and ids", () => {
  it.each([
    [
      "xml:base on <rss>",
      rss("<item><link>post/1</link></item>", ' xml:base="http://example.org/feeds/"'),
      undefined,
      "http://example.org/feeds/post/1",
    ],
    [
      "nested xml:base",
      rss('<item xml:base="sub/"><link>post/2</link></item>', ' xml:base="https://a.example/x/"'),
      undefined,
      "https://a.example/x/sub/post/2",
    ],
    [
      "feed URL as base",
      rss("<item><link>/news/3</link></item>"),
      "https://b.example/feed.xml",
      "https://b.example/news/3",
    ],
    ["relative with no base", rss("<item><title>t</title><link>/news/4</link></item>"), undefined, null],
    [
      "javascript: dropped",
      rss("<item><title>t</title><link>javascript:alert(1)</link></item>"),
      undefined,
      null,
    ],
    [
      "bare &",
      rss("<item><link>https://c.example/?a=1&b=2</link></item>"),
      undefined,
      "https://c.example/?a=1&b=2",
    ],
    [
      "legacy entity name",
      rss("<item><link>https://c.example/?page=1&copy=2</link></item>"),
      undefined,
      "https://c.example/?page=1&copy=2",
    ],
    [
      "double-escaped &",
      rss("<item><link>https://c.example/?a=1&amp;amp;b=2</link></item>"),
      undefined,
      "https://c.example/?a=1&b=2",
    ],
    [
      "permalink guid",
      rss("<item><guid>https://d.example/7</guid></item>"),
      undefined,
      "https://d.example/7",
    ],
    ["guid that is not a URL", rss("<item><guid>story-123</guid></item>"), "https://d.example/feed", null],
  ])("%s", (_name, text, url, expected) => {
    const [item] = parseFeed(text, { url }).items;
    expect(item?.url).toBe(expected);
  });

  it("falls back to a stable hash of title and date when there is no id or link", () => {
    const text = rss(
      "<item><title>Toll at 12</title><pubDate>Mon, 01 Jan 2024 00:00:00 GMT</pubDate></item>",
    );
    const first = parseFeed(text).items[0]?.id;
    expect(first).toMatch(/^hash:[0-9a-f]{32}$/);
    expect(parseFeed(text).items[0]?.id).toBe(first);
  });
});

describe("parseFeed: text fields", () => {
  it.each([
    ["entity-escaped HTML", "&lt;p&gt;Toll &lt;b&gt;rises&lt;/b&gt;&lt;/p&gt;", "Toll rises"],
    ["double-escaped HTML", "&amp;lt;p&amp;gt;Toll rises&amp;lt;/p&amp;gt;", "Toll rises"],
    ["CDATA holding escaped HTML", "<![CDATA[&lt;p&gt;Toll rises&lt;/p&gt;]]>", "Toll rises"],
    ["text around CDATA", "Update: <![CDATA[<b>42</b>]]> dead", "Update: 42 dead"],
    [
      "raw XHTML children, in order",
      "<strong>A</strong> <p>first</p><strong>B</strong><p>second</p>",
      "A first B second",
    ],
    ["HTML named entities", "Bogot&aacute;&nbsp;toll&hellip;", "Bogotá toll…"],
    ["bare ampersand", "Fish & chips &amp; more", "Fish & chips & more"],
    ["legacy entity without semicolon", "?page=1&copy=2 &amp; done", "?page=1&copy=2 & done"],
    ["scripts dropped", "a<script>alert(1)</script> b", "a b"],
  ])("%s in a description comes out as plain text", (_name, description, expected) => {
    const [item] = parseFeed(
      rss(`<item><title>x</title><description>${description}</description></item>`),
    ).items;
    expect(item?.summary).toBe(expected);
  });

  it("keeps the title plain even when it carries markup", () => {
    const [item] = parseFeed(
      rss("<item><title><![CDATA[<b>Toll</b> &amp;amp; count]]></title></item>"),
    ).items;
    expect(item?.title).toBe("Toll & count");
  });

  it("reads an <encoded> element without its namespace prefix as content", () => {
    const [item] = parseFeed(
      rss("<item><title>x</title><encoded>&lt;p&gt;body&lt;/p&gt;</encoded></item>"),
    ).items;
    expect(item?.content).toBe("<p>body</p>");
  });

  it("reads dc: elements whose prefix was never declared, with a warning", () => {
    const feed = parseFeed(rss("<item><title>x</title><dc:creator>Desk</dc:creator></item>"));
    expect(feed.items[0]?.author).toBe("Desk");
    expect(feed.warnings.join(" ")).toMatch(/undeclared namespace prefix.*dc:/);
  });

  it("strips illegal control characters and says so", () => {
    const feed = parseFeed(rss("<item><title>ab\u0008cd</title></item>"));
    expect(feed.items[0]?.title).toBe("abcd");
    expect(feed.warnings.join(" ")).toMatch(/illegal control character/);
  });

  it("reads C1 controls as Windows-1252 and repairs double-encoded UTF-8", () => {
    const feed = parseFeed(
      rss("<item><title>don\u0092t</title><description>&acirc;&#128;&brvbar;</description></item>"),
    );
    expect(feed.items[0]?.title).toBe("don’t");
    expect(feed.items[0]?.summary).toBe("…");
  });

  it("does not expand DTD entities (billion laughs)", () => {
    // Prepare: each level would multiply the text tenfold if expanded.
    const levels = Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`);
    const text = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY l0 "ha">${levels.join("")}]>${rss("<item><title>&l9;</title></item>").replace(/^<\?xml[^>]*>/, "")}`;
    // Act
    const started = performance.now();
    const [item] = parseFeed(text).items;
    // Assess
    expect(performance.now() - started).toBeLessThan(500);
    expect(item?.title).toBe("&l9;");
  });
});

describe("parseFeed: tolerance", () => {
  it("returns the items before the cut of a truncated document, with a warning", () => {
    const text = '<rss version="2.0"><channel><item><title>complete</title></item><item><title>cut <![CD';
    const feed = parseFeed(text);
    expect(feed.items.map((i) => i.title)).toEqual(["complete", "cut"]);
    expect(feed.warnings.join(" ")).toMatch(/truncated document/);
  });

  it("accepts a BOM and leading whitespace", () => {
    expect(parseFeed(`\uFEFF \n\t${rss("<item><title>x</title></item>")}`).items).toHaveLength(1);
  });

  it("accepts items directly under <rss> with no version", () => {
    const feed = parseFeed("<rss><item><title>x</title></item></rss>");
    expect(feed.items).toHaveLength(1);
    expect(feed.warnings.join(" ")).toMatch(/no version/);
  });

  it("reads a channel with no items as an empty feed", () => {
    expect(parseFeed(rss("")).items).toEqual([]);
  });
});

describe("parseFeed: not a feed", () => {
  it.each([
    ["an HTML page", fixture("html-page.html"), /HTML page, not a feed; find the site's RSS or Atom link/],
    ["HTML without doctype", "<head><title>Moved</title></head><body>gone</body>", /HTML page/],
    ["an empty body", "", /empty body/],
    ["whitespace only", " \n\t ", /empty body/],
    ["plain text", "Service temporarily unavailable", /plain text, not a feed/],
    ["JSON that is not a JSON Feed", '{"status":"ok","data":[]}', /not a JSON Feed/],
    ["broken JSON", '{"version": "https://jsonfeed.org/version/1.1", "items": [', /does not parse/],
    ["<rss> with no channel and no items", '<?xml version="1.0"?><rss></rss>', /no channel and no items/],
    [
      "another XML vocabulary",
      "<sitemapindex><sitemap/></sitemapindex>",
      /root is <sitemapindex>, not RSS or Atom/,
    ],
  ])("%s throws FeedParseError", (_name, text, message) => {
    const error = parseError(() => parseFeed(text, { source: "https://example.com/feed" }));
    expect(error.message).toMatch(message);
    expect(error.message.startsWith("https://example.com/feed: ")).toBe(true);
    expect(error.message).not.toContain("\n");
    expect(error.source).toBe("https://example.com/feed");
  });

  it("labels errors 'input' when given no source", () => {
    expect(parseError(() => parseFeed("")).message).toMatch(/^input: empty body/);
  });

  it("throws FeedParseError, not TypeError, for a non-string", () => {
    expect(parseError(() => parseFeed(undefined as unknown as string)).message).toMatch(/no text to parse/);
  });
});

describe("feed-text helpers", () => {
  it.each([
    ["&eacute;&amp;&#233;&#xE9;", "é&éé"],
    ["&bogus; &copy=2 &noti;", "&bogus; &copy=2 &noti;"],
    ["&#146;", "’"],
  ])("decodeEntities(%j)", (input, expected) => {
    expect(decodeEntities(input)).toBe(expected);
  });

  it("turns block markup into word breaks and inline markup into nothing", () => {
    expect(htmlToText("<p>one</p><p>two <b>th</b>ree</p><br>four")).toBe("one two three four");
  });

  it.each([
    ["https://x.example/a b", null, "https://x.example/a%20b"],
    ["mailto:a@example.com", null, null],
    ["", "https://x.example/", null],
  ])("resolveUrl(%j, %j)", (ref, base, expected) => {
    expect(resolveUrl(ref, base)).toBe(expected);
  });
});

describe("parseFeed: robustness and speed", () => {
  it.each(["rss2.xml", "atom.xml", "rdf.xml", "rss091.xml", "jsonfeed.json"])(
    "%s cut at any point yields a feed or a FeedParseError, nothing else",
    (file) => {
      const text = fixture(file);
      for (let end = 0; end <= text.length; end += 7) {
        try {
          parseFeed(text.slice(0, end));
        } catch (error) {
          expect(error, `cut at ${end}`).toBeInstanceOf(FeedParseError);
        }
      }
    },
  );

  it("reads a 5 MB feed in well under a second", () => {
    // Prepare: news-style items with escaped HTML, CDATA content and RFC 822 dates.
    const item = (i: number) =>
      `<item><title>Ministry revises toll to ${i} &amp; counting</title><link>https://example.org/n/${i}?a=1&amp;b=2</link>` +
      `<guid isPermaLink="false">n-${i}</guid><pubDate>Tue, 02 Mar 2021 10:${String(i % 60).padStart(2, "0")}:00 +0100</pubDate>` +
      `<dc:creator>Desk</dc:creator><description>&lt;p&gt;Officials counted ${i} dead.&lt;/p&gt;</description>` +
      `<content:encoded><![CDATA[<p>Officials counted <b>${i}</b> dead after the latest search.</p>]]></content:encoded></item>\n`;
    const parts = [
      '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Load</title>',
    ];
    let size = 0;
    for (let i = 0; size < 5 * 1024 * 1024; i++) {
      parts.push(item(i));
      size += parts[parts.length - 1]?.length ?? 0;
    }
    parts.push("</channel></rss>");
    const text = parts.join("");
    // Act
    const started = performance.now();
    const feed = parseFeed(text);
    const seconds = (performance.now() - started) / 1000;
    // Assess
    const mb = Buffer.byteLength(text) / 1024 / 1024;
    console.log(
      `feed parse speed: ${mb.toFixed(1)} MB, ${feed.items.length} items in ${(seconds * 1000).toFixed(0)} ms = ` +
        `${(mb / seconds).toFixed(1)} MB/s, ${Math.round(feed.items.length / seconds)} items/s`,
    );
    expect(feed.items).toHaveLength(parts.length - 2);
    expect(feed.warnings).toEqual([]);
    expect(seconds).toBeLessThan(2); // a second in practice; headroom for slow CI machines
  });
});
