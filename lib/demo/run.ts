/**
 * `tollwatch demo`: the real monitor, end to end over HTTP, against the demo's news server. Each step
 * publishes one simulated day's articles, sets the clock to noon that day and runs one monitor cycle;
 * alerts print as the notifier delivers them. Then the history table, and the chart written to a file.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { DeleteTableCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { renderHistoryTable } from "../cli/history-command.ts";
import { DEFAULT_HTTP_POLICY, HttpClient } from "../ingest/http.ts";
import type { Qualifier } from "../model/figure.ts";
import type { TallyVersion } from "../model/tally.ts";
import { type CycleReport, type FeedSpec, runCycle } from "../monitor/cycle.ts";
import { history } from "../monitor/history.ts";
import type { AlertSink } from "../notify/sink.ts";
import { formatDelta, formatNumber } from "../notify/text.ts";
import { statedValue } from "../notify/wording.ts";
import { renderChart } from "../report/chart.ts";
import { createDynamoClient } from "../store/client.ts";
import { DynamoStore } from "../store/dynamo-store.ts";
import { startEmbeddedDynamo } from "../store/embedded.ts";
import { ensureTable } from "../store/table.ts";
import { DEMO_CONFIG, type ExpectedAlert } from "./expected.ts";
import { ARTICLES, articlePath, clockAt, OUTLETS, STEPS } from "./script.ts";
import { startDemoServer } from "./server.ts";

/** The demo's own table: a data folder shared with real runs never has its tallies mixed with the demo's. */
export const DEMO_TABLE = "tollwatch-demo";

export interface DemoOptions {
  out: (text: string) => void;
  /** Keep the demo's store in this folder (table DEMO_TABLE, emptied first); in memory when absent. */
  dataDir?: string | null;
  /** Where the chart (one HTML page) is written. */
  chartPath: string;
  /** A pause between simulated days, to watch the alerts arrive; 0 by default. */
  stepDelayMs?: number;
  /** Width to fit the history table to; null (the default) cuts nothing. */
  columns?: number | null;
}

/** One alert as the demo saw it delivered: what was expected, and what it said. */
export interface DemoAlert extends Omit<ExpectedAlert, "article"> {
  qualifier: Qualifier;
  claimant: string | null;
  statedOn: string | null;
  outlet: string | null;
  /** The article's URL, and its id in the demo script (null if the URL is not one of the script's). */
  doc: string;
  article: string | null;
}

export interface DemoSummary {
  alerts: DemoAlert[];
  steps: number;
  wallMs: number;
  chartPath: string;
}

const FORMAT_NAMES = { rss: "RSS 2.0", atom: "Atom", "rss-full": "RSS 2.0 with full text" } as const;

/** Prints each alert on one or two lines as it is delivered, and keeps it for the summary. */
class DemoSink implements AlertSink {
  readonly name = "demo";
  readonly alerts: DemoAlert[] = [];
  day = "";
  constructor(private readonly out: (text: string) => void) {}

  async deliver(version: TallyVersion): Promise<void> {
    const alert = toDemoAlert(version, this.day);
    this.alerts.push(alert);
    const { party, population, category } = version.key;
    const change =
      alert.from === null
        ? statedValue(version)
        : `${formatNumber(alert.from)} -> ${statedValue(version)} (${formatDelta(alert.to - alert.from)})`;
    const label = alert.kind === "open" ? "OPENED " : "REVISED";
    this.out(`  ${alert.day}  ${label}  ${party} ${population} ${category}: ${change}\n`);
    const stated = alert.statedOn === null ? "undated" : `stated ${alert.statedOn}`;
    this.out(
      `${" ".repeat(23)}${alert.claimant ?? "claimant unknown"}, ${stated} · ${alert.outlet ?? "?"}\n`,
    );
  }
}

function toDemoAlert(version: TallyVersion, day: string): DemoAlert {
  const evidence = version.evidence[0];
  const doc = evidence?.doc ?? "";
  const path = URL.canParse(doc) ? new URL(doc).pathname : doc;
  return {
    day,
    kind: version.kind,
    party: version.key.party,
    population: version.key.population,
    category: version.key.category,
    from: version.previousValue,
    to: version.value,
    qualifier: version.qualifier,
    claimant: version.claimant,
    statedOn: version.statedOn,
    outlet: evidence?.outlet ?? null,
    doc,
    article: ARTICLES.find((a) => articlePath(a) === path)?.id ?? null,
  };
}

/**
 * Runs the whole demo and prints as it goes.
 *
 * @throws Error when the data folder cannot be opened (another process holds it) or the chart cannot be written.
 */
