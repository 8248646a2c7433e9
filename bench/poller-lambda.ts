/**
 * The poller as the Lambda runs it: handler(SQSEvent) of lambdas/poller.ts, batches of 10 feeds, in
 * containers (child processes, bench/poller-container.ts) as many at once as the stack's reserved
 * concurrency, over the scale bench's outlets. Unlike the cycle bench, the HTTP policy is the
 * handler's own, which keeps one second between two requests to a host. Two cycles: every feed new,
 * then 15 minutes' worth of change (one feed in ten with 3 new items). Per invocation: wall time, CPU,
 * peak RSS, DynamoDB requests and units.
 * `npx tsx bench/poller-lambda.ts [--batches N | --full] [--containers N]`
 */
import type { ChildProcess } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { encodeFeedMessage } from "../lambdas/feed-message.ts";
import { feedSpecs } from "../lib/monitor/feeds.ts";
import { createDynamoClient } from "../lib/store/client.ts";
import { feedPk } from "../lib/store/keys.ts";
import { ensureTable } from "../lib/store/table.ts";
import { changedFeeds, SCALE_DEFAULTS } from "./cycle-scale.ts";
import { type MeterCounts, readRequests, readUnits, writeRequests, writeUnits } from "./dynamo-meter.ts";
import { forkChild } from "./ipc.ts";
import { fmt } from "./measure.ts";
import type { FeedPoll, InvocationResult } from "./poller-container.ts";
import { startWorld } from "./scale-world.ts";

export interface LambdaOptions {
  /** Batches of 10 feeds, from the first feed on: 100 is the scale bench's 1,000 feeds. */
  batches: number;
  containers: number;
}

export interface Invocation extends InvocationResult {
  dynamo: MeterCounts;
}

export interface LambdaCycle {
  wallMs: number;
  invocations: Invocation[];
}

export interface LambdaResult {
  options: LambdaOptions;
  feeds: number;
  teaserFeeds: Set<string>;
  first: LambdaCycle;
  second: LambdaCycle;
  changed: number;
  unchangedWrites: number;
}

const TABLE = "tollwatch-lambda-bench";
const TOPIC = "arn:aws:sns:us-east-1:000000000000:tollwatch-bench";

interface Container {
  child: ChildProcess;
  meter: number;
  invoke(bodies: string[]): Promise<InvocationResult>;
}

async function startContainer(env: Record<string, string>, meter: number): Promise<Container> {
  const { child, ask } = await forkChild(
    fileURLToPath(new URL("./poller-container.ts", import.meta.url)),
    [],
    { env: { PATH: process.env.PATH ?? "", ...env } },
    "a poller container",
  );
  return { child, meter, invoke: (bodies) => ask<InvocationResult>({ bodies }) };
}

export async function measurePollerLambda(options: LambdaOptions): Promise<LambdaResult> {
  const feedCount = options.batches * 10;
  const world = await startWorld({
    feeds: feedCount,
    items: SCALE_DEFAULTS.items,
    teaserEvery: SCALE_DEFAULTS.teaserEvery,
    meters: options.containers,
    start: new Date().toISOString(),
  });
  const containers: Container[] = [];
  try {
    const setup = createDynamoClient({ endpoint: world.dynamo[0] as string, region: "us-east-1" });
    await ensureTable(setup, TABLE);
    setup.destroy();
    const feeds = feedSpecs(world.feeds.map((f) => ({ url: f.url, name: f.name })));
    const config = {
      feeds: world.feeds.map((f) => ({ url: f.url, name: f.name })),
      watches: [],
      aliases: {},
    };
    const env = (meter: number): Record<string, string> => ({
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "local",
      AWS_SECRET_ACCESS_KEY: "local",
      AWS_CONFIG_FILE: "/nonexistent/tollwatch-bench/config",
      AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/tollwatch-bench/credentials",
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      AWS_ENDPOINT_URL_DYNAMODB: world.dynamo[meter] as string,
      AWS_ENDPOINT_URL_SNS: world.sns,
      TABLE_NAME: TABLE,
      TOPIC_ARN: TOPIC,
      QUEUE_URL: "https://sqs.us-east-1.amazonaws.com/000000000000/tollwatch-bench",
      SCHEDULE_RATE_MINUTES: "15",
      POWERTOOLS_SERVICE_NAME: "tollwatch",
      POWERTOOLS_METRICS_NAMESPACE: "TollWatch",
      TOLLWATCH_ALLOW_PRIVATE_HOSTS: "127.0.0.1",
      TOLLWATCH_CONFIG: JSON.stringify(config),
    });
    for (let meter = 0; meter < options.containers; meter++) {
      containers.push(await startContainer(env(meter), meter));
    }
    await world.take();

    const batches = Array.from({ length: options.batches }, (_, b) =>
      feeds.slice(b * 10, b * 10 + 10).map((feed) => encodeFeedMessage(feed)),
    );
    const cycle = async (): Promise<LambdaCycle> => {
      const invocations: Invocation[] = [];
      let next = 0;
      const started = performance.now();
      // Each container takes the next batch when it is free, as Lambda's pollers hand batches out.
      await Promise.all(
        containers.map(async (container) => {
          while (next < batches.length) {
            const bodies = batches[next++] as string[];
            const result = await container.invoke(bodies);
            invocations.push({ ...result, dynamo: await world.takeMeter(container.meter) });
          }
        }),
      );
      return { wallMs: performance.now() - started, invocations };
    };
    const first = await cycle();
    const changed = changedFeeds(feedCount, SCALE_DEFAULTS.changedPerTen);
    await world.publish(changed, SCALE_DEFAULTS.newItems);
    const second = await cycle();
    const changedKeys = new Set(changed.map((i) => feedPk(feeds[i]?.id ?? "")));
    const unchangedWrites = second.invocations
      .flatMap((inv) => inv.dynamo.feedStateWrites)
      .filter((pk) => !changedKeys.has(pk)).length;
    const teaserFeeds = new Set(world.feeds.filter((f) => f.teaser).map((f) => new URL(f.url).href));
    return {
      options,
      feeds: feedCount,
      teaserFeeds,
      first,
      second,
      changed: changed.length,
      unchangedWrites,
    };
  } finally {
    for (const container of containers) container.child.kill("SIGTERM");
    await world.close();
  }
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return (
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN
  );
}

