import { SNSClient } from "@aws-sdk/client-sns";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { TallyKey, TallyVersion } from "../../lib/model/tally.ts";
import { deliverPending } from "../../lib/monitor/deliver.ts";
import { type AlertSink, alertId } from "../../lib/notify/sink.ts";
import { SnsPublisher } from "../../lib/notify/sns.ts";
import { DynamoStore } from "../../lib/store/dynamo-store.ts";
import { ensureTable } from "../../lib/store/table.ts";
import { type LocalDynamo, startDynalite } from "../support/dynalite.ts";
import { type SnsEndpoint, startSnsEndpoint } from "../support/sns-endpoint.ts";

const TOPIC = "arn:aws:sns:us-east-1:000000000000:tollwatch-alerts";
const NOW = new Date("2021-01-12T12:00:00.000Z");

function revision(party: string, overrides: Partial<TallyVersion> = {}): TallyVersion {
  const key: TallyKey = { watch: "border-war", party, population: "military", category: "killed" };
  return {
    key,
    version: 2,
    kind: "revise",
    value: 240,
    qualifier: "exact",
    claimant: `${party} Defence Ministry`,
    statedOn: "2021-01-12",
    observedAt: "2021-01-12T11:59:00.000Z",
    previousValue: 200,
    evidence: [
      {
        doc: `https://news.example/${party}/toll`,
        outlet: "Example News",
        quote: `The ministry of ${party} now puts its military dead at 240.`,
        observedAt: "2021-01-12T11:59:00.000Z",
      },
    ],
    corroborations: 0,
    alertState: "pending",
    ...overrides,
  };
}

/** Remembers what it was given, optionally slowly, so concurrent notifiers overlap. */
class RecordingSink implements AlertSink {
  readonly name = "recording";
  readonly seen: string[] = [];
  constructor(private readonly delayMs = 0) {}
  async deliver(version: TallyVersion): Promise<void> {
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    this.seen.push(alertId(version));
  }
}

