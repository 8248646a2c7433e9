/**
 * The monitor at scale, as `tollwatch run` wires it (runCycle, the CLI's pool of 4), over 1,000 local
 * outlets of 50 items: a first cycle that reads everything, then a second 15 minutes later in which
 * 900 feeds answer 304 and 100 have 3 new items. Reports wall and CPU time, peak RSS (sampled every
 * 50 ms), HTTP requests served, and DynamoDB requests and units by what they touched.
 * `npx tsx bench/cycle-scale.ts [--feeds N]`
 */
import { pathToFileURL } from "node:url";
import { parseConfig } from "../lib/config.ts";
import { HttpClient } from "../lib/ingest/http.ts";
import { type CycleReport, runCycle } from "../lib/monitor/cycle.ts";
import { feedSpecs } from "../lib/monitor/feeds.ts";
import type { AlertSink } from "../lib/notify/sink.ts";
import { alertPayload } from "../lib/notify/sink.ts";
import { createDynamoClient } from "../lib/store/client.ts";
import { DynamoStore } from "../lib/store/dynamo-store.ts";
import { feedPk } from "../lib/store/keys.ts";
import { ensureTable } from "../lib/store/table.ts";
import { type MeterCounts, readRequests, readUnits, writeRequests, writeUnits } from "./dynamo-meter.ts";
import { fmt } from "./measure.ts";
import type { SiteCounts } from "./scale-site.ts";
import { startWorld } from "./scale-world.ts";

export interface ScaleOptions {
  feeds: number;
  items: number;
  teaserEvery: number;
  /** Feeds (of every ten) that change before the second cycle. */
  changedPerTen: number;
  newItems: number;
  concurrency: number;
}

export const SCALE_DEFAULTS: ScaleOptions = {
  feeds: 1_000,
  items: 50,
  teaserEvery: 5,
  changedPerTen: 1,
  newItems: 3,
  concurrency: 4,
};

export interface CycleMeasurement {
  wallMs: number;
  cpuMs: number;
  peakRssMb: number;
  startRssMb: number;
  endHeapMb: number;
  report: Omit<CycleReport, "feeds">;
  skipped: number;
  notModified: number;
  site: SiteCounts;
  dynamo: MeterCounts;
  /** The world process (outlets, dynalite, proxies) at the end: not the monitor's memory. */
  worldRssMb: number;
}

export interface ScaleResult {
  options: ScaleOptions;
  first: CycleMeasurement;
  second: CycleMeasurement;
  changed: number;
  /** Feed-state writes made in the second cycle for feeds that answered 304. */
  unchangedWrites: number;
}

/**
 * Which feeds change before the second cycle: `perTen` of every block of ten, the position rotating
 * from block to block so that teaser and full-text feeds change in their proportion.
 */
export function changedFeeds(feeds: number, perTen: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < feeds; i++) {
    if ((i - Math.floor(i / 10) + 100) % 10 < perTen) out.push(i);
  }
  return out;
}

/** Samples the RSS every 50 ms while `work` runs; also its wall and CPU time. */
export async function sampled<T>(work: () => Promise<T>) {
  const startRss = process.memoryUsage().rss;
  let peak = startRss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const cpu = process.cpuUsage();
  const started = performance.now();
  try {
    const value = await work();
    const used = process.cpuUsage(cpu);
    peak = Math.max(peak, process.memoryUsage().rss);
    return {
      value,
      wallMs: performance.now() - started,
      cpuMs: (used.user + used.system) / 1000,
      peakRssMb: peak / 2 ** 20,
      startRssMb: startRss / 2 ** 20,
    };
  } finally {
    clearInterval(timer);
  }
}

class CountingSink implements AlertSink {
  readonly name = "bench";
  delivered = 0;
  async deliver(version: Parameters<AlertSink["deliver"]>[0], watchTitle?: string): Promise<void> {
    // Rendered as every sink renders it, so the wording's cost is in the figures.
    alertPayload(version, watchTitle);
    this.delivered++;
  }
}

export async function measureCycleScale(options: ScaleOptions = SCALE_DEFAULTS): Promise<ScaleResult> {
  const start = new Date(Date.UTC(2025, 2, 1, 12, 0, 0));
  const world = await startWorld({ ...options, meters: 1, start: start.toISOString() });
  const client = createDynamoClient({ endpoint: world.dynamo[0] as string, region: "us-east-1" });
  const http = new HttpClient({ allowPrivateHosts: ["127.0.0.1"], perHostDelayMs: 0 });
  try {
    const table = "tollwatch-bench";
    await ensureTable(client, table);
    const store = new DynamoStore(client, table);
    const config = parseConfig({}, null);
    const feeds = feedSpecs(world.feeds.map((f) => ({ url: f.url, name: f.name })));
    let clock = new Date(start.getTime() + 60_000);
    const deps = { http, store, sinks: [new CountingSink()], config, now: () => clock };
    await world.take();

    const cycle = async (): Promise<CycleMeasurement> => {
      const run = await sampled(() => runCycle(deps, feeds, { concurrency: options.concurrency }));
      const stats = await world.take();
      const { feeds: reports, ...report } = run.value;
      return {
        wallMs: run.wallMs,
        cpuMs: run.cpuMs,
        peakRssMb: run.peakRssMb,
        startRssMb: run.startRssMb,
        endHeapMb: process.memoryUsage().heapUsed / 2 ** 20,
        report,
        skipped: reports.reduce((sum, r) => sum + r.articlesSkipped, 0),
        notModified: reports.filter((r) => r.status === "not-modified").length,
        site: stats.site,
        dynamo: stats.meters[0] as MeterCounts,
        worldRssMb: stats.rssMb,
      };
    };
    const first = await cycle();
    const changed = changedFeeds(options.feeds, options.changedPerTen);
    await world.publish(changed, options.newItems);
    clock = new Date(start.getTime() + 16 * 60_000);
    const second = await cycle();
    const changedKeys = new Set(changed.map((i) => feedPk(feeds[i]?.id ?? "")));
    const unchangedWrites = second.dynamo.feedStateWrites.filter((pk) => !changedKeys.has(pk)).length;
    return { options, first, second, changed: changed.length, unchangedWrites };
  } finally {
    client.destroy();
    await http.close();
    await world.close();
  }
}

