/**
 * The planner: run by EventBridge Scheduler every SCHEDULE_RATE_MINUTES, it queues one message per feed
 * that is due in this slot. Due-ness comes from the clock alone (dueFeeds), so the planner reads no table.
 */
import { SendMessageBatchCommand, type SendMessageBatchRequestEntry } from "@aws-sdk/client-sqs";
import type { Context } from "aws-lambda";
import * as z from "zod/mini";
import { dueFeeds, type FeedSpec, feedSpecs } from "../lib/monitor/feeds.ts";
import { encodeFeedMessage } from "./feed-message.ts";
import "./zod-messages.ts";
import { config, count, invocation, METRIC, requireEnv, scheduleRateMinutes } from "./runtime.ts";
import { sqs } from "./sqs-client.ts";

/** SendMessageBatch takes at most 10 entries. */
const BATCH = 10;
/** Retries of the entries SQS reports as failed, before the invocation fails and the scheduler retries. */
const ENTRY_RETRIES = 2;

/**
 * Whatever input the schedule is given; `time` (EventBridge's scheduled time, or the scheduler's
 * <aws.scheduler.scheduled-time> placed there) fixes the slot, so a late or retried run plans the slot
 * it was meant for.
 */
const eventSchema = z.nullish(
  z.looseObject({
    time: z.optional(
      z.string().check(
        z.refine((time) => !Number.isNaN(Date.parse(time)), {
          error: (issue) =>
            `time ${JSON.stringify(issue.input)} is not an ISO 8601 time: give e.g. "2020-11-14T12:00:00Z" or leave it out`,
        }),
      ),
    ),
  }),
);

export interface PlannerResult {
  due: number;
  sent: number;
}

export class PlannerSendError extends Error {
  override name = "PlannerSendError";
}

export async function handler(event: unknown, context?: Context): Promise<PlannerResult> {
  return invocation("planner", context, undefined, async (log) => {
    const parsed = z.safeParse(eventSchema, event);
    if (!parsed.success) throw new Error(`planner event: ${parsed.error.issues[0]?.message ?? "invalid"}`);
    const now = parsed.data?.time ? new Date(parsed.data.time) : new Date();
    const previous = new Date(now.getTime() - scheduleRateMinutes() * 60_000);
    const due = dueFeeds(feedSpecs(config().feeds), now, previous);
    const queueUrl = requireEnv("QUEUE_URL");

    let sent = 0;
    try {
      for (let start = 0; start < due.length; start += BATCH) {
        sent += await sendBatch(queueUrl, due.slice(start, start + BATCH));
      }
    } finally {
      count({ [METRIC.feedsQueued]: sent });
    }
    log.info("feeds queued", { at: now.toISOString(), due: due.length, sent, feeds: due.map((f) => f.id) });
    return { due: due.length, sent };
  });
}

/** Sends one batch; the entries SQS refuses are sent again, then the invocation fails if any still are. */
async function sendBatch(queueUrl: string, feeds: readonly FeedSpec[]): Promise<number> {
  let entries: SendMessageBatchRequestEntry[] = feeds.map((feed, i) => ({
    Id: `feed${i}`,
    MessageBody: encodeFeedMessage(feed),
  }));
  const byId = new Map(feeds.map((feed, i) => [`feed${i}`, feed]));
  let sent = 0;
  let attempts = 0;
  let problems: string[] = [];
  while (attempts <= ENTRY_RETRIES && entries.length > 0) {
    if (attempts++ > 0) await new Promise((resolve) => setTimeout(resolve, 200 * attempts));
    // A request that fails as a whole was already retried by the SDK; its error ends the invocation.
    const out = await sqs().send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
    sent += out.Successful?.length ?? 0;
    const failed = out.Failed ?? [];
    problems = failed.map(
      (f) => `${byId.get(f.Id ?? "")?.url ?? f.Id}: ${f.Code ?? "error"} ${f.Message ?? ""}`,
    );
    // A sender fault (a malformed entry) fails the same way every time.
    if (failed.some((f) => f.SenderFault)) break;
    const retry = new Set(failed.map((f) => f.Id));
    entries = entries.filter((entry) => retry.has(entry.Id));
  }
  if (problems.length > 0) {
    throw new PlannerSendError(
      `SQS refused ${problems.length} of ${feeds.length} messages (${attempts} attempt${attempts === 1 ? "" : "s"}: ${problems.join("; ").trim()}); the schedule's retry runs the planner again, and feeds already queued are polled twice, harmlessly`,
    );
  }
  return sent;
}
