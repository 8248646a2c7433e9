/**
 * `tollwatch demo`: the real monitor against a local news site that publishes the 2020 Karabakh war's
 * official tolls over fifteen simulated days. Offline, in memory unless --data is given.
 */
import { join, resolve } from "node:path";
import { runDemo } from "../demo/run.ts";
import { formatDuration, parseDuration } from "../duration.ts";
import { UsageError } from "./exit-codes.ts";
import type { GlobalOptions } from "./global-options.ts";
import { type CliIO, writeJsonLine } from "./io.ts";
import { DEFAULT_DATA_DIR } from "./store-session.ts";

export interface DemoCommandOptions {
  out?: string;
  data?: string;
  pace?: string;
}

/** Long enough on a terminal to see alerts arrive day by day, short enough to stay well under 10 s. */
const TERMINAL_PACE_MS = 250;

export async function demoCommand(
  options: DemoCommandOptions,
  globals: GlobalOptions,
  io: CliIO,
): Promise<void> {
  const paceMs =
    options.pace === undefined ? (io.interactive ? TERMINAL_PACE_MS : 0) : parseDuration(options.pace);
  if (paceMs === null || paceMs > 10_000) {
    throw new UsageError(`--pace must be a duration up to 10s, e.g. 250ms or 0; got "${options.pace}"`);
  }
  const chartPath = resolve(options.out ?? join(DEFAULT_DATA_DIR, "demo-chart.html"));
  const summary = await runDemo({
    out: globals.json || globals.quiet ? () => {} : io.out,
    dataDir: options.data === undefined ? null : resolve(options.data),
    chartPath,
    stepDelayMs: paceMs,
    columns: io.columns,
  });
  if (globals.json) {
    for (const alert of summary.alerts) writeJsonLine(io, { type: "alert", ...alert });
    writeJsonLine(io, {
      type: "demo",
      steps: summary.steps,
      wallMs: summary.wallMs,
      chart: summary.chartPath,
    });
  } else if (globals.quiet) {
    io.out(`${summary.chartPath}\n`);
  } else if (paceMs > 0) {
    io.err(`(paced at ${formatDuration(paceMs)} per simulated day; --pace 0 runs it flat out)\n`);
  }
}