export async function runDemo(options: DemoOptions): Promise<DemoSummary> {
  const started = Date.now();
  const { out } = options;
  const chartPath = resolve(options.chartPath);
  const sink = new DemoSink(out);
  const server = await startDemoServer();
  let engine: Awaited<ReturnType<typeof startEmbeddedDynamo>> | null = null;
  let client: DynamoDBClient | null = null;
  const http = new HttpClient({
    perHostDelayMs: 0,
    allowPrivateHosts: ["127.0.0.1"],
    retry: { ...DEFAULT_HTTP_POLICY.retry, retries: 0 },
  });
  try {
    engine = await openEngine(options.dataDir ?? null);
    client = createDynamoClient({ endpoint: engine.endpoint });
    if (options.dataDir) await dropTable(client, DEMO_TABLE);
    await ensureTable(client, DEMO_TABLE);
    const store = new DynamoStore(client, DEMO_TABLE);
    const watch = DEMO_CONFIG.watches[0];
    const feeds: FeedSpec[] = server.feeds.map((f) => ({
      id: f.url,
      url: f.url,
      name: f.outlet.name,
      everyMs: null,
      keywords: [],
    }));

    out(`Toll Watch demo: ${OUTLETS.length} fictional outlets, ${ARTICLES.length} articles over `);
    out(`${STEPS.length} simulated days, watching "${watch?.title}"\n`);
    for (const f of server.feeds) out(`  ${f.outlet.name} (${FORMAT_NAMES[f.outlet.format]}): ${f.url}\n`);

    let clock = clockAt(0);
    const deps = { http, store, sinks: [sink], config: DEMO_CONFIG, now: () => clock };
    for (let step = 0; step < STEPS.length; step++) {
      if (step > 0 && (options.stepDelayMs ?? 0) > 0) await sleep(options.stepDelayMs ?? 0);
      server.advanceTo(step);
      clock = clockAt(step);
      sink.day = STEPS[step] ?? "";
      out(`\n${sink.day} ${clock.toLocaleDateString("en-GB", { weekday: "long", timeZone: "UTC" })}\n`);
      const report = await runCycle(deps, feeds);
      out(cycleSummary(report));
    }

    const versions = await history(store, {});
    out(`\nHistory: every version of every toll, newest first\n`);
    out(renderHistoryTable(versions, options.columns ?? null));
    const titles = new Map(DEMO_CONFIG.watches.map((w) => [w.id, w.title]));
    const chart = renderChart(versions, {
      title: "Toll Watch demo: Nagorno-Karabakh war 2020",
      generatedAt: new Date().toISOString(),
      watchTitles: titles,
    });
    await mkdir(dirname(chartPath), { recursive: true });
    await writeFile(chartPath, chart);
    out(`\nChart written to ${chartPath}\n`);
    if (options.dataDir) {
      out(`The demo's store is in ${resolve(options.dataDir)} (table ${DEMO_TABLE}): `);
      out(`tollwatch history --data ${options.dataDir} --table ${DEMO_TABLE}\n`);
    }
  } finally {
    await http.close();
    client?.destroy();
    await engine?.close();
    await server.close();
  }
  const wallMs = Date.now() - started;
  const opened = sink.alerts.filter((a) => a.kind === "open").length;
  out(
    `\n${sink.alerts.length} alerts (${opened} opened, ${sink.alerts.length - opened} revised) from ` +
      `${ARTICLES.length} articles over ${STEPS.length} simulated days, in ${(wallMs / 1000).toFixed(1)} s\n`,
  );
  return { alerts: sink.alerts, steps: STEPS.length, wallMs, chartPath };
}

async function openEngine(dataDir: string | null) {
  if (dataDir === null) return startEmbeddedDynamo();
  await mkdir(dataDir, { recursive: true });
  try {
    return await startEmbeddedDynamo({ path: dataDir });
  } catch (cause) {
    throw new Error(
      `the data folder ${resolve(dataDir)} could not be opened (${String(cause)}): is a tollwatch watcher using it? stop it, or run the demo without a data folder`,
      { cause },
    );
  }
}

/** Each run starts from an empty demo table, so its alerts are the same every time. */
async function dropTable(client: DynamoDBClient, table: string): Promise<void> {
  try {
    await client.send(new DeleteTableCommand({ TableName: table }));
  } catch (err) {
    if (!(err instanceof Error && err.name === "ResourceNotFoundException")) throw err;
  }
}

function cycleSummary(report: CycleReport): string {
  const changed = report.feeds.filter((f) => f.status === "changed").length;
  const unchanged = report.feeds.filter((f) => f.status === "not-modified").length;
  const skipped = report.feeds.reduce((n, f) => n + f.articlesSkipped, 0);
  const lines = [
    `  cycle: ${count(changed, "feed")} changed, ${unchanged} unchanged (304); ` +
      `${count(report.articlesRead, "article")} read, ${skipped} skipped; ${count(report.figures, "figure")}; ` +
      `${report.opened} opened, ${report.revised} revised\n`,
  ];
  for (const f of report.feeds) if (f.error !== null) lines.push(`  ! ${f.name ?? f.feed}: ${f.error}\n`);
  for (const w of report.warnings) lines.push(`  ! ${w}\n`);
  return lines.join("");
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}
