/**
 * The feeds a cycle reads, and which of them are due. Due-ness is decided from the clock alone (which
 * slot of its interval a feed is in), not from stored state: a feed that answers 304 then costs no
 * write, and the planner in a Lambda needs no read before sending its messages.
 */
import type { FeedConfig } from "../config.ts";
import type { FeedItem } from "../model/ingest.ts";

export interface FeedSpec {
  /** Stable key of the feed's stored state: its URL as written, normalised. */
  id: string;
  url: string;
  name: string | null;
  /** How often the feed is due; null: every cycle. */
  everyMs: number | null;
  /** Only items mentioning one of these are read; empty: every item. */
  keywords: string[];
}

export function feedSpecs(feeds: readonly FeedConfig[]): FeedSpec[] {
  return feeds.map((feed) => {
    const url = new URL(feed.url).href;
    return {
      id: url,
      url,
      name: feed.name ?? null,
      everyMs: feed.every ?? null,
      keywords: feed.keywords ?? [],
    };
  });
}

/**
 * The feeds due in a cycle starting at `now`, when the previous cycle started at `previousAt` (null:
 * the first cycle, or a manual run, which reads every feed). A feed every 60 minutes polled by a
 * 15-minute cycle is due in the one cycle of each hour that crosses the hour's boundary, however late
 * the timer fires; a feed whose interval is shorter than the cycle is due every cycle.
 */
export function dueFeeds(feeds: readonly FeedSpec[], now: Date, previousAt: Date | null): FeedSpec[] {
  if (previousAt === null) return [...feeds];
  return feeds.filter((feed) => {
    if (feed.everyMs === null) return true;
    return Math.floor(now.getTime() / feed.everyMs) !== Math.floor(previousAt.getTime() / feed.everyMs);
  });
}

/** Whether an item passes its feed's keyword filter (title, summary or link; any case). */
export function wantedItem(feed: FeedSpec, item: FeedItem): boolean {
  if (feed.keywords.length === 0) return true;
  const haystack = `${item.title}\n${item.summary}\n${item.url ?? ""}`.toLowerCase();
  return feed.keywords.some((keyword) => haystack.includes(keyword.toLowerCase()));
}
