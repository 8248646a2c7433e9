/**
 * One feed, one poll: conditional GET, parse, read the new or edited articles, extract, commit, deliver
 * what was committed, then remember the feed's validators. Nothing here throws for a bad feed or page:
 * the failure is recorded on the feed's state and in the report, and the other feeds go on.
 */
import type { Config } from "../config.ts";
import { extractFigures } from "../extract/extract.ts";
import { FeedFetchError, FeedParseError } from "../ingest/errors.ts";
import { parseFeedBytes } from "../ingest/feed.ts";
import type { HttpClient } from "../ingest/http.ts";
import type { Figure } from "../model/figure.ts";
import type { FeedItem } from "../model/ingest.ts";
import type { TallyVersion } from "../model/tally.ts";
import type { AlertSink } from "../notify/sink.ts";
import type { AlertStore, ArticleStore, FeedStateStore, TallyStore } from "../store/ports.ts";
import type { FeedState } from "../store/records.ts";
import { readItem } from "./article-reader.ts";
import { CommitContentionError, recordArticle } from "./commit.ts";
import { deliverVersions } from "./deliver.ts";
import { type FeedSpec, wantedItem } from "./feeds.ts";

/** Items past this many (newest kept) wait for the next poll: one huge feed cannot hold a worker. */
export const MAX_ITEMS_PER_POLL = 200;
/** An unchanged feed's "last checked" is rewritten at most this often, so a 304 usually costs no write. */
const HEARTBEAT_MS = 3_600_000;
/**
 * A feed whose items were last read this long ago is fetched without its validators: a 304 says the feed
 * is unchanged, not its articles, and sites revise a story's page in place behind an unchanged feed.
 * Hourly keeps the re-check schedule (article-reader.ts recheckDue) within an hour of its due ages.
 */
const PASS_MS = 3_600_000;

export type MonitorStore = TallyStore & AlertStore & FeedStateStore & ArticleStore;

export interface PollDeps {
  http: HttpClient;
  store: MonitorStore;
  sinks: readonly AlertSink[];
  config: Pick<Config, "watches" | "aliases" | "alerts">;
  now: () => Date;
  onEvent?: (event: CycleEvent) => void;
}

export interface FeedReport {
  feed: string;
  name: string | null;
  status: "changed" | "not-modified" | "failed";
  /** Items that passed the feed's keyword filter. */
  items: number;
  articlesRead: number;
  articlesSkipped: number;
  figures: number;
  opened: number;
  revised: number;
  /** Alerts every sink took. */
  alerts: number;
  /** Problems that did not stop the feed: a page read from the feed's summary, an alert left pending. */
  warnings: string[];
  /** Why the poll failed; null when it did not. */
  error: string | null;
  /**
   * Whose fault: "feed" (unreachable, not a feed: recorded, retried next cycle) or "store" (nothing of the
   * feed was kept; a queue-driven poller should hand the message back so it is retried soon).
   */
  failure: "feed" | "store" | null;
  durationMs: number;
}

export type CycleEvent =
  | { type: "feed-start"; feed: FeedSpec }
  | { type: "feed-items"; feed: FeedSpec; items: number }
  | { type: "article"; feed: FeedSpec; doc: string; read: boolean; figures: number }
  | { type: "feed-done"; feed: FeedSpec; report: FeedReport };

/** A failure of the store mid-poll: the feed's validators are not saved, so the next poll reads it all again. */
class StoreFailure extends Error {}

export async function pollFeed(deps: PollDeps, feed: FeedSpec): Promise<FeedReport> {
  const started = Date.now();
  const report: FeedReport = {
    feed: feed.id,
    name: feed.name,
    status: "failed",
    items: 0,
    articlesRead: 0,
    articlesSkipped: 0,
    figures: 0,
    opened: 0,
    revised: 0,
    alerts: 0,
    warnings: [],
    error: null,
    failure: null,
    durationMs: 0,
  };
  deps.onEvent?.({ type: "feed-start", feed });
  let state: FeedState = emptyState(feed.id);
  try {
    state = (await deps.store.getFeedState(feed.id)) ?? state;
    await pollOnce(deps, feed, state, report);
  } catch (err) {
    report.status = "failed";
    report.error = describeFailure(err);
    report.failure = err instanceof FeedFetchError || err instanceof FeedParseError ? "feed" : "store";
    const failed = {
      ...state,
      checkedAt: deps.now().toISOString(),
      failures: state.failures + 1,
      lastError: report.error,
    };
    await deps.store.putFeedState(failed).catch((cause: unknown) => {
      report.warnings.push(`the feed's state could not be saved either (${describeFailure(cause)})`);
    });
  }
  report.durationMs = Date.now() - started;
  deps.onEvent?.({ type: "feed-done", feed, report });
  return report;
}

