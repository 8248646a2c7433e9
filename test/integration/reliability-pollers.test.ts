/**
 * Eight pollers running the same cycle at once over DynamoDB Local, step by step along the demo
 * timeline: each poller has its own client, HTTP client and sink, as eight Lambda invocations or eight
 * laptops sharing a table would. The conditional commit must leave exactly one version per revision, and
 * each version must be alerted once: a poller delivers only what it committed itself.
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_CONFIG } from "../../lib/demo/expected.ts";
import { clockAt, STEPS } from "../../lib/demo/script.ts";
import { startDemoServer } from "../../lib/demo/server.ts";
import type { TallyVersion } from "../../lib/model/tally.ts";
import { type CycleReport, runCycle } from "../../lib/monitor/cycle.ts";
import type { AlertSink } from "../../lib/notify/sink.ts";
import { createDynamoClient } from "../../lib/store/client.ts";
import { DynamoStore } from "../../lib/store/dynamo-store.ts";
import { ensureTable } from "../../lib/store/table.ts";
import {
  demoFeedSpecs,
  expectedLabels,
  expectTimelineIntact,
  fastHttpClient,
  tallyLabels,
  versionLabel,
} from "../support/demo-timeline.ts";
import { type LocalDynamo, startDynalite } from "../support/dynalite.ts";
import { skipWithoutJava, startDynamoDbLocal } from "../support/dynamodb-local.ts";

const POLLERS = 8;
const skip = skipWithoutJava("8 concurrent pollers on DynamoDB Local");

/** Remembers which poller delivered which version. */
class RecordingSink implements AlertSink {
  readonly name = "recording";
  constructor(
    private readonly poller: number,
    private readonly log: Array<{ poller: number; label: string }>,
  ) {}
  async deliver(version: TallyVersion): Promise<void> {
    this.log.push({ poller: this.poller, label: versionLabel(version) });
  }
}

interface RaceResult {
  deliveries: Array<{ poller: number; label: string }>;
  reports: CycleReport[];
  store: DynamoStore;
  wallMs: number;
}

/** The whole timeline, each step polled by POLLERS concurrent cycles on their own clients. */
async function race(local: LocalDynamo, table: string, sweep: boolean): Promise<RaceResult> {
  const started = Date.now();
  await ensureTable(local.client, table);
  const server = await startDemoServer();
  const clients: DynamoDBClient[] = [];
  const deliveries: RaceResult["deliveries"] = [];
  const reports: CycleReport[] = [];
  // The demo's clock: noon of each step's day, the same for every poller.
  let clock = clockAt(0);
  const pollers = Array.from({ length: POLLERS }, (_, poller) => {
    const client = createDynamoClient({ endpoint: local.endpoint });
    clients.push(client);
    return {
      http: fastHttpClient(),
      store: new DynamoStore(client, table),
      sinks: [new RecordingSink(poller, deliveries)],
      config: DEMO_CONFIG,
      now: () => clock,
    };
  });
  try {
    for (let step = 0; step < STEPS.length; step++) {
      server.advanceTo(step);
      clock = clockAt(step);
      const feeds = demoFeedSpecs(server);
      reports.push(...(await Promise.all(pollers.map((deps) => runCycle(deps, feeds, { sweep })))));
    }
  } finally {
    await Promise.all(pollers.map((deps) => deps.http.close()));
    await server.close();
  }
  const result = { deliveries, reports, store: new DynamoStore(local.client, table), wallMs: 0 };
  for (const client of clients) client.destroy();
  return { ...result, wallMs: Date.now() - started };
}

function summary(result: RaceResult): string {
  const { duplicates } = tallyLabels(result.deliveries.map((d) => d.label));
  const warnings = result.reports.flatMap((r) => r.warnings);
  const gaveUp = warnings.filter((w) => w.includes("attempts in a row")).length;
  const read = result.reports.reduce((n, r) => n + r.articlesRead, 0);
  const committed = result.reports.reduce((n, r) => n + r.opened + r.revised, 0);
  return (
    `${read} article reads raced to ${committed} commits; ${result.deliveries.length} deliveries, ` +
    `${duplicates} duplicates, ${gaveUp} articles given up to contention, ` +
    `${result.reports.filter((r) => r.failures > 0).length} failed cycles, in ${(result.wallMs / 1000).toFixed(1)} s`
  );
}

