/** Timing helpers shared by the benchmarks: warm up, then run for a minimum time and report rates. */
export interface Measurement {
  iterations: number;
  seconds: number;
  /** Highest resident set size seen while measuring, in MB. */
  peakRssMb: number;
  /** Resident set size before the first run, in MB: the process itself (Node, tsx, loaded modules). */
  startRssMb: number;
}

export function measure(
  task: () => void,
  options: { warmup?: number; minSeconds?: number } = {},
): Measurement {
  const warmup = options.warmup ?? 3;
  const minMs = (options.minSeconds ?? 2) * 1000;
  const startRss = process.memoryUsage().rss;
  for (let i = 0; i < warmup; i++) task();
  let peak = process.memoryUsage().rss;
  let iterations = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    task();
    iterations++;
    peak = Math.max(peak, process.memoryUsage().rss);
    elapsed = performance.now() - start;
  }
  return {
    iterations,
    seconds: elapsed / 1000,
    peakRssMb: peak / 1024 / 1024,
    startRssMb: startRss / 1024 / 1024,
  };
}

export const fmt = (n: number, digits = 1) =>
  n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
