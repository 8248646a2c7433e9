/**
 * Everything the monitor talks to in the scale benchmarks, in a child process of its own: the
 * synthetic outlets (scale-site.ts), dynalite behind counting proxies (dynamo-meter.ts) and a local
 * SNS endpoint. Kept out of the benchmark's process so that the memory measured there is the
 * monitor's alone, not the news sites' or the database's.
 */
import type { ChildProcess } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { startEmbeddedDynamo } from "../lib/store/embedded.ts";
import { startSnsEndpoint } from "../test/support/sns-endpoint.ts";
import { DynamoMeter, type MeterCounts } from "./dynamo-meter.ts";
import { forkChild } from "./ipc.ts";
import { ScaleSite, type SiteCounts, type SiteFeed } from "./scale-site.ts";

export interface WorldOptions {
  feeds: number;
  items: number;
  teaserEvery: number;
  /** Counting proxies to open: one per client whose requests are to be told apart. */
  meters: number;
  /** ISO time of the newest item of the first cycle. */
  start: string;
}

export interface WorldStats {
  site: SiteCounts;
  meters: MeterCounts[];
  /** Alerts the SNS endpoint received. */
  publishes: number;
  rssMb: number;
}

interface Ready {
  type: "ready";
  feeds: SiteFeed[];
  meters: string[];
  sns: string;
}

type Ask =
  | { type: "stats" }
  | { type: "meter"; meter: number }
  | { type: "publish"; feeds: number[]; count: number };
type Request = { id: number } & Ask;

export interface World {
  feeds: SiteFeed[];
  /** DynamoDB endpoint URLs, one per meter. */
  dynamo: string[];
  sns: string;
  /** Counts since the previous call, then zeroed. */
  take(): Promise<WorldStats>;
  /** One meter's counts since it was last taken, then zeroed; the others are left alone. */
  takeMeter(meter: number): Promise<MeterCounts>;
  /** The given outlets each publish `count` new items. */
  publish(feeds: number[], count: number): Promise<void>;
  close(): Promise<void>;
}

export async function startWorld(options: WorldOptions): Promise<World> {
  const {
    child,
    ready,
    ask: send,
  } = await forkChild<Ready>(
    fileURLToPath(import.meta.url),
    [JSON.stringify(options)],
    {},
    "the benchmark's world process",
  );
  const ask = <T>(request: Ask): Promise<T> => send<T>(request);
  return {
    feeds: ready.feeds,
    dynamo: ready.meters,
    sns: ready.sns,
    take: () => ask<WorldStats>({ type: "stats" }),
    takeMeter: (meter) => ask<MeterCounts>({ type: "meter", meter }),
    publish: (feeds, count) => ask<void>({ type: "publish", feeds, count }),
    close: () => stop(child),
  };
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? "{}") as WorldOptions;
  const site = new ScaleSite({ ...options, start: new Date(options.start) });
  await site.listen();
  const engine = await startEmbeddedDynamo();
  const meters = Array.from({ length: options.meters }, () => new DynamoMeter(new URL(engine.endpoint)));
  await Promise.all(meters.map((m) => m.listen()));
  const sns = await startSnsEndpoint();

  process.on("message", (message) => {
    const request = message as Request;
    if (request.type === "publish") {
      for (const feed of request.feeds) site.publish(feed, request.count);
      process.send?.({ id: request.id, value: null });
      return;
    }
    if (request.type === "meter") {
      process.send?.({ id: request.id, value: meters[request.meter]?.take() });
      return;
    }
    const stats: WorldStats = {
      site: { ...site.counts },
      meters: meters.map((m) => m.take()),
      publishes: sns.publishes.length,
      rssMb: process.memoryUsage().rss / 2 ** 20,
    };
    // Only their number matters; kept, they would grow this process without end.
    sns.publishes.splice(0);
    for (const key of Object.keys(site.counts) as Array<keyof SiteCounts>) site.counts[key] = 0;
    process.send?.({ id: request.id, value: stats });
  });
  process.on("SIGTERM", () => {
    void Promise.all([site.close(), engine.close(), sns.close(), ...meters.map((m) => m.close())]).finally(
      () => process.exit(0),
    );
  });
  process.on("disconnect", () => process.exit(0));
  const ready: Ready = { type: "ready", feeds: site.feeds, meters: meters.map((m) => m.url), sns: sns.url };
  process.send?.(ready);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
