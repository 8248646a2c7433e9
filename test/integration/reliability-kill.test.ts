/**
 * SIGKILL at random points of a monitor cycle, over the demo's scripted timeline. Each killed run is a
 * child process (test/support/cycle-child.ts: runCycle wired as the CLI wires it) against a dynalite the
 * test holds, so the store outlives every death; after the kills of a step, one clean run of the same
 * cycle recovers, and the timeline moves on. At the end: every expected version stored once, every alert
 * delivered, and the duplicates (a kill between writing an alert and marking it sent) bounded by the
 * alerts the killed processes had written and not marked.
 *
 * CI: 10 kills. TOLLWATCH_SOAK=1: 50. TOLLWATCH_KILL_SEED=n replays a run (the seed is printed).
 */
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SNSClient } from "@aws-sdk/client-sns";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_CONFIG, EXPECTED_ALERTS } from "../../lib/demo/expected.ts";
import { clockAt, STEPS } from "../../lib/demo/script.ts";
import { type DemoServer, startDemoServer } from "../../lib/demo/server.ts";
import type { HttpClient } from "../../lib/ingest/http.ts";
import type { TallyVersion } from "../../lib/model/tally.ts";
import { runCycle } from "../../lib/monitor/cycle.ts";
import { deliverPending } from "../../lib/monitor/deliver.ts";
import { JsonLinesSink } from "../../lib/notify/sinks.ts";
import { SnsPublisher } from "../../lib/notify/sns.ts";
import { DynamoStore } from "../../lib/store/dynamo-store.ts";
import { ensureTable } from "../../lib/store/table.ts";
import type { CycleChildSpec } from "../support/cycle-child.ts";
import {
  demoFeedSpecs,
  expectedLabels,
  expectTimelineIntact,
  fastHttpClient,
  seededRandom,
  storedChains,
  tallyLabels,
  versionLabel,
} from "../support/demo-timeline.ts";
import { type LocalDynamo, startDynalite } from "../support/dynalite.ts";
import { type FaultProxy, startFaultProxy } from "../support/fault-proxy.ts";
import { type SnsEndpoint, startSnsEndpoint } from "../support/sns-endpoint.ts";

const SOAK = process.env.TOLLWATCH_SOAK === "1";
const KILLS = SOAK ? 50 : 10;
const SEED = Number(process.env.TOLLWATCH_KILL_SEED ?? Date.now() % 1_000_000);
const TABLE = "tollwatch-kill";
const TOPIC = "arn:aws:sns:us-east-1:000000000000:tollwatch-kill";
const CHILD = join(import.meta.dirname, "../support/cycle-child.ts");
const PROJECT_ROOT = join(import.meta.dirname, "../..");
/** SNS latency: the jsonl line is written, then the publish, then the mark; this widens that window. */
const SNS_LATENCY_MS = 100;
/** Where a kill's moment is drawn at first: most cycles of a fresh process end within this. */
const FIRST_WINDOW_MS = 600;
/** A planned kill that lands after the cycle ended is retried this many times before it is dropped. */
const MAX_MISSES_PER_KILL = 4;

interface ChildOutcome {
  killed: boolean;
  /** From "ready" (the cycle's start) to the exit or the kill. */
  cycleMs: number;
}

interface Measures {
  kills: number;
  missed: number;
  /** Kills whose process had written at least one alert line it did not mark sent. */
  killsInWindow: number;
  /** Alert lines written by killed processes and left pending: each may be delivered again, once. */
  writtenUnmarked: number;
  childRuns: number;
  /** Alerts the sweep after the timeline still found pending (a grace period before re-sending would leave some). */
  finalSweep: number;
  wallMs: number;
}

/** Runs one cycle in a child and kills it `delayMs` after it says ready (never, when null). */
function runChild(specPath: string, delayMs: number | null): Promise<ChildOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", CHILD, specPath], {
      cwd: PROJECT_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let readyAt: number | null = null;
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
      if (readyAt === null && stdout.includes("ready\n")) {
        readyAt = Date.now();
        if (delayMs !== null) setTimeout(() => child.kill("SIGKILL"), delayMs);
      }
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      const cycleMs = readyAt === null ? 0 : Date.now() - readyAt;
      if (signal === "SIGKILL") return resolve({ killed: true, cycleMs });
      if (code !== 0) return reject(new Error(`cycle child exited with ${code ?? signal}:\n${stderr}`));
      resolve({ killed: false, cycleMs });
    });
  });
}