const n0 = (n: number) => fmt(n, 0);

export function dynamoLines(d: MeterCounts, indent = "    "): string[] {
  const ops = Object.entries(d.requests)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([op, n]) => `${op} ${n0(n)}`)
    .join(", ");
  const kinds = (tallies: MeterCounts["reads"]) =>
    Object.entries(tallies)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([kind, t]) => `${kind} ${n0(t.requests)}/${fmt(t.units, 1)}`)
      .join(", ");
  return [
    `${indent}DynamoDB: ${n0(readRequests(d))} reads = ${fmt(readUnits(d), 1)} RRU, ${n0(writeRequests(d))} writes = ${fmt(writeUnits(d), 0)} WRU (${n0(d.indexWriteUnits)} of them index), ${d.conditionalFailures} failed conditions; ${ops}`,
    `${indent}  reads by item (requests/RRU): ${kinds(d.reads) || "none"}`,
    `${indent}  writes by item (requests/WRU): ${kinds(d.writes) || "none"}`,
  ];
}

function cycleLines(label: string, m: CycleMeasurement): string[] {
  const r = m.report;
  const s = m.site;
  return [
    `  ${label}: ${fmt(m.wallMs / 1000, 1)} s wall, ${fmt(m.cpuMs / 1000, 1)} s CPU, peak RSS ${n0(m.peakRssMb)} MB (${n0(m.startRssMb)} MB before, heap ${n0(m.endHeapMb)} MB after)`,
    `    ${n0(r.articlesRead)} articles read, ${n0(m.skipped)} skipped as seen, ${n0(r.figures)} figures, ${r.opened} tallies opened, ${r.revised} revised, ${r.alerts} alerts; ${m.notModified} feeds 304, ${r.failures} failed, ${r.warnings.length} warnings`,
    `    HTTP served: feeds ${n0(s.feedOk)} x 200 + ${n0(s.feedNotModified)} x 304, pages ${n0(s.pageOk)} x 200 + ${n0(s.pageNotModified)} x 304, other ${s.other}; ${fmt(s.bytes / 2 ** 20, 1)} MB`,
    ...dynamoLines(m.dynamo),
    ...r.warnings.slice(0, 3).map((w) => `    warning: ${w}`),
  ];
}

export function formatCycleScale(result: ScaleResult): string[] {
  const { options: o, first, second } = result;
  const teasers = o.teaserEvery > 0 ? Math.ceil(o.feeds / o.teaserEvery) : 0;
  return [
    `cycle scale: ${n0(o.feeds)} feeds x ${o.items} items (${teasers} teaser feeds whose pages are fetched, ${o.feeds - teasers} full-text), each feed its own host on loopback, runCycle with concurrency ${o.concurrency}`,
    "  HTTP policy: perHostDelayMs 0 for this bench (default 1,000 ms between two requests to one host), perHostConcurrency 2 (default)",
    ...cycleLines("first cycle", first),
    ...cycleLines(
      `second cycle (+15 min; ${o.feeds - result.changed} unchanged, ${result.changed} with ${o.newItems} new items)`,
      second,
    ),
    `    writes for the ${o.feeds - result.changed} feeds that answered 304: ${result.unchangedWrites} (target 0; their state is rewritten once an hour at most)`,
    `  world process (outlets, dynalite, proxy): RSS ${n0(second.worldRssMb)} MB, not counted above`,
  ];
}

export async function benchCycleScale(options: ScaleOptions = SCALE_DEFAULTS): Promise<ScaleResult> {
  const result = await measureCycleScale(options);
  for (const line of formatCycleScale(result)) console.log(line);
  return result;
}

export function scaleOptionsFrom(argv: readonly string[]): ScaleOptions {
  const at = argv.indexOf("--feeds");
  if (at === -1) return SCALE_DEFAULTS;
  const feeds = Number(argv[at + 1]);
  if (!Number.isInteger(feeds) || feeds < 10) {
    throw new Error(`--feeds must be a whole number of at least 10, got "${argv[at + 1] ?? ""}"`);
  }
  return { ...SCALE_DEFAULTS, feeds };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  await benchCycleScale(scaleOptionsFrom(process.argv));
}
