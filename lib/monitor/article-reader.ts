/**
 * One feed item -> the article text to extract, or a reason to skip it. An article seen before is
 * skipped unless its content changed: within RECHECK_MS of first sight its page is re-fetched with a
 * conditional GET (news sites revise tolls in place, at the same URL), at every poll in its first hour
 * and ever less often after (recheckDue); after that it is left alone.
 */
import { createHash } from "node:crypto";
import { extractArticle } from "../ingest/article.ts";
import { decodeBody } from "../ingest/charset.ts";
import { ArticleParseError, FeedFetchError } from "../ingest/errors.ts";
import { htmlToText } from "../ingest/html-text.ts";
import type { HttpClient } from "../ingest/http.ts";
import type { FeedItem } from "../model/ingest.ts";
import type { ArticleStore } from "../store/ports.ts";
import type { ArticleRecord } from "../store/records.ts";
import type { CommittedArticle } from "./commit.ts";

export const RECHECK_MS = 48 * 3_600_000;
/** An article's first hour, in which it is re-checked at every poll: most in-place revisions come early. */
const EVERY_POLL_MS = 3_600_000;
/** After the first hour, the ages at which an article is due again grow by a quarter each time. */
const RECHECK_GROWTH = 1.25;

/**
 * The ages (time since first sight) past its first hour at which an article is due for a re-check:
 * 1 h, 1 h 15, 1 h 34, ... up to 48 h, 19 in all. Re-checking every article at every poll for 48 hours
 * costs 192 conditional GETs each at a 15-minute cycle, a second apiece of politeness delay on its host
 * (billed, in a Lambda); this schedule costs 22 and still sees an edit within a quarter of the
 * article's age.
 */
export const RECHECK_AGES_MS: readonly number[] = (() => {
  const ages: number[] = [];
  for (let age = EVERY_POLL_MS; age < RECHECK_MS; age *= RECHECK_GROWTH) ages.push(Math.round(age));
  ages.push(RECHECK_MS);
  return ages;
})();

/**
 * Whether an article first seen at `firstSeen` is re-checked in a poll at `now`, given when the feed's
 * items were last read (`lastPass`, null when unknown): at every poll in its first hour, then when the
 * article has crossed one of RECHECK_AGES_MS since the last pass, never after RECHECK_MS. Crossing, not
 * landing on: a feed polled hourly, or one that was down for a day, still re-checks what came due.
 */
export function recheckDue(firstSeen: string, lastPass: string | null, now: Date): boolean {
  const first = Date.parse(firstSeen);
  const age = now.getTime() - first;
  if (Number.isNaN(age) || age > RECHECK_MS) return false;
  if (age <= EVERY_POLL_MS) return true;
  const last = lastPass === null ? Number.NaN : Date.parse(lastPass);
  const lastAge = Number.isNaN(last) ? Number.NEGATIVE_INFINITY : last - first;
  return RECHECK_AGES_MS.some((due) => lastAge < due && due <= age);
}
/** Records outlive the re-check window so an old item still listed by its feed is not read again. */
export const ARTICLE_RETENTION_MS = 30 * 86_400_000;
/** A feed body shorter than this is a teaser, not the article: the page is fetched instead. */
const FULL_TEXT_CHARS = 600;

export interface ReaderDeps {
  http: HttpClient;
  store: ArticleStore;
  now: () => Date;
}

export type ReadOutcome =
  | { kind: "skipped"; reason: "seen" | "unchanged" | "not-modified" | "empty" }
  | {
      kind: "read";
      article: CommittedArticle;
      /** Written only after the article's figures are committed: a crash in between re-reads it. */
      record: ArticleRecord;
      /** The page could not be fetched or read; the feed's own text was used instead. */
      fallback: string | null;
    };

/**
 * The key of an item's record: its link. An item without one is known by its words, not its guid:
 * feeds that mint a new guid on every fetch would otherwise make the same text a new article each time
 * (an edited link-less item is then a new article, decided against the tallies like any other).
 */
