/**
 * How a cycle shows itself. On a terminal: a progress bar over feeds and articles (cli-progress, on
 * stderr) with alerts and problems printed above it. Otherwise: one plain line per feed. With --json:
 * one JSON object per feed and per cycle on stdout. A feed that keeps failing is reported when it starts
 * failing and when it recovers, not every cycle, so a watcher left running offline stays readable.
 */
import { MultiBar, Presets, type SingleBar } from "cli-progress";
import type { CycleEvent, CycleReport, FeedReport } from "../monitor/cycle.ts";
import type { GlobalOptions } from "./global-options.ts";
import type { CliIO } from "./io.ts";

export interface CycleOutput {
  /** Alert text and other results: above the bar on a terminal, stdout otherwise. */
  result(text: string): void;
  cycleStart(feeds: number): void;
  onEvent(event: CycleEvent): void;
  cycleDone(report: CycleReport, label: string): void;
  stop(): void;
}

export function createCycleOutput(io: CliIO, globals: GlobalOptions): CycleOutput {
  if (globals.json) return new JsonOutput(io);
  if (io.interactive && !globals.quiet) return new BarOutput(io);
  return new LineOutput(io, globals.quiet);
}

/** Remembers each feed's last outcome across cycles, to report changes rather than repeats. */
class FailureMemory {
  readonly #failing = new Map<string, string>();
  /** The line to print for this report, or null when it only repeats what was said. */
  line(report: FeedReport): string | null {
    const label = report.name ?? report.feed;
    const before = this.#failing.get(report.feed);
    if (report.status === "failed") {
      const error = report.error ?? "failed";
      this.#failing.set(report.feed, error);
      if (before === error) return null;
      return `feed ${label} failed: ${error}${before === undefined ? "" : " (it had failed before)"}`;
    }
    this.#failing.delete(report.feed);
    return before === undefined ? null : `feed ${label} recovered`;
  }
}

function feedLine(report: FeedReport): string {
  const label = report.name ?? report.feed;
  if (report.status === "not-modified") return `${label}: not modified`;
  const alerts = report.alerts === 1 ? "1 alert" : `${report.alerts} alerts`;
  return (
    `${label}: ${report.items} items, ${report.articlesRead} read, ${report.figures} figures, ` +
    `${report.opened} opened, ${report.revised} revised, ${alerts} (${(report.durationMs / 1000).toFixed(1)} s)`
  );
}

export function cycleLine(report: CycleReport, label: string): string {
  const ok = report.feeds.length - report.failures;
  return (
    `${label}: ${report.feeds.length} feeds (${ok} ok, ${report.failures} failed), ${report.articlesRead} articles read, ` +
    `${report.figures} figures, ${report.opened} tallies opened, ${report.revised} revised, ` +
    `${report.alerts} alerts sent in ${(report.durationMs / 1000).toFixed(1)} s`
  );
}

class LineOutput implements CycleOutput {
  readonly #memory = new FailureMemory();
  constructor(
    private readonly io: CliIO,
    private readonly quiet: boolean,
  ) {}
  result(text: string): void {
    this.io.out(text);
  }
  cycleStart(): void {}
  onEvent(event: CycleEvent): void {
    if (event.type !== "feed-done") return;
    const change = this.#memory.line(event.report);
    if (change !== null) this.io.err(`${change}\n`);
    if (this.quiet) return;
    if (event.report.status !== "failed") this.io.err(`${feedLine(event.report)}\n`);
    for (const warning of event.report.warnings) this.io.err(`  warning: ${warning}\n`);
  }
  cycleDone(report: CycleReport, label: string): void {
    if (!this.quiet) this.io.out(`${cycleLine(report, label)}\n`);
  }
  stop(): void {}
}

class JsonOutput implements CycleOutput {
  constructor(private readonly io: CliIO) {}
  result(text: string): void {
    this.io.out(text);
  }
  cycleStart(): void {}
  onEvent(event: CycleEvent): void {
    if (event.type === "feed-done") this.io.out(`${JSON.stringify({ type: "feed", ...event.report })}\n`);
  }
  cycleDone(report: CycleReport, label: string): void {
    const { feeds: _feeds, ...summary } = report;
    this.io.out(`${JSON.stringify({ type: "cycle", label, ...summary })}\n`);
  }
  stop(): void {}
}

class BarOutput implements CycleOutput {
  readonly #memory = new FailureMemory();
  #bars: MultiBar | null = null;
  #feeds: SingleBar | null = null;
  #articles: SingleBar | null = null;
  constructor(private readonly io: CliIO) {}

  result(text: string): void {
    if (this.#bars === null) this.io.out(text);
    else this.#bars.log(text.endsWith("\n") ? text : `${text}\n`);
  }

  onEvent(event: CycleEvent): void {
    const bars = this.#ensureBars();
    if (event.type === "feed-items")
      this.#articles?.setTotal((this.#articles?.getTotal() ?? 0) + event.items);
    if (event.type === "article") this.#articles?.increment(1, { current: shorten(event.doc) });
    if (event.type === "feed-done") {
      this.#feeds?.increment(1, { current: event.report.name ?? event.report.feed });
      const change = this.#memory.line(event.report);
      if (change !== null) bars.log(`${change}\n`);
    }
  }

  cycleStart(feeds: number): void {
    this.#ensureBars();
    this.#feeds?.setTotal(feeds);
  }

  cycleDone(report: CycleReport, label: string): void {
    this.stop();
    this.io.out(`${cycleLine(report, label)}\n`);
  }

  stop(): void {
    this.#bars?.stop();
    this.#bars = null;
  }

  #ensureBars(): MultiBar {
    if (this.#bars !== null) return this.#bars;
    const bars = new MultiBar(
      {
        format: " {bar} {value}/{total} {unit} {current}",
        stream: process.stderr,
        hideCursor: true,
        clearOnComplete: true,
        autopadding: true,
      },
      Presets.shades_classic,
    );
    this.#bars = bars;
    this.#feeds = bars.create(0, 0, { unit: "feeds   ", current: "" });
    this.#articles = bars.create(0, 0, { unit: "articles", current: "" });
    return bars;
  }
}

function shorten(text: string): string {
  return text.length > 50 ? `…${text.slice(-49)}` : text;
}
