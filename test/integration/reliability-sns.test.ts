/**
 * SNS failing under the monitor, over the demo timeline: a local SNS endpoint behind a fault-injecting
 * proxy. A blip is absorbed by the SDK's retry; an outage of three cycles (503s, then reset connections,
 * then refused ones) leaves each alert pending, and the first cycle after recovery sends every one of
 * them, once. A publish that reaches SNS but whose answer is lost is sent again: the one duplicate
 * at-least-once delivery allows, counted here.
 *
 * The SNS client is built as the CLI's sns sink builds it (the SDK's default three attempts).
 */
import { SNSClient } from "@aws-sdk/client-sns";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_CONFIG, EXPECTED_ALERTS } from "../../lib/demo/expected.ts";
import { clockAt, STEPS } from "../../lib/demo/script.ts";
import { type DemoServer, startDemoServer } from "../../lib/demo/server.ts";
import type { HttpClient } from "../../lib/ingest/http.ts";
import { type CycleReport, runCycle } from "../../lib/monitor/cycle.ts";
import { deliverPending } from "../../lib/monitor/deliver.ts";
import { SnsPublisher } from "../../lib/notify/sns.ts";
import { DynamoStore } from "../../lib/store/dynamo-store.ts";
import { ensureTable } from "../../lib/store/table.ts";
import { demoFeedSpecs, expectedLabels, fastHttpClient, storedChains } from "../support/demo-timeline.ts";
import { type LocalDynamo, startDynalite } from "../support/dynalite.ts";
import { type Fault, type FaultProxy, startFaultProxy } from "../support/fault-proxy.ts";
import { type RecordedPublish, type SnsEndpoint, startSnsEndpoint } from "../support/sns-endpoint.ts";

const TOPIC = "arn:aws:sns:us-east-1:000000000000:tollwatch-sns-faults";
const TABLE = "tollwatch-sns-faults";

/** What each step does to SNS before its cycle. */
type Plan = "blip" | "down-503" | "down-reset" | "down-refuse" | "recover" | "lose-answer" | "ok";

/** Steps by day: the outage spans three days with four alerts; recovery falls on a day with one of its own. */
const PLAN: Record<string, Plan> = {
  "2020-09-30": "blip",
  "2020-11-14": "down-503",
  "2020-11-18": "down-reset",
  "2020-12-03": "down-refuse",
  "2020-12-04": "recover",
  "2020-12-11": "lose-answer",
};

const identity = (p: RecordedPublish) => `${p.subject}|${JSON.stringify(p.attributes)}`;
const alertsOn = (day: string) => EXPECTED_ALERTS.filter((a) => a.day === day).length;

describe("SNS failing for a while: alerts stay pending and go out once when it recovers", () => {
  let dynamo: LocalDynamo;
  let sns: SnsEndpoint;
  let proxy: FaultProxy;
  let snsClient: SNSClient;
  let server: DemoServer;
  let http: HttpClient;
  let store: DynamoStore;
  const reports = new Map<string, CycleReport>();
  const pendingAfter = new Map<string, number>();
  const publishedOn = new Map<string, number>();
  let finalSweep = 0;
  let wallMs = 0;

  beforeAll(async () => {
    const started = Date.now();
    [dynamo, sns, server] = await Promise.all([startDynalite(), startSnsEndpoint(), startDemoServer()]);
    proxy = await startFaultProxy(sns.url);
    await ensureTable(dynamo.client, TABLE);
    store = new DynamoStore(dynamo.client, TABLE);
    snsClient = new SNSClient({
      endpoint: proxy.url,
      region: "us-east-1",
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
    });
    http = fastHttpClient();
    const sinks = [new SnsPublisher(snsClient, TOPIC)];
    let clock = clockAt(0);
    const deps = { http, store, sinks, config: DEMO_CONFIG, now: () => clock };
    const down = (fault: Fault) => proxy.setRule(() => fault);

    for (let step = 0; step < STEPS.length; step++) {
      const day = STEPS[step] ?? "";
      server.advanceTo(step);
      clock = clockAt(step);
      const plan = PLAN[day] ?? "ok";
      if (plan === "blip") sns.failNext(2, "throttling");
      if (plan === "down-503") down({ type: "status", status: 503 });
      if (plan === "down-reset") down({ type: "reset" });
      if (plan === "down-refuse") {
        proxy.setRule(null);
        await proxy.outage("refuse");
      }
      if (plan === "recover") await proxy.restore();
      if (plan === "lose-answer") {
        let lost = 0;
        proxy.setRule(() => (lost++ === 0 ? { type: "lose-answer" } : null));
      }
      const before = sns.publishes.length;
      reports.set(day, await runCycle(deps, demoFeedSpecs(server)));
      publishedOn.set(day, sns.publishes.length - before);
      pendingAfter.set(day, (await store.pendingAlerts()).length);
      if (plan === "lose-answer") proxy.setRule(null);
    }
    finalSweep = (await deliverPending({ store, sinks })).delivered;
    wallMs = Date.now() - started;
  }, 60_000);

  afterAll(async () => {
    snsClient?.destroy();
    await http?.close();
    await Promise.all([dynamo?.close(), proxy?.close(), sns?.close(), server?.close()]);
  });

  it("rides out a blip of throttling with the SDK's retry: nothing left pending", () => {
    expect(reports.get("2020-09-30")?.warnings).toEqual([]);
    expect(publishedOn.get("2020-09-30")).toBe(alertsOn("2020-09-30"));
    expect(pendingAfter.get("2020-09-30")).toBe(0);
  });

  it("keeps every alert of the outage pending, with a warning saying so, and publishes nothing", () => {
    let owed = 0;
    for (const day of ["2020-11-14", "2020-11-18", "2020-12-03"]) {
      owed += alertsOn(day);
      const report = reports.get(day);
      expect(report?.alerts, day).toBe(0);
      expect(report?.failures, day).toBe(0);
      expect(
        report?.warnings.some((w) => w.includes("via sns") && w.includes("stays pending")),
        day,
      ).toBe(true);
      expect(publishedOn.get(day), day).toBe(0);
      expect(pendingAfter.get(day), day).toBe(owed);
    }
    expect(owed).toBe(5);
  });

  it("sends everything owed in the first cycle after recovery, with that day's own alerts", () => {
    const owed = 5 + alertsOn("2020-12-04");
    expect(reports.get("2020-12-04")?.alerts).toBe(owed);
    expect(publishedOn.get("2020-12-04")).toBe(owed);
    expect(pendingAfter.get("2020-12-04")).toBe(0);
  });

  it("publishes every alert once, but for the one whose answer was lost, and marks all sent", async () => {
    const ids = sns.publishes.map(identity);
    const duplicates = ids.length - new Set(ids).size;
    console.log(
      `reliability-sns: ${sns.requests} requests to SNS, ${sns.publishes.length} publishes for ` +
        `${new Set(ids).size} alerts, ${duplicates} duplicate (the lost answer); injected ${JSON.stringify(proxy.injected)}; ` +
        `final sweep sent ${finalSweep}; ${(wallMs / 1000).toFixed(1)} s`,
    );
    expect(new Set(ids).size).toBe(expectedLabels().length);
    expect(proxy.injected["lose-answer"]).toBe(1);
    expect(duplicates).toBe(1);
    expect(publishedOn.get("2020-12-11")).toBe(alertsOn("2020-12-11") + 1);
    expect(finalSweep).toBe(0);
    const states = Object.values(await storedChains(store)).flatMap((c) => c.alertStates);
    expect(new Set(states)).toEqual(new Set(["sent"]));
  });
});
