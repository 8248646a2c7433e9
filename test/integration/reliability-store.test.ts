/**
 * The store failing under the monitor, through a fault-injecting proxy in front of dynalite, over the
 * demo timeline: throttling and 5xx answers are retried by the SDK and cost nothing; writes whose answer
 * is lost are retried into a failed condition and still leave one version each; an outage for a whole
 * cycle, or one that starts right after a version is committed, loses no figure and no alert, because
 * an article's record is written only after its figures are committed and the next cycle re-reads it.
 *
 * The client is built as `tollwatch run` builds it (two attempts, 10 s timeout): the least patient one.
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEMO_CONFIG, EXPECTED_ALERTS } from "../../lib/demo/expected.ts";
import { clockAt, STEPS } from "../../lib/demo/script.ts";
import { type DemoServer, startDemoServer } from "../../lib/demo/server.ts";
import type { HttpClient } from "../../lib/ingest/http.ts";
import type { TallyVersion } from "../../lib/model/tally.ts";
import { type CycleReport, runCycle } from "../../lib/monitor/cycle.ts";
import { deliverPending } from "../../lib/monitor/deliver.ts";
import { history } from "../../lib/monitor/history.ts";
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
import {
  type Fault,
  type FaultProxy,
  firstAttemptEvery,
  startFaultProxy,
  THROTTLING,
  THROUGHPUT_EXCEEDED,
} from "../support/fault-proxy.ts";

class RecordingSink implements AlertSink {
  readonly name = "recording";
  readonly labels: string[] = [];
  async deliver(version: TallyVersion): Promise<void> {
    this.labels.push(versionLabel(version));
  }
}

/** The labels of the alerts the demo raises on a step's day. */
function labelsOfDay(day: string): string[] {
  const seen: Record<string, number> = {};
  const labels: string[] = [];
  for (const alert of EXPECTED_ALERTS) {
    const key = `${alert.party}/${alert.population}/${alert.category}`;
    seen[key] = (seen[key] ?? 0) + 1;
    if (alert.day === day) labels.push(`${key}/v${seen[key]}`);
  }
  return labels;
}

const stepOf = (day: string) => STEPS.indexOf(day);

