/**
 * `tollwatch run` (one cycle over every configured feed) and `tollwatch watch --every 15m` (cycles on a
 * schedule until stopped). The first signal lets the cycle in flight finish, so nothing it committed
 * is left undelivered; a second signal exits at once (a commit interrupted there is redone next time).
 */
import { resolve } from "node:path";
import type { Config } from "../config.ts";
import { formatDuration, parseDuration } from "../duration.ts";
import { TollWatchError } from "../ingest/errors.ts";
import { HttpClient } from "../ingest/http.ts";
import { type CycleReport, runCycle } from "../monitor/cycle.ts";
import { dueFeeds, type FeedSpec, feedSpecs } from "../monitor/feeds.ts";
import { createCycleOutput } from "./cycle-output.ts";
import { UsageError } from "./exit-codes.ts";
import type { GlobalOptions } from "./global-options.ts";
import type { CliIO } from "./io.ts";
import { buildSinks, loadCliConfig } from "./monitor-setup.ts";
import {
  announceEngine,
  DEFAULT_DATA_DIR,
  openStore,
  type StoreOptions,
  type StoreSession,
} from "./store-session.ts";

export interface MonitorOptions extends StoreOptions {
  config?: string;
  concurrency?: string;
  allowPrivateHost?: string[];
}

export interface WatchOptions extends MonitorOptions {
  every?: string;
  cycles?: string;
}

/** Signals and exit, injectable so tests can drive a watcher in-process. */
export interface ProcessControl {
  on(signal: "SIGINT" | "SIGTERM", listener: () => void): void;
  off(signal: "SIGINT" | "SIGTERM", listener: () => void): void;
  exit(code: number): void;
}

const DEFAULT_EVERY = "15m";
const DEFAULT_CONCURRENCY = 4;

/** Thrown when at least one feed failed: the exit code says so, after every feed has had its turn. */
class FeedsFailedError extends TollWatchError {}

export async function runCommand(options: MonitorOptions, globals: GlobalOptions, io: CliIO): Promise<void> {
  const report = await withMonitor(options, globals, io, async (cycle, feeds) => cycle(feeds, "cycle"));
  if (report.failures > 0) {
    const others = report.failures === report.feeds.length ? "" : "; the others were read";
    throw new FeedsFailedError(
      `${report.failures} of ${report.feeds.length} feeds failed (see above)${others}`,
    );
  }
}

export async function watchCommand(
  options: WatchOptions,
  globals: GlobalOptions,
  io: CliIO,
  control: ProcessControl = process,
): Promise<void> {
  const everyMs = parseDuration(options.every ?? DEFAULT_EVERY);
  if (everyMs === null || everyMs < 1000) {
    throw new UsageError(`--every must be a duration of at least 1s, e.g. 15m or 1h; got "${options.every}"`);
  }
  const maxCycles =
    options.cycles === undefined ? Number.POSITIVE_INFINITY : positiveInt(options.cycles, "--cycles");
  await withMonitor(options, globals, io, async (cycle, feeds) => {
    let stopping = false;
    let wake: (() => void) | null = null;
    const onSignal = () => {
      if (stopping) {
        io.err("second signal: exiting now\n");
        control.exit(130);
        return;
      }
      stopping = true;
      io.err("stopping after the cycle in flight (signal again to exit now)\n");
      wake?.();
    };
    control.on("SIGINT", onSignal);
    control.on("SIGTERM", onSignal);
    if (!globals.quiet && !globals.json)
      io.err(`watching ${feeds.length} feeds every ${formatDuration(everyMs)}\n`);
    let previousAt: Date | null = null;
    let last: CycleReport | null = null;
    try {
      for (let n = 1; n <= maxCycles && !stopping; n++) {
        const startedAt = new Date();
        last = await cycle(dueFeeds(feeds, startedAt, previousAt), `cycle ${n}`);
        previousAt = startedAt;
        if (n === maxCycles || stopping) break;
        const wait = Math.max(0, startedAt.getTime() + everyMs - Date.now());
        await new Promise<void>((done) => {
          const timer = setTimeout(done, wait);
          wake = () => {
            clearTimeout(timer);
            done();
          };
        });
        wake = null;
      }
    } finally {
      control.off("SIGINT", onSignal);
      control.off("SIGTERM", onSignal);
    }
    return last;
  });
}

type Cycle = (feeds: readonly FeedSpec[], label: string) => Promise<CycleReport>;

async function withMonitor<T>(
  options: MonitorOptions,
  globals: GlobalOptions,
  io: CliIO,
  body: (cycle: Cycle, feeds: FeedSpec[], config: Config) => Promise<T>,
): Promise<T> {
  const config = await loadCliConfig(options.config);
  const feeds = feedSpecs(config.feeds);
  if (feeds.length === 0) {
    throw new UsageError(
      `${config.source ?? "the default config"} lists no feeds: add some under "feeds" (see the README), or pass --config FILE`,
    );
  }
  const concurrency =
    options.concurrency === undefined
      ? DEFAULT_CONCURRENCY
      : positiveInt(options.concurrency, "--concurrency");
  const session = (await openStore(options, "write")) as StoreSession;
  const withdraw = session.ownsEngine
    ? await announceEngine(resolve(options.data ?? DEFAULT_DATA_DIR), session.endpoint)
    : async () => {};
  const http = new HttpClient({ allowPrivateHosts: options.allowPrivateHost ?? [] });
  const output = createCycleOutput(io, globals);
  const sinks = buildSinks(config.sinks, { text: (text) => output.result(text), json: globals.json });
  const cycle: Cycle = async (due, label) => {
    output.cycleStart(due.length);
    const report = await runCycle(
      { http, store: session.store, sinks, config, now: () => new Date(), onEvent: (e) => output.onEvent(e) },
      due,
      { concurrency },
    );
    output.cycleDone(report, label);
    return report;
  };
  try {
    return await body(cycle, feeds, config);
  } finally {
    output.stop();
    await withdraw();
    await http.close();
    await session.close();
  }
}

function positiveInt(value: string, option: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`${option} must be a whole number of 1 or more; got "${value}"`);
  return n;
}
