/**
 * The sweep: run on a schedule, it re-sends the alerts a poller committed but could not deliver (SNS
 * down, the poller killed between commit and publish). Only alerts older than five minutes: a poller
 * delivers its own fresh alerts right after committing them, and the sweep must not race it.
 */
import type { Context } from "aws-lambda";
import { deliverPending, SWEEP_GRACE_MS } from "../lib/monitor/deliver.ts";
import { count, invocation, METRIC, optionalConfig } from "./runtime.ts";
import { snsSink } from "./sns-client.ts";
import { store } from "./store-client.ts";

export interface SweepResult {
  delivered: number;
  failed: number;
  /** Of delivered: alerts another notifier had marked sent first (published twice, allowed). */
  alreadySent: number;
}

/**
 * The event is not read: the sweep works from the table, whenever it runs. A failure to list the
 * pending alerts throws, so the scheduler's retry policy runs it again; a failure to deliver one alert
 * leaves it pending for the next sweep and is counted in AlertsFailed.
 */
export async function handler(_event: unknown, context?: Context): Promise<SweepResult> {
  return invocation("sweep", context, undefined, async (log) => {
    // Titles only word the alert; a sweep bundled without the config still delivers.
    const watches = optionalConfig()?.watches ?? [];
    const result = await deliverPending({
      store: store(),
      sinks: [snsSink()],
      watchTitles: new Map(watches.map((watch) => [watch.id, watch.title])),
      now: () => new Date(),
      olderThanMs: SWEEP_GRACE_MS,
    });
    count({ [METRIC.alertsSent]: result.delivered, [METRIC.alertsFailed]: result.failed });
    const summary = {
      delivered: result.delivered,
      failed: result.failed,
      alreadySent: result.alreadySent ?? 0,
    };
    if (result.failed > 0) {
      log.warn("alerts left pending for the next sweep", { ...summary, errors: result.errors.slice(0, 20) });
    } else {
      log.info("sweep done", summary);
    }
    return summary;
  });
}