export function articleKey(feedUrl: string, item: FeedItem): string {
  if (item.url !== null) return item.url;
  const words = createHash("sha256")
    .update(item.title)
    .update("\n")
    .update(item.summary)
    .update("\n")
    .update(item.content ?? "")
    .digest("hex");
  return `${feedUrl}#text-${words.slice(0, 32)}`;
}

export async function readItem(
  deps: ReaderDeps,
  /** `lastPass`: when this feed's items were last read (its state's readAt), for the re-check schedule. */
  feed: { url: string; outlet: string | null; lastPass?: string | null },
  item: FeedItem,
): Promise<ReadOutcome> {
  const key = articleKey(feed.url, item);
  const record = await deps.store.getArticle(key);
  const now = deps.now();
  if (record !== null && !recheckDue(record.firstSeen, feed.lastPass ?? null, now)) {
    return { kind: "skipped", reason: "seen" };
  }

  let feedText = "";
  let contentError: string | null = null;
  try {
    feedText = item.content === null ? "" : htmlToText(item.content);
  } catch (err) {
    // Like a page, one item's HTML that the reader cannot handle costs that item's HTML only. Whatever
    // readItem throws is taken for a store failure, which this is not.
    contentError = `${key}: the feed's HTML could not be read (${err instanceof Error ? err.message : String(err)})`;
  }
  // Without a page to fetch, the feed's body or its summary is all there is.
  let text = feedText || item.summary;
  let title = item.title;
  let published = item.published;
  let outlet = feed.outlet;
  let validators = { etag: null as string | null, lastModified: null as string | null };
  let fallback: string | null = null;
  let fromPage = false;

  if (feedText.length < FULL_TEXT_CHARS && item.url !== null) {
    try {
      const page = await deps.http.fetch({
        url: item.url,
        purpose: "article",
        origin: "feed",
        etag: record?.etag ?? null,
        lastModified: record?.lastModified ?? null,
      });
      if (page.status === "not-modified") return { kind: "skipped", reason: "not-modified" };
      const html = decodeBody(page.bytes, { contentType: page.contentType }).text;
      const extracted = extractArticle(html, { url: page.url });
      text = extracted.text;
      title = extracted.title || item.title;
      published ??= extracted.published;
      if (record !== null) published = editedAt(page.lastModified, now);
      fromPage = true;
      outlet ??= extracted.siteName;
      validators = { etag: page.etag, lastModified: page.lastModified };
    } catch (err) {
      // The feed's own words still count: a summary often states the toll itself. Any failure on the
      // page (even a reader bug on a strange page) costs that page, never the rest of the feed.
      fallback =
        err instanceof FeedFetchError || err instanceof ArticleParseError
          ? err.message
          : `${item.url}: the page could not be read (${err instanceof Error ? err.message : String(err)})`;
    }
  }
  if (!fromPage) fallback ??= contentError;
  if (text.trim() === "" && title.trim() === "") return { kind: "skipped", reason: "empty" };

  const contentHash = createHash("sha256").update(title).update("\n").update(text).digest("hex");
  if (record !== null && record.contentHash === contentHash) return { kind: "skipped", reason: "unchanged" };
  // An article edited in place keeps its first publication date in the feed, but "said on Thursday" in
  // the new text means the Thursday before the edit: weekdays are resolved against the edit's time.
  if (record !== null && !fromPage) published = now.toISOString();

  const iso = now.toISOString();
  return {
    kind: "read",
    article: { doc: key, outlet, title, text, published },
    record: {
      url: key,
      contentHash,
      firstSeen: record?.firstSeen ?? iso,
      lastSeen: iso,
      figureCount: 0,
      ...validators,
      expiresAt: Math.floor((now.getTime() + ARTICLE_RETENTION_MS) / 1000),
    },
    fallback,
  };
}

/** When an edited page changed: its Last-Modified when plausible, else the time it was found changed. */
function editedAt(lastModified: string | null, now: Date): string {
  const modified = lastModified === null ? Number.NaN : Date.parse(lastModified);
  return Number.isNaN(modified) || modified > now.getTime() + 60_000
    ? now.toISOString()
    : new Date(modified).toISOString();
}
