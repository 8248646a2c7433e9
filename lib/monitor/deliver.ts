/**
 * The notifier: publish pending alerts, then mark them sent. Delivery is at least once: an alert is
 * marked only after every sink took it, so a process that dies between publishing and marking leaves
 * it pending and the next run sends it again (the one duplicate the design allows). The mark is
 * conditional, so of two notifiers racing on one alert exactly one marks it; both may have published.
 */
import type { TallyVersion } from "../model/tally.ts";
import { describeCause } from "../notify/errors.ts";
import { type AlertSink, alertId } from "../notify/sink.ts";
import type { AlertStore, TallyStore } from "../store/ports.ts";

/**
 * How old a pending alert must be before a sweep re-sends it: far longer than a publish takes (the
 * SDK's retries included), so a sweep never races the process that committed the alert and is
 * delivering it now. Shared by the CLI's end-of-cycle sweep and the sweep Lambda.
 */
export const SWEEP_GRACE_MS = 5 * 60_000;

export interface DeliveryResult {
  /** Alerts every sink took (including those another notifier marked first). */
  delivered: number;
  /** Alerts left pending because a sink or the store failed; the next run retries them. */
  failed: number;
  /** One line per failure: which alert, which sink, and the sink's own message. */
  errors: string[];
  /** Of `delivered`, those another notifier had already marked sent: published twice, not a fault. */
  alreadySent?: number;
}

export interface DeliveryDeps {
  store: AlertStore & TallyStore;
  sinks: AlertSink[];
  /** Watch id -> title, for the alert's wording. */
  watchTitles?: ReadonlyMap<string, string>;
  now?: () => Date;
  /**
   * The sweep: only alerts observed more than this long ago. A cycle delivers its own alerts right
   * after committing them; the sweep picks up what such a cycle left behind without racing it.
   */
  olderThanMs?: number;
}

export async function deliverPending(deps: DeliveryDeps): Promise<DeliveryResult> {
  const now = deps.now ?? (() => new Date());
  let pending = await deps.store.pendingAlerts();
  if (deps.olderThanMs !== undefined) {
    const cutoff = now().getTime() - deps.olderThanMs;
    pending = pending.filter((version) => Date.parse(version.observedAt) < cutoff);
  }
  return deliverVersions(deps, pending);
}

/**
 * Delivers the given versions' alerts, each only if it is still pending when re-read. A poller hands it
 * the versions it has just committed: no one else committed them, so no other poller delivers them too,
 * and the index (which lags) is not needed.
 */
export async function deliverVersions(
  deps: DeliveryDeps,
  versions: readonly TallyVersion[],
): Promise<DeliveryResult> {
  const { store, sinks, watchTitles } = deps;
  const now = deps.now ?? (() => new Date());
  const result = { delivered: 0, failed: 0, errors: [] as string[], alreadySent: 0 };
  for (const listed of versions) {
    if (listed.alertState !== "pending") continue;
    const outcome = await deliverOne(store, sinks, listed, watchTitles?.get(listed.key.watch), now);
    if (outcome === "skipped") continue;
    if (Array.isArray(outcome)) {
      result.failed++;
      result.errors.push(...outcome);
      continue;
    }
    result.delivered++;
    if (outcome === "already-sent") result.alreadySent++;
  }
  return result;
}

type Outcome = "skipped" | "marked" | "already-sent" | string[];

async function deliverOne(
  store: AlertStore & TallyStore,
  sinks: AlertSink[],
  listed: TallyVersion,
  watchTitle: string | undefined,
  now: () => Date,
): Promise<Outcome> {
  const id = alertId(listed);
  let version: TallyVersion | null;
  try {
    // The pending index lags the table: what it lists may have been sent a moment ago.
    version = await store.getVersion(listed.key, listed.version);
  } catch (cause) {
    return [`${id}: could not re-read the version (${describeCause(cause)}); it stays pending`];
  }
  if (version === null || version.alertState !== "pending") return "skipped";

  const errors: string[] = [];
  // Every sink is tried even after one fails, so a broken webhook does not silence the console; the
  // alert stays pending and the next run re-sends it to all sinks (at least once, per sink).
  for (const sink of sinks) {
    try {
      await sink.deliver(version, watchTitle);
    } catch (cause) {
      const message = cause instanceof Error ? cause.message : String(cause);
      errors.push(`${id} via ${sink.name}: ${message.replace(/\s+/g, " ").trim()}`);
    }
  }
  if (errors.length > 0) return errors;

  try {
    const marked = await markSent(store, version, now);
    return marked ? "marked" : "already-sent";
  } catch (cause) {
    return [`${id}: delivered but could not be marked sent (${describeCause(cause)}); it will be sent again`];
  }
}

/** DynamoStore.markAlertSent takes the send time as an optional third argument; the port does not. */
function markSent(store: AlertStore, version: TallyVersion, now: () => Date): Promise<boolean> {
  const mark = store.markAlertSent as (key: TallyVersion["key"], n: number, at?: string) => Promise<boolean>;
  return mark.call(store, version.key, version.version, now().toISOString());
}