async function pollOnce(deps: PollDeps, feed: FeedSpec, state: FeedState, report: FeedReport): Promise<void> {
  const lastPass = state.readAt ?? state.changedAt;
  const passDue = lastPass === null || deps.now().getTime() - Date.parse(lastPass) >= PASS_MS;
  const fetched = await deps.http.fetch({
    url: feed.url,
    purpose: "feed",
    etag: passDue ? null : state.etag,
    lastModified: passDue ? null : state.lastModified,
  });
  const now = deps.now();
  if (fetched.status === "not-modified") {
    report.status = "not-modified";
    const stale = state.checkedAt === null || now.getTime() - Date.parse(state.checkedAt) >= HEARTBEAT_MS;
    if (state.failures > 0 || stale) {
      await deps.store.putFeedState({ ...state, checkedAt: now.toISOString(), failures: 0, lastError: null });
    }
    return;
  }
  const parsed = parseFeedBytes(fetched.bytes, { url: fetched.url, contentType: fetched.contentType });
  const items = oldestFirst(parsed.items.filter((item) => wantedItem(feed, item)));
  if (items.length > MAX_ITEMS_PER_POLL) {
    report.warnings.push(`${items.length} items; only the newest ${MAX_ITEMS_PER_POLL} were read this time`);
    items.splice(0, items.length - MAX_ITEMS_PER_POLL);
  }
  report.items = items.length;
  deps.onEvent?.({ type: "feed-items", feed, items: items.length });

  const outlet = feed.name ?? (parsed.title || null);
  const source = { url: feed.url, outlet, lastPass };
  for (const item of items) await readAndCommit(deps, feed, source, item, report);

  // An hourly pass that fetched an unchanged feed (the same validators) is no change: the feed counts
  // as unchanged in reports and metrics, and `tollwatch feeds` keeps its last change.
  const same =
    (fetched.etag !== null && fetched.etag === state.etag) ||
    (fetched.lastModified !== null && fetched.lastModified === state.lastModified);
  report.status = same ? "not-modified" : "changed";
  await deps.store.putFeedState({
    id: feed.id,
    etag: fetched.etag,
    lastModified: fetched.lastModified,
    checkedAt: now.toISOString(),
    changedAt: same ? state.changedAt : now.toISOString(),
    readAt: now.toISOString(),
    failures: 0,
    lastError: null,
  });
}

async function readAndCommit(
  deps: PollDeps,
  feed: FeedSpec,
  source: { url: string; outlet: string | null; lastPass: string | null },
  item: FeedItem,
  report: FeedReport,
): Promise<void> {
  const read = await storeStep(() => readItem(deps, source, item));
  if (read.kind === "skipped") {
    report.articlesSkipped++;
    deps.onEvent?.({ type: "article", feed, doc: item.url ?? item.id, read: false, figures: 0 });
    return;
  }
  const { article, record } = read;
  if (read.fallback !== null) report.warnings.push(`${read.fallback} (read the feed's summary instead)`);

  let figures: Figure[] = [];
  try {
    figures = extractFigures(
      { text: article.text, title: article.title, published: article.published, outlet: article.outlet },
      { aliases: deps.config.aliases },
    );
  } catch (cause) {
    // Deterministic, so retrying would fail the same way; the record is written so it is not retried forever.
    report.warnings.push(`${article.doc}: extraction failed (${describeFailure(cause)}); please report it`);
  }

  let committed: TallyVersion[] = [];
  try {
    const outcomes = await storeStep(() =>
      recordArticle(
        { store: deps.store, policy: deps.config.alerts, now: deps.now },
        article,
        figures,
        deps.config.watches,
      ),
    );
    committed = outcomes.flatMap((o) =>
      o.version !== null && (o.decision === "open" || o.decision === "revise") ? [o.version] : [],
    );
    report.opened += outcomes.filter((o) => o.decision === "open").length;
    report.revised += outcomes.filter((o) => o.decision === "revise").length;
  } catch (err) {
    if (!(err instanceof CommitContentionError)) throw err;
    // Without its record the article is read again next poll, when the tally has calmed down.
    report.warnings.push(err.message);
    return;
  }
  await storeStep(() => deps.store.putArticle({ ...record, figureCount: figures.length }));
  report.articlesRead++;
  report.figures += figures.length;
  deps.onEvent?.({ type: "article", feed, doc: article.doc, read: true, figures: figures.length });

  const watchTitles = new Map(deps.config.watches.map((w) => [w.id, w.title]));
  const delivery = await deliverVersions(
    { store: deps.store, sinks: [...deps.sinks], watchTitles, now: deps.now },
    committed,
  );
  report.alerts += delivery.delivered;
  report.warnings.push(...delivery.errors);
}

/** Runs a step that touches the store; its failure ends the poll as a store failure. */
async function storeStep<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    if (err instanceof CommitContentionError) throw err;
    throw new StoreFailure(`the store failed (${describeFailure(err)}); the feed is read again next cycle`, {
      cause: err,
    });
  }
}

function oldestFirst(items: readonly FeedItem[]): FeedItem[] {
  // Feeds list newest first; statements are committed in the order they were made.
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => (a.item.published ?? "").localeCompare(b.item.published ?? "") || b.index - a.index)
    .map(({ item }) => item);
}

function emptyState(id: string): FeedState {
  return {
    id,
    etag: null,
    lastModified: null,
    checkedAt: null,
    changedAt: null,
    failures: 0,
    lastError: null,
  };
}

function describeFailure(err: unknown): string {
  if (err instanceof FeedFetchError || err instanceof FeedParseError || err instanceof StoreFailure) {
    return err.message;
  }
  if (err instanceof Error) return `${err.name === "Error" ? "" : `${err.name}: `}${err.message}`;
  return String(err);
}