describe("the store failing under the monitor (a fault-injecting proxy in front of dynalite)", () => {
  let dynamo: LocalDynamo;
  let proxy: FaultProxy;
  let client: DynamoDBClient;
  let server: DemoServer;
  let http: HttpClient;
  let store: DynamoStore;
  let sink: RecordingSink;
  let tables = 0;
  /** The demo's clock: noon of the current step's day. */
  let clock = clockAt(0);

  beforeAll(async () => {
    dynamo = await startDynalite();
  });
  afterAll(async () => {
    await dynamo?.close();
  });
  beforeEach(async () => {
    const table = `tollwatch-store-faults-${++tables}`;
    await ensureTable(dynamo.client, table);
    proxy = await startFaultProxy(dynamo.endpoint);
    client = createDynamoClient({ endpoint: proxy.url, maxAttempts: 2, timeoutMs: 10_000 });
    store = new DynamoStore(client, table);
    server = await startDemoServer();
    http = fastHttpClient();
    sink = new RecordingSink();
  });
  afterEach(async () => {
    client.destroy();
    await http.close();
    await Promise.all([proxy.close(), server.close()]);
  });

  const cycle = (): Promise<CycleReport> =>
    runCycle({ http, store, sinks: [sink], config: DEMO_CONFIG, now: () => clock }, demoFeedSpecs(server));

  /** After the timeline: the sweep as it runs later, for anything a failed mark left pending. */
  const finalSweep = () => deliverPending({ store, sinks: [sink] });

  async function expectNothingLost(): Promise<void> {
    await expectTimelineIntact(store);
    const { counts, duplicates } = tallyLabels(sink.labels);
    expect([...counts.keys()].sort()).toEqual(expectedLabels().sort());
    expect(duplicates, `delivered: ${sink.labels.join(", ")}`).toBe(0);
    expect(await store.pendingAlerts()).toEqual([]);
  }

  it("retries throttling (both kinds) and 500/503 answers: no feed fails, nothing is lost", async () => {
    const faults: Fault[] = [
      THROTTLING,
      { type: "status", status: 500 },
      THROUGHPUT_EXCEEDED,
      { type: "status", status: 503 },
    ];
    // Every 9th call fails its first attempt, 16 in all, the four kinds in turn: about one call in ten.
    proxy.setRule(firstAttemptEvery(9, (k) => faults[(k - 1) % faults.length] ?? THROTTLING, 16));
    const started = Date.now();
    const reports: CycleReport[] = [];
    for (let step = 0; step < STEPS.length; step++) {
      server.advanceTo(step);
      clock = clockAt(step);
      reports.push(await cycle());
    }
    console.log(
      `reliability-store: ${JSON.stringify(proxy.injected)} injected in ${proxy.received} requests, ` +
        `all recovered by the SDK's retry, ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    expect(proxy.injected).toEqual({
      ThrottlingException: 4,
      ProvisionedThroughputExceededException: 4,
      status: 8,
    });
    expect(reports.flatMap((r) => r.feeds.filter((f) => f.status === "failed"))).toEqual([]);
    expect(reports.flatMap((r) => r.warnings)).toEqual([]);
    expect((await finalSweep()).delivered).toBe(0);
    await expectNothingLost();
  });

  it("keeps one version per revision and one alert per version when a write's answer is lost", async () => {
    // The write lands, the connection drops, the SDK sends it again: the conditional commit or mark then
    // fails its condition, as if another worker had won. Every 2nd version commit, every 2nd mark and
    // every 5th other write (observations, article records, feed states) lose their answer.
    const seen = { version: 0, mark: 0, other: 0 };
    const lost = { version: 0, mark: 0, other: 0 };
    proxy.setRule((req) => {
      if (req.attempt !== 1 || (req.operation !== "PutItem" && req.operation !== "UpdateItem")) return null;
      const body = req.body.toString("utf8");
      const kind =
        req.operation === "PutItem" && body.includes('"V#')
          ? "version"
          : body.includes("alertState")
            ? "mark"
            : "other";
      seen[kind]++;
      if (seen[kind] % (kind === "other" ? 5 : 2) !== 0) return null;
      lost[kind]++;
      return { type: "lose-answer" };
    });
    for (let step = 0; step < STEPS.length; step++) {
      server.advanceTo(step);
      clock = clockAt(step);
      const report = await cycle();
      expect(report.failures, JSON.stringify(report.warnings)).toBe(0);
    }
    const swept = await finalSweep();
    console.log(
      `reliability-store: answers lost for ${lost.version} version commits, ${lost.mark} marks and ` +
        `${lost.other} other writes; final sweep sent ${swept.delivered}`,
    );
    expect(lost.version).toBe(10);
    expect(lost.mark).toBe(10);
    expect(lost.other).toBeGreaterThan(10);
    await expectNothingLost();
  });

  it("loses no figure when the store is down for a whole cycle: the next cycle reads the articles again", async () => {
    // Refused on the day of three openings, reset on the day of two revisions.
    const outages = new Map<number, "refuse" | "reset">([
      [stepOf("2020-12-03"), "refuse"],
      [stepOf("2021-01-18"), "reset"],
    ]);
    for (let step = 0; step < STEPS.length; step++) {
      server.advanceTo(step);
      clock = clockAt(step);
      const kind = outages.get(step);
      if (kind !== undefined) {
        await proxy.outage(kind);
        const down = await cycle();
        await proxy.restore();
        // Assess the cycle that ran without a store: every feed failed as a store failure, nothing sent.
        expect(down.feeds.map((f) => [f.status, f.failure])).toEqual(
          down.feeds.map(() => ["failed", "store"]),
        );
        // The feed's state is read outside the poll's store steps, so the error is the SDK's own words.
        expect(down.feeds.every((f) => /ECONNREFUSED|socket hang up|ECONNRESET/.test(f.error ?? ""))).toBe(
          true,
        );
        expect(down.alerts).toBe(0);
        expect(down.warnings.some((w) => w.includes("pending alerts could not be listed"))).toBe(true);
      }
      const before = sink.labels.length;
      const report = await cycle();
      expect(report.failures).toBe(0);
      if (kind !== undefined)
        expect(sink.labels.slice(before).sort()).toEqual(labelsOfDay(STEPS[step] ?? "").sort());
    }
    expect(proxy.injected["outage-refuse"] ?? 0).toBe(0); // refused connections never reach the proxy
    expect(proxy.injected["outage-reset"]).toBeGreaterThan(0);
    expect((await finalSweep()).delivered).toBe(0);
    await expectNothingLost();
  });

  it("loses no alert when the store goes down right after a version is committed", async () => {
    // From the first committed version of the day on, every request is cut: the article's record and the
    // alert's delivery never happen in that cycle.
    const day = "2020-12-03";
    for (let step = 0; step < STEPS.length; step++) {
      server.advanceTo(step);
      clock = clockAt(step);
      if (STEPS[step] === day) {
        let committed = false;
        proxy.setRule((req) => {
          if (committed) return { type: "reset" };
          if (req.operation === "PutItem" && req.body.toString("utf8").includes('"V#')) committed = true;
          return null;
        });
        const cut = await cycle();
        proxy.setRule(null);
        expect(cut.failures).toBeGreaterThan(0);
        expect(cut.feeds.filter((f) => f.status === "failed").every((f) => f.failure === "store")).toBe(true);
        expect(cut.alerts).toBe(0);
        // The version is there and pending; its article has no record, so the next cycle reads it again.
        expect((await store.pendingAlerts()).map(versionLabel)).toHaveLength(1);
      }
      const report = await cycle();
      expect(report.failures).toBe(0);
    }
    console.log(
      `reliability-store: the cut cycle left 1 version pending; final sweep sent ${(await finalSweep()).delivered}`,
    );
    await expectNothingLost();
  });

  // The SDK retries an increment whose answer was lost: the version remembers which article it counted.
  it("counts a corroboration once when the increment's answer is lost and the SDK retries it", async () => {
    proxy.setRule((req) =>
      req.attempt === 1 && req.body.toString("utf8").includes("ADD corroborations")
        ? { type: "lose-answer" }
        : null,
    );
    for (let step = 0; step < STEPS.length; step++) {
      server.advanceTo(step);
      clock = clockAt(step);
      await cycle();
    }
    const corroborations = (await history(store, {})).reduce((sum, v) => sum + v.corroborations, 0);
    expect(proxy.injected["lose-answer"]).toBeGreaterThan(0);
    // The demo's timeline corroborates one version once (one outlet repeating another's figure).
    expect(corroborations).toBe(1);
  });
});
