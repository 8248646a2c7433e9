/**
 * One monitoring cycle over many feeds on one machine: a bounded pool of pollers, then a sweep of
 * alerts earlier cycles left pending. The Lambda poller calls pollFeed per message instead; both run
 * the same code from the fetch to the alert.
 */
import { deliverPending, SWEEP_GRACE_MS } from "./deliver.ts";
import type { FeedSpec } from "./feeds.ts";
import { type FeedReport, type PollDeps, pollFeed } from "./poll.ts";

export type { FeedSpec } from "./feeds.ts";
export type { CycleEvent, FeedReport, MonitorStore } from "./poll.ts";

export type CycleDeps = PollDeps;

export interface CycleOptions {
  /** Feeds polled at once. Politeness per host is the HTTP client's business, not this pool's. */
  concurrency?: number;
  /** Re-send alerts still pending from earlier cycles (default true). */
  sweep?: boolean;
}

export interface CycleReport {
  feeds: FeedReport[];
  articlesRead: number;
  figures: number;
  opened: number;
  revised: number;
  /** Alerts delivered, this cycle's and the sweep's. */
  alerts: number;
  /** Feeds whose poll failed. */
  failures: number;
  /** Problems that did not fail a feed, and sweep failures. */
  warnings: string[];
  durationMs: number;
}

export async function runCycle(
  deps: CycleDeps,
  feeds: readonly FeedSpec[],
  options: CycleOptions = {},
): Promise<CycleReport> {
  const started = Date.now();
  const reports = await pool(feeds, options.concurrency ?? 4, (feed) => pollFeed(deps, feed));
  const sum = (pick: (r: FeedReport) => number) => reports.reduce((total, r) => total + pick(r), 0);
  const report: CycleReport = {
    feeds: reports,
    articlesRead: sum((r) => r.articlesRead),
    figures: sum((r) => r.figures),
    opened: sum((r) => r.opened),
    revised: sum((r) => r.revised),
    alerts: sum((r) => r.alerts),
    failures: reports.filter((r) => r.status === "failed").length,
    warnings: reports.flatMap((r) => r.warnings.map((w) => `${r.name ?? r.feed}: ${w}`)),
    durationMs: 0,
  };
  if (options.sweep ?? true) {
    try {
      const watchTitles = new Map(deps.config.watches.map((w) => [w.id, w.title]));
      const swept = await deliverPending({
        store: deps.store,
        sinks: [...deps.sinks],
        watchTitles,
        now: deps.now,
        // Another process sharing the table may be publishing an alert it committed a moment ago; a
        // sweep that took it too would send it twice. A crashed run's alerts wait one grace period.
        olderThanMs: SWEEP_GRACE_MS,
      });
      report.alerts += swept.delivered;
      report.warnings.push(...swept.errors);
    } catch (err) {
      report.warnings.push(
        `pending alerts could not be listed (${err instanceof Error ? err.message : String(err)}); the next cycle retries`,
      );
    }
  }
  report.durationMs = Date.now() - started;
  return report;
}

/** Runs `work` over `items` with at most `limit` in flight, keeping the input order in the result. */
async function pool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
