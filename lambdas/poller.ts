/**
 * The poller: one SQS message is one feed to poll. It answers with partial batch failures, so one bad
 * message never sends the rest of the batch round again:
 * - a poison message (not JSON, not a feed message) is reported failed: SQS retries it and after
 *   maxReceiveCount moves it to the dead-letter queue, where a person can read it;
 * - a feed that is down or not a feed is recorded on the feed's state and counted (FeedFailures), and
 *   the message succeeds: the next schedule retries it, and a site being down is no dead-letter noise;
 * - a store failure, or anything unexpected, is reported failed so SQS hands the message back soon.
 */
import type { Logger } from "@aws-lambda-powertools/logger";
import type { Context, SQSBatchItemFailure, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { HttpClient } from "../lib/ingest/http.ts";
import { type FeedSpec, feedSpecs } from "../lib/monitor/feeds.ts";
import { type FeedReport, pollFeed } from "../lib/monitor/poll.ts";
import { decodeFeedMessage } from "./feed-message.ts";
import { allowPrivateHosts, asError, config, count, invocation, METRIC } from "./runtime.ts";
import { snsSink } from "./sns-client.ts";
import { store } from "./store-client.ts";

/** Feeds polled at once: different feeds, mostly different hosts; the HTTP client spaces each host. */
const CONCURRENCY = 3;
/** A record is not started with less time left than this; it is handed back to SQS instead. */
const START_BUDGET_MS = 60_000;

type Outcome = "done" | "retry";

let http: { client: HttpClient; allow: string } | undefined;

function httpClient(): HttpClient {
  const allow = allowPrivateHosts().join(",");
  // Rebuilt only when the allow-list changes, which happens in tests, never within one deployment.
  if (http?.allow !== allow) {
    http = { client: new HttpClient({ allowPrivateHosts: allowPrivateHosts() }), allow };
  }
  return http.client;
}

export async function handler(event: SQSEvent, context?: Context): Promise<SQSBatchResponse> {
  return invocation("poller", context, undefined, async (log) => {
    const configured = new Map(feedSpecs(config().feeds).map((feed) => [feed.id, feed]));
    const reports: FeedReport[] = [];
    const failed = new Set<string>();

    const records = event.Records ?? [];
    await eachLimited(records, CONCURRENCY, async (record) => {
      const recordLog = log.createChild({ persistentKeys: { handler: "poller" } });
      recordLog.setCorrelationId(record.messageId);
      if (context && context.getRemainingTimeInMillis() < START_BUDGET_MS) {
        recordLog.warn("not started: too little time left in this invocation; SQS will hand it back");
        failed.add(record.messageId);
        return;
      }
      const outcome = await handleRecord(record, configured, reports, recordLog).catch((err: unknown) => {
        recordLog.error("the poll failed unexpectedly; SQS will hand the message back", asError(err));
        return "retry" as const;
      });
      if (outcome === "retry") failed.add(record.messageId);
    });

    count({
      [METRIC.feedsPolled]: reports.length,
      [METRIC.feedsNotModified]: reports.filter((r) => r.status === "not-modified").length,
      [METRIC.feedFailures]: reports.filter((r) => r.failure === "feed").length,
      [METRIC.articlesRead]: sum(reports, (r) => r.articlesRead),
      [METRIC.figures]: sum(reports, (r) => r.figures),
      [METRIC.revisions]: sum(reports, (r) => r.revised),
      [METRIC.alertsSent]: sum(reports, (r) => r.alerts),
    });
    // In the batch's order, whatever order the lanes finished in.
    const batchItemFailures: SQSBatchItemFailure[] = records
      .filter((record) => failed.has(record.messageId))
      .map((record) => ({ itemIdentifier: record.messageId }));
    return { batchItemFailures };
  });
}

async function handleRecord(
  record: SQSRecord,
  configured: ReadonlyMap<string, FeedSpec>,
  reports: FeedReport[],
  log: Logger,
): Promise<Outcome> {
  const message = decodeFeedMessage(record.body);
  if (!message.ok) {
    log.error("poison message: reported failed, so it ends in the dead-letter queue", {
      problem: message.problem,
      receiveCount: record.attributes?.ApproximateReceiveCount,
      body: record.body.slice(0, 500),
    });
    return "retry";
  }
  // The configured feed, not the message's copy: feed URLs skip the SSRF guard because the owner wrote
  // them, and a message is not the owner's config.
  const feed = configured.get(message.feed.id);
  if (feed === undefined) {
    log.warn("dropped: the feed is no longer in the deployed config", { feed: message.feed.id });
    return "done";
  }
  const report = await pollFeed(
    { http: httpClient(), store: store(), sinks: [snsSink()], config: config(), now: () => new Date() },
    feed,
  );
  reports.push(report);
  const summary = { ...report, warnings: report.warnings.slice(0, 20) };
  if (report.failure === "store") {
    log.error("the store failed; SQS will hand the message back", summary);
    return "retry";
  }
  if (report.failure === "feed") log.warn("the feed failed; it is tried again next schedule", summary);
  else log.info("feed polled", summary);
  return "done";
}

/** Runs `work` over the items with at most `limit` at once. */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

function sum(reports: readonly FeedReport[], pick: (report: FeedReport) => number): number {
  return reports.reduce((total, report) => total + pick(report), 0);
}