function countBy(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

describe("deliverPending over dynalite and a local SNS endpoint", () => {
  let dynamo: LocalDynamo;
  let sns: SnsEndpoint;
  let snsClient: SNSClient;
  let publisher: SnsPublisher;
  let store: DynamoStore;
  let tableCount = 0;

  beforeAll(async () => {
    [dynamo, sns] = await Promise.all([startDynalite(), startSnsEndpoint()]);
    // One attempt: a failure the endpoint is told to answer must reach deliverPending, not a retry.
    snsClient = new SNSClient({
      endpoint: sns.url,
      region: "us-east-1",
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
      maxAttempts: 1,
    });
    publisher = new SnsPublisher(snsClient, TOPIC);
  });
  afterAll(async () => {
    snsClient.destroy();
    await Promise.all([dynamo.close(), sns.close()]);
  });
  beforeEach(async () => {
    const table = `deliver-${++tableCount}`;
    await ensureTable(dynamo.client, table);
    store = new DynamoStore(dynamo.client, table);
    sns.publishes.length = 0;
  });

  const published = (party: string) =>
    sns.publishes.filter((p) => p.attributes.party?.value === party).length;

  it("publishes each pending alert once, marks it sent, and the next run finds nothing", async () => {
    // Prepare
    await store.commitVersion(revision("Freedonia"));
    await store.commitVersion(revision("Sylvania"));
    await store.commitVersion(revision("Grand Fenwick", { alertState: "suppressed" }));
    // Act
    const first = await deliverPending({
      store,
      sinks: [publisher],
      watchTitles: new Map([["border-war", "Border war"]]),
      now: () => NOW,
    });
    const second = await deliverPending({ store, sinks: [publisher], now: () => NOW });
    // Assess
    expect(first).toMatchObject({ delivered: 2, failed: 0, errors: [] });
    expect(second).toMatchObject({ delivered: 0, failed: 0, errors: [] });
    expect(sns.publishes).toHaveLength(2);
    expect([published("Freedonia"), published("Sylvania"), published("Grand Fenwick")]).toEqual([1, 1, 0]);
    expect(sns.publishes[0]?.bodies.email).toContain("Border war");
    const stored = await store.getVersion(revision("Freedonia").key, 2);
    expect(stored?.alertState).toBe("sent");
    expect(await store.pendingAlerts()).toEqual([]);
  });

  it("keeps an alert pending when SNS fails, still sends the others, and sends it once next time", async () => {
    // Prepare: pending alerts come oldest first, so Freedonia's publish is the one that fails.
    await store.commitVersion(revision("Freedonia", { observedAt: "2021-01-12T11:00:00.000Z" }));
    await store.commitVersion(revision("Sylvania", { observedAt: "2021-01-12T11:30:00.000Z" }));
    sns.failNext(1, "internal");
    // Act
    const failing = await deliverPending({ store, sinks: [publisher], now: () => NOW });
    const pendingAfterFailure = await store.pendingAlerts();
    const retry = await deliverPending({ store, sinks: [publisher], now: () => NOW });
    // Assess
    expect(failing.delivered).toBe(1);
    expect(failing.failed).toBe(1);
    expect(failing.errors).toHaveLength(1);
    expect(failing.errors[0]).toMatch(
      /^border-war\/Freedonia\/military\/killed\/v2 via sns: SNS publish to .* failed/,
    );
    expect(failing.errors[0]).not.toContain("\n");
    expect(pendingAfterFailure.map((v) => v.key.party)).toEqual(["Freedonia"]);
    expect(retry).toMatchObject({ delivered: 1, failed: 0, errors: [] });
    expect([published("Freedonia"), published("Sylvania")]).toEqual([1, 1]);
    expect(await store.pendingAlerts()).toEqual([]);
  });

  it("does not mark an alert when one of several sinks fails, and re-sends it to all sinks", async () => {
    // Prepare
    await store.commitVersion(revision("Freedonia"));
    const recording = new RecordingSink();
    sns.failNext(1, "auth");
    // Act
    const first = await deliverPending({ store, sinks: [recording, publisher], now: () => NOW });
    const second = await deliverPending({ store, sinks: [recording, publisher], now: () => NOW });
    // Assess: the sink that took it gets it twice, the at-least-once price of one failing sink.
    expect(first).toMatchObject({ delivered: 0, failed: 1 });
    expect(first.errors[0]).toContain("allow sns:Publish");
    expect(second).toMatchObject({ delivered: 1, failed: 0 });
    expect(recording.seen).toHaveLength(2);
    expect(published("Freedonia")).toBe(1);
  });

  it("two concurrent notifiers deliver each alert at most twice and mark it once", async () => {
    // Prepare
    const parties = ["Freedonia", "Sylvania", "Grand Fenwick", "Ruritania", "Latveria", "Genovia"];
    for (const [n, party] of parties.entries()) {
      await store.commitVersion(revision(party, { observedAt: `2021-01-12T11:0${n}:00.000Z` }));
    }
    const slow = new RecordingSink(5);
    // Act
    const [a, b] = await Promise.all([
      deliverPending({ store, sinks: [slow, publisher], now: () => NOW }),
      deliverPending({ store, sinks: [slow, publisher], now: () => NOW }),
    ]);
    // Assess
    const perAlert = countBy(slow.seen);
    expect([...perAlert.keys()]).toHaveLength(parties.length);
    for (const count of perAlert.values()) expect(count).toBeGreaterThanOrEqual(1);
    for (const count of perAlert.values()) expect(count).toBeLessThanOrEqual(2);
    for (const party of parties)
      expect(published(party)).toBe(
        perAlert.get(`border-war/${encodeURIComponent(party)}/military/killed/v2`),
      );
    // Exactly one mark per alert: every delivery beyond the first was counted as already sent.
    const deliveries = a.delivered + b.delivered;
    expect(deliveries).toBe(slow.seen.length);
    expect(deliveries - (a.alreadySent ?? 0) - (b.alreadySent ?? 0)).toBe(parties.length);
    expect(a.failed + b.failed).toBe(0);
    expect(await store.pendingAlerts()).toEqual([]);
    console.info(
      `concurrent delivery: ${parties.length} alerts, ${deliveries} deliveries (${deliveries - parties.length} duplicates), ${parties.length} marks`,
    );
  });

  it("the sweep takes only alerts observed longer ago than olderThanMs", async () => {
    // Prepare
    await store.commitVersion(revision("Freedonia", { observedAt: "2021-01-12T11:40:00.000Z" }));
    await store.commitVersion(revision("Sylvania", { observedAt: "2021-01-12T11:58:00.000Z" }));
    // Act
    const sweep = await deliverPending({
      store,
      sinks: [publisher],
      now: () => NOW,
      olderThanMs: 10 * 60_000,
    });
    // Assess
    expect(sweep).toMatchObject({ delivered: 1, failed: 0 });
    expect([published("Freedonia"), published("Sylvania")]).toEqual([1, 0]);
    expect((await store.pendingAlerts()).map((v) => v.key.party)).toEqual(["Sylvania"]);
  });

  it("skips what the lagging pending index still lists but the table says was sent", async () => {
    // Prepare
    await store.commitVersion(revision("Freedonia"));
    const stale = await store.pendingAlerts();
    await store.markAlertSent(revision("Freedonia").key, 2);
    const lagging = Object.assign(Object.create(store) as DynamoStore, { pendingAlerts: async () => stale });
    // Act
    const result = await deliverPending({ store: lagging, sinks: [publisher], now: () => NOW });
    // Assess
    expect(result).toMatchObject({ delivered: 0, failed: 0, errors: [] });
    expect(sns.publishes).toHaveLength(0);
  });

  it("counts an alert another notifier marked first as delivered, not failed", async () => {
    // Prepare: the mark loses, as it does when a second notifier marked it during our publish.
    await store.commitVersion(revision("Freedonia"));
    const beaten = Object.assign(Object.create(store) as DynamoStore, { markAlertSent: async () => false });
    // Act
    const result = await deliverPending({ store: beaten, sinks: [publisher], now: () => NOW });
    // Assess
    expect(result).toEqual({ delivered: 1, failed: 0, errors: [], alreadySent: 1 });
  });
});