function labelsOf(jsonl: string): Array<{ label: string; version: TallyVersion }> {
  return jsonl
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const { version } = JSON.parse(line) as { version: TallyVersion };
      return { label: versionLabel(version), version };
    });
}

interface KillLoopContext {
  dir: string;
  server: DemoServer;
  store: DynamoStore;
  http: HttpClient;
  snsClient: SNSClient;
  dynamoEndpoint: string;
  snsUrl: string;
}

/**
 * The timeline, step by step: the step's planned kills (each a child killed at a random moment of its
 * cycle, re-aimed when it finished first), then one clean cycle of the same step in this process.
 */
async function killLoop(ctx: KillLoopContext, measures: Measures): Promise<void> {
  const { dir, server, store } = ctx;
  const jsonl = join(dir, "alerts.jsonl");
  const specPath = join(dir, "spec.json");
  const spec: CycleChildSpec = {
    dynamoEndpoint: ctx.dynamoEndpoint,
    table: TABLE,
    feeds: server.feeds.map((f) => ({ url: f.url, name: f.outlet.name })),
    jsonl,
    snsEndpoint: ctx.snsUrl,
    topicArn: TOPIC,
    now: clockAt(0).toISOString(),
  };
  const sinks = [new JsonLinesSink(jsonl), new SnsPublisher(ctx.snsClient, TOPIC)];
  const recoveryDeps = { http: ctx.http, store, sinks, config: DEMO_CONFIG, now: () => new Date(spec.now) };

  const random = seededRandom(SEED);
  // Two kills in three fall on a day that raises alerts, where the publish-mark window exists at all.
  const alertSteps = [...new Set(EXPECTED_ALERTS.map((a) => STEPS.indexOf(a.day)))];
  const killsAt = new Array<number>(STEPS.length).fill(0);
  for (let k = 0; k < KILLS; k++) {
    const step =
      random() < 2 / 3
        ? (alertSteps[Math.floor(random() * alertSteps.length)] ?? 0)
        : Math.floor(random() * STEPS.length);
    killsAt[step] = (killsAt[step] ?? 0) + 1;
  }
  const readJsonl = () => readFile(jsonl, "utf8").catch(() => "");

  for (let step = 0; step < STEPS.length; step++) {
    server.advanceTo(step);
    spec.now = clockAt(step).toISOString();
    await writeFile(specPath, JSON.stringify(spec));
    // Each kill draws its moment in [0, window) after "ready"; a miss narrows the window to that cycle.
    let window = FIRST_WINDOW_MS;
    for (let planned = killsAt[step] ?? 0; planned > 0; planned--) {
      for (let miss = 0; miss <= MAX_MISSES_PER_KILL; miss++) {
        const offset = (await readJsonl()).length;
        const outcome = await runChild(specPath, Math.floor(random() * window));
        measures.childRuns++;
        if (!outcome.killed) {
          measures.missed++;
          window = Math.max(20, outcome.cycleMs);
          continue;
        }
        measures.kills++;
        // The dead child's last request may still be in dynalite's hands: let it settle first.
        await new Promise((done) => setTimeout(done, 50));
        let unmarked = 0;
        for (const { version } of labelsOf((await readJsonl()).slice(offset))) {
          const stored = await store.getVersion(version.key, version.version);
          if (stored?.alertState === "pending") unmarked++;
        }
        measures.writtenUnmarked += unmarked;
        if (unmarked > 0) measures.killsInWindow++;
        break;
      }
    }
    const report = await runCycle(recoveryDeps, demoFeedSpecs(server));
    expect(report.failures, `step ${step}: ${JSON.stringify(report.warnings)}`).toBe(0);
  }
  // The final clean run is a child too: a fresh process finds nothing left to do.
  const final = await runChild(specPath, null);
  measures.childRuns++;
  expect(final.killed).toBe(false);
  // The sweep as a later run makes it: today each cycle's own sweep has already sent everything.
  measures.finalSweep = (await deliverPending({ store, sinks })).delivered;
}