const spread = (values: number[], digits = 1, scale = 1) =>
  `p50 ${fmt(percentile(values, 50) / scale, digits)}, p95 ${fmt(percentile(values, 95) / scale, digits)}, max ${fmt(Math.max(...values) / scale, digits)}`;

/** Mean poll time of feeds in one group; NaN when the group is empty. */
export function meanPoll(polls: FeedPoll[], pick: (p: FeedPoll) => boolean): { n: number; ms: number } {
  const chosen = polls.filter(pick);
  return { n: chosen.length, ms: chosen.reduce((s, p) => s + p.durationMs, 0) / chosen.length };
}

function cycleLines(label: string, c: LambdaCycle, teasers: Set<string>): string[] {
  const inv = c.invocations;
  const polls = inv.flatMap((i) => i.polls);
  const group = (name: string, pick: (p: FeedPoll) => boolean) => {
    const g = meanPoll(polls, pick);
    return g.n === 0 ? [] : [`${name} ${fmt(g.ms / 1000, 2)} s (${g.n})`];
  };
  const perFeed = [
    ...group("304", (p) => p.status === "not-modified"),
    ...group("changed teaser feed", (p) => p.status === "changed" && teasers.has(p.feed)),
    ...group("changed full-text feed", (p) => p.status === "changed" && !teasers.has(p.feed)),
    ...group("failed", (p) => p.status === "failed"),
  ].join(", ");
  const d = (pick: (m: MeterCounts) => number) => inv.map((i) => pick(i.dynamo));
  return [
    `  ${label}: ${inv.length} invocations in ${fmt(c.wallMs / 1000, 1)} s; ${inv.reduce((s, i) => s + i.failures, 0)} records failed${inv.some((i) => i.error) ? `, error: ${inv.find((i) => i.error)?.error}` : ""}`,
    `    wall s per invocation: ${spread(
      inv.map((i) => i.wallMs),
      2,
      1000,
    )}; CPU s: ${spread(
      inv.map((i) => i.cpuMs),
      2,
      1000,
    )}`,
    `    peak RSS MB (of 1,024): ${spread(
      inv.map((i) => i.peakRssMb),
      0,
    )}; heap after MB: ${spread(
      inv.map((i) => i.heapMb),
      0,
    )}`,
    `    DynamoDB per invocation: reads ${spread(d(readRequests), 0)} (RRU ${spread(d(readUnits), 1)}); writes ${spread(d(writeRequests), 0)} (WRU ${spread(d(writeUnits), 1)})`,
    `    mean poll per feed: ${perFeed}`,
  ];
}

export function formatPollerLambda(r: LambdaResult): string[] {
  const o = r.options;
  return [
    `poller lambda: handler(SQSEvent) of lambdas/poller.ts, ${o.batches} batches of 10 (${r.feeds} feeds, ${r.teaserFeeds.size} teaser feeds), ${o.containers} containers at once (the stack's reserved concurrency 5), the handler's HTTP policy (1 s between two requests to one host)`,
    ...cycleLines("first cycle (every item new)", r.first, r.teaserFeeds),
    ...cycleLines(
      `second cycle (${r.changed} feeds with 3 new items, the rest 304)`,
      r.second,
      r.teaserFeeds,
    ),
    `    writes for the ${r.feeds - r.changed} feeds that answered 304: ${r.unchangedWrites} (target 0)`,
  ];
}

export function lambdaOptionsFrom(argv: readonly string[]): LambdaOptions {
  const value = (flag: string, fallback: number) => {
    const at = argv.indexOf(flag);
    if (at === -1) return fallback;
    const n = Number(argv[at + 1]);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a whole number of at least 1`);
    return n;
  };
  const batches = argv.includes("--full") ? SCALE_DEFAULTS.feeds / 10 : value("--batches", 5);
  return { batches, containers: value("--containers", 5) };
}

export async function benchPollerLambda(options: LambdaOptions): Promise<LambdaResult> {
  const result = await measurePollerLambda(options);
  for (const line of formatPollerLambda(result)) console.log(line);
  return result;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  await benchPollerLambda(lambdaOptionsFrom(process.argv));
}