describe(`${POLLERS} pollers running the same cycles at once on DynamoDB Local`, () => {
  let local: LocalDynamo;
  let isolated: RaceResult;
  let swept: RaceResult;

  beforeAll(async () => {
    if (skip) return;
    local = await startDynamoDbLocal();
    isolated = await race(local, "tollwatch-pollers", false);
    console.log(`reliability-pollers, sweep off: ${summary(isolated)}`);
    swept = await race(local, "tollwatch-pollers-sweep", true);
    console.log(`reliability-pollers, sweep on: ${summary(swept)}`);
  }, 120_000);
  afterAll(async () => {
    await local?.close();
  });

  it.skipIf(skip)("commits one version per revision, whichever poller wins each race", async () => {
    for (const result of [isolated, swept]) {
      await expectTimelineIntact(result.store);
      expect(result.reports.every((r) => r.failures === 0)).toBe(true);
      // Each version was committed by exactly one poller: the others lost the conditional put.
      expect(result.reports.reduce((n, r) => n + r.opened + r.revised, 0)).toBe(expectedLabels().length);
    }
  });

  it.skipIf(skip)("alerts each version exactly once when each poller delivers only its own commits", () => {
    const { counts } = tallyLabels(isolated.deliveries.map((d) => d.label));
    expect([...counts.keys()].sort()).toEqual(expectedLabels().sort());
    expect([...counts.entries()].filter(([, n]) => n > 1)).toEqual([]);
  });

  it.skipIf(skip)("with the end-of-cycle sweep on too, still alerts each version exactly once", () => {
    const { counts, duplicates } = tallyLabels(swept.deliveries.map((d) => d.label));
    expect([...counts.keys()].sort()).toEqual(expectedLabels().sort());
    // The sweeps see every other poller's fresh alerts pending, and leave them to it (SWEEP_GRACE_MS).
    expect(duplicates).toBe(0);
  });
});

/** Holds the first delivery until released, so that another cycle can run meanwhile. */
class GatedSink implements AlertSink {
  readonly name = "gated";
  readonly delivered: string[] = [];
  entered: Promise<void>;
  #enter: () => void = () => {};
  #gate: Promise<void>;
  release: () => void = () => {};
  constructor() {
    this.entered = new Promise((resolve) => {
      this.#enter = resolve;
    });
    this.#gate = new Promise((resolve) => {
      this.release = resolve;
    });
  }
  async deliver(version: TallyVersion): Promise<void> {
    this.#enter();
    await this.#gate;
    this.delivered.push(versionLabel(version));
  }
}

describe("the end-of-cycle sweep of one cycle while another cycle delivers", () => {
  let local: LocalDynamo;
  beforeAll(async () => {
    local = await startDynalite();
  });
  afterAll(async () => {
    await local?.close();
  });

  // The design allows a duplicate only for a process that dies between publish and mark: a sweep must
  // leave alone the fresh alert another cycle committed a moment ago and is publishing now.
  it("sends an alert once although a second cycle's sweep runs while the first publishes it", async () => {
    // Prepare: cycle A commits the first day's two alerts and is held inside its first publish.
    const table = "tollwatch-sweep-race";
    await ensureTable(local.client, table);
    const server = await startDemoServer();
    server.advanceTo(0);
    const store = new DynamoStore(local.client, table);
    const gated = new GatedSink();
    const log: Array<{ poller: number; label: string }> = [];
    const deps = (sink: AlertSink) => ({
      http: fastHttpClient(),
      store,
      sinks: [sink],
      config: DEMO_CONFIG,
      now: () => new Date(),
    });
    const [depsA, depsB] = [deps(gated), deps(new RecordingSink(1, log))];
    try {
      const cycleA = runCycle(depsA, demoFeedSpecs(server), { sweep: false });
      await gated.entered;
      // Act: cycle B runs whole (its sweep included) while A is mid-publish, then A goes on.
      const reportB = await runCycle(depsB, demoFeedSpecs(server));
      gated.release();
      const reportA = await cycleA;
      // Assess
      const all = [...gated.delivered, ...log.map((d) => d.label)];
      expect(reportA.opened + reportB.opened).toBe(2);
      expect(
        tallyLabels(all).duplicates,
        `A sent ${gated.delivered}, B's sweep sent ${log.map((d) => d.label)}`,
      ).toBe(0);
    } finally {
      await Promise.all([depsA.http.close(), depsB.http.close(), server.close()]);
    }
  });
});