describe(`SIGKILL at random points of a cycle, ${KILLS} times over the demo timeline`, () => {
  let dynamo: LocalDynamo;
  let sns: SnsEndpoint;
  let snsProxy: FaultProxy;
  let snsClient: SNSClient;
  let server: DemoServer;
  let http: HttpClient;
  let dir: string;
  let store: DynamoStore;
  const measures: Measures = {
    kills: 0,
    missed: 0,
    killsInWindow: 0,
    writtenUnmarked: 0,
    childRuns: 0,
    finalSweep: 0,
    wallMs: 0,
  };

  beforeAll(
    async () => {
      const started = Date.now();
      console.log(`reliability-kill: seed ${SEED} (TOLLWATCH_KILL_SEED=${SEED} replays it), ${KILLS} kills`);
      [dynamo, sns, server] = await Promise.all([startDynalite(), startSnsEndpoint(), startDemoServer()]);
      snsProxy = await startFaultProxy(sns.url);
      snsProxy.setRule(() => ({ type: "delay", ms: SNS_LATENCY_MS }));
      await ensureTable(dynamo.client, TABLE);
      store = new DynamoStore(dynamo.client, TABLE);
      dir = await mkdtemp(join(tmpdir(), "tollwatch-kill-"));
      snsClient = new SNSClient({
        endpoint: snsProxy.url,
        region: "us-east-1",
        credentials: { accessKeyId: "test", secretAccessKey: "test" },
      });
      http = fastHttpClient();
      await killLoop(
        { dir, server, store, http, snsClient, dynamoEndpoint: dynamo.endpoint, snsUrl: snsProxy.url },
        measures,
      );
      measures.wallMs = Date.now() - started;
    },
    60_000 + KILLS * 4_000,
  );

  afterAll(async () => {
    snsClient?.destroy();
    await http?.close();
    await Promise.all([dynamo?.close(), snsProxy?.close(), sns?.close(), server?.close()]);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("kills processes in the middle of their cycles, as planned", () => {
    console.log(
      `reliability-kill: ${measures.kills} kills landed (${measures.missed} came after the cycle ended and were ` +
        `re-aimed), ${measures.killsInWindow} between writing an alert and marking it sent, leaving ` +
        `${measures.writtenUnmarked} alerts written but unmarked; final sweep sent ${measures.finalSweep}; ` +
        `${measures.childRuns} child processes, ` +
        `${(measures.wallMs / 1000).toFixed(1)} s`,
    );
    expect(measures.kills).toBeGreaterThanOrEqual(KILLS - 1);
  });

  it("stores every expected version exactly once: no gap, no duplicate, the values in order", async () => {
    await expectTimelineIntact(store);
  });

  it("delivers every alert and leaves none pending", async () => {
    const delivered = labelsOf(await readFile(join(dir, "alerts.jsonl"), "utf8")).map((l) => l.label);
    expect([...new Set(delivered)].sort()).toEqual(expectedLabels().sort());
    expect(await store.pendingAlerts()).toEqual([]);
    const states = Object.values(await storedChains(store)).flatMap((c) => c.alertStates);
    expect(new Set(states)).toEqual(new Set(["sent"]));
    const snsKeys = sns.publishes.map((p) => `${p.subject}|${JSON.stringify(p.attributes)}`);
    expect(new Set(snsKeys).size).toBe(expectedLabels().length);
  });

  it("duplicates only alerts a killed process had written and not marked, at most once each", async () => {
    const delivered = labelsOf(await readFile(join(dir, "alerts.jsonl"), "utf8")).map((l) => l.label);
    const { counts, duplicates } = tallyLabels(delivered);
    const snsDuplicates =
      sns.publishes.length -
      new Set(sns.publishes.map((p) => `${p.subject}|${JSON.stringify(p.attributes)}`)).size;
    console.log(
      `reliability-kill: ${delivered.length} alert lines for ${counts.size} alerts: ${duplicates} duplicates in the ` +
        `jsonl file, ${snsDuplicates} on SNS; bound ${measures.writtenUnmarked} (from ${measures.killsInWindow} kills)`,
    );
    expect(duplicates).toBeLessThanOrEqual(measures.writtenUnmarked);
    expect(snsDuplicates).toBeLessThanOrEqual(duplicates);
    // Each kill can leave each alert pending at most once, so no alert is written more than 1 + kills times.
    expect(Math.max(...counts.values())).toBeLessThanOrEqual(1 + measures.killsInWindow);
  });
});
