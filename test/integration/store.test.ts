import { DescribeTimeToLiveCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Figure } from "../../lib/model/figure.ts";
import type { Observation, TallyKey, TallyVersion } from "../../lib/model/tally.ts";
import { InvalidCursorError } from "../../lib/store/cursor.ts";
import { DynamoStore } from "../../lib/store/dynamo-store.ts";
import type { ArticleRecord, FeedState } from "../../lib/store/records.ts";
import { ensureTable } from "../../lib/store/table.ts";
import { type LocalDynamo, startDynalite } from "../support/dynalite.ts";
import { skipWithoutJava, startDynamoDbLocal } from "../support/dynamodb-local.ts";

function tallyKey(overrides: Partial<TallyKey> = {}): TallyKey {
  return {
    watch: "border-war",
    party: "Freedonia",
    population: "military",
    category: "killed",
    ...overrides,
  };
}

/** A version with plausible content; n-th versions of one tally differ in value and time. */
function tallyVersion(key: TallyKey, version: number, overrides: Partial<TallyVersion> = {}): TallyVersion {
  const minute = String(version % 60).padStart(2, "0");
  return {
    key,
    version,
    kind: version === 1 ? "open" : "revise",
    value: 100 + version,
    qualifier: "exact",
    claimant: "Freedonia Defence Ministry",
    statedOn: "2021-03-04",
    observedAt: `2021-03-04T10:${minute}:00.000Z`,
    previousValue: version === 1 ? null : 99 + version,
    evidence: [
      {
        doc: `https://news.example/war/${version}`,
        outlet: "Example News",
        quote: `The ministry now counts ${100 + version} soldiers dead.`,
        observedAt: `2021-03-04T10:${minute}:00.000Z`,
      },
    ],
    corroborations: 0,
    alertState: "pending",
    ...overrides,
  };
}

function figure(overrides: Partial<Figure> = {}): Figure {
  return {
    party: "Freedonia",
    population: "military",
    category: "killed",
    value: 120,
    qualifier: "at_least",
    status: "current",
    claimant: null,
    statedOn: "2021-03-05",
    quote: "At least 120 soldiers have died, the army said.",
    span: [42, 89],
    confidence: 0.875,
    disputed: false,
    increment: false,
    ...overrides,
  };
}

function observation(key: TallyKey, overrides: Partial<Observation> = {}): Observation {
  return {
    key,
    figure: figure(),
    evidence: {
      doc: "https://wire.example/story-1",
      outlet: null,
      quote: "At least 120 soldiers have died, the army said.",
      observedAt: "2021-03-05T08:00:00.000Z",
    },
    decision: "corroborate",
    againstVersion: 3,
    ...overrides,
  };
}

const harnesses = [
  // dynalite has no UpdateTimeToLive, so its tables never get TTL; DynamoDB Local's do.
  { engine: "dynalite", start: startDynalite, ttl: "DISABLED", skip: false },
  {
    engine: "DynamoDB Local",
    start: startDynamoDbLocal,
    ttl: "ENABLED",
    skip: skipWithoutJava("store tests on DynamoDB Local"),
  },
];

describe.each(harnesses)("DynamoStore on $engine", ({ start, ttl, skip }) => {
  let local: LocalDynamo;
  let store: DynamoStore;
  let tableName: string;
  let tables = 0;

  beforeAll(async () => {
    if (!skip) local = await start();
  }, 60_000);
  afterAll(async () => {
    await local?.close();
  });
  // A fresh table per test: the index-wide reads (pending, since, all tallies) see only that test's items.
  beforeEach(async (context) => {
    if (skip) context.skip();
    tableName = `tollwatch-test-${++tables}`;
    await ensureTable(local.client, tableName);
    store = new DynamoStore(local.client, tableName);
  });

  it("creates the table once and leaves it alone when it exists", async () => {
    await ensureTable(local.client, tableName);

    const status = await local.client
      .send(new DescribeTimeToLiveCommand({ TableName: tableName }))
      .then((out) => out.TimeToLiveDescription?.TimeToLiveStatus ?? "DISABLED");

    expect(status).toBe(ttl);
  });

  it("round-trips a version with every field, nulls and several evidences", async () => {
    const key = tallyKey({ watch: "quake#2023", party: "Ruritania %23" });
    const version = tallyVersion(key, 1, {
      claimant: null,
      statedOn: null,
      previousValue: null,
      qualifier: "nearly",
      evidence: [
        {
          doc: "/tmp/a.txt",
          outlet: null,
          quote: "Nearly 2,800 died.",
          observedAt: "2021-01-01T00:00:00.000Z",
        },
        { doc: "https://b.example/x", outlet: "B", quote: "q", observedAt: "2021-01-01T00:00:01.000Z" },
      ],
    });

    expect(await store.commitVersion(version)).toBe("committed");

    expect(await store.currentVersion(key)).toEqual(version);
    expect(await store.getVersion(key, 1)).toEqual(version);
    expect(await store.getVersion(key, 2)).toBeNull();
  });

  it.each([
    [
      { watch: "a#b", party: "c" },
      { watch: "a", party: "b#c" },
    ],
    [
      { watch: "a%23b", party: "c" },
      { watch: "a#b", party: "c" },
    ],
    [
      { watch: "x", party: "y#military" },
      { watch: "x#y", party: "military" },
    ],
  ])("keeps tallies apart whose parts only differ in where '#' falls: %o vs %o", async (a, b) => {
    const first = tallyKey(a);
    const second = tallyKey(b);

    await store.commitVersion(tallyVersion(first, 1, { value: 1 }));
    const other = await store.commitVersion(tallyVersion(second, 1, { value: 2 }));

    expect(other).toBe("committed");
    expect((await store.currentVersion(first))?.value).toBe(1);
    expect((await store.currentVersion(second))?.value).toBe(2);
  });

  it("commits a version number once; a second commit of it is a conflict and changes nothing", async () => {
    const key = tallyKey();

    const first = await store.commitVersion(tallyVersion(key, 1, { value: 10 }));
    const second = await store.commitVersion(tallyVersion(key, 1, { value: 11 }));

    expect([first, second]).toEqual(["committed", "conflict"]);
    expect((await store.currentVersion(key))?.value).toBe(10);
  });

  it("reads no current version for an empty tally and the newest one past version 9", async () => {
    const key = tallyKey({ category: "wounded" });
    expect(await store.currentVersion(key)).toBeNull();

    for (let n = 1; n <= 11; n++) await store.commitVersion(tallyVersion(key, n));
    await store.addObservation(observation(key));

    expect((await store.currentVersion(key))?.version).toBe(11);
  });

  it.each([
    [7, 3, [[7, 6, 5], [4, 3, 2], [1]]],
    [
      6,
      3,
      [
        [6, 5, 4],
        [3, 2, 1],
      ],
    ],
    [2, 5, [[2, 1]]],
  ])("lists %i versions newest first in pages of %i", async (count, limit, expected) => {
    const key = tallyKey();
    for (let n = 1; n <= count; n++) await store.commitVersion(tallyVersion(key, n));
    await store.addObservation(observation(key));

    const pages: number[][] = [];
    let cursor: string | null = null;
    do {
      const page = await store.versions(key, { limit, cursor });
      pages.push(page.items.map((v) => v.version));
      cursor = page.cursor;
    } while (cursor);

    expect(pages).toEqual(expected);
  });

  it.each([
    ["not base64 json", "%%%"],
    [
      "a forged attribute type",
      Buffer.from(JSON.stringify({ PK: { SS: ["x"] }, SK: { S: "V#1" } })).toString("base64url"),
    ],
    ["missing key attributes", Buffer.from(JSON.stringify({ PK: { S: "TALLY#x" } })).toString("base64url")],
  ])("rejects a cursor that is %s", async (_, cursor) => {
    await expect(store.versions(tallyKey(), { cursor })).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it("rejects another tally's cursor", async () => {
    const key = tallyKey();
    for (let n = 1; n <= 3; n++) await store.commitVersion(tallyVersion(key, n));
    const { cursor } = await store.versions(key, { limit: 1 });

    const read = store.versions(tallyKey({ party: "Sylvania" }), { cursor });

    await expect(read).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it("lists versions across tallies observed since a time, oldest first, in pages", async () => {
    const at = (minute: number) => `2022-09-13T06:${String(minute).padStart(2, "0")}:00.000Z`;
    const keys = [tallyKey(), tallyKey({ party: "Sylvania" }), tallyKey({ watch: "flood" })];
    const commits: Array<[TallyKey, number, number]> = [
      [keys[0] as TallyKey, 1, 5],
      [keys[1] as TallyKey, 1, 10],
      [keys[0] as TallyKey, 2, 20],
      [keys[2] as TallyKey, 1, 30],
      [keys[1] as TallyKey, 2, 40],
    ];
    for (const [key, n, minute] of commits) {
      await store.commitVersion(tallyVersion(key, n, { observedAt: at(minute) }));
    }

    const first = await store.revisionsSince(at(10), { limit: 3 });
    const rest = await store.revisionsSince(at(10), { limit: 3, cursor: first.cursor });

    const seen = [...first.items, ...rest.items].map((v) => [v.key.party, v.key.watch, v.version]);
    expect(first.items).toHaveLength(3);
    expect(seen).toEqual([
      ["Sylvania", "border-war", 1],
      ["Freedonia", "border-war", 2],
      ["Freedonia", "flood", 1],
      ["Sylvania", "border-war", 2],
    ]);
    expect(rest.cursor).toBeNull();
    expect((await store.revisionsSince(at(41))).items).toEqual([]);
  });

  it("finds pending alerts only, and marks each sent exactly once", async () => {
    const key = tallyKey();
    await store.commitVersion(tallyVersion(key, 1, { alertState: "sent" }));
    await store.commitVersion(tallyVersion(key, 2, { alertState: "suppressed" }));
    await store.commitVersion(tallyVersion(key, 3));
    await store.commitVersion(tallyVersion(tallyKey({ party: "Sylvania" }), 1));

    const pending = await store.pendingAlerts();
    const marks = await Promise.all([1, 2, 3, 4, 5].map(() => store.markAlertSent(key, 3)));
    const after = await store.pendingAlerts();

    expect(pending.map((v) => [v.key.party, v.version])).toEqual([
      ["Sylvania", 1],
      ["Freedonia", 3],
    ]);
    expect(marks.filter(Boolean)).toHaveLength(1);
    expect(after.map((v) => [v.key.party, v.version])).toEqual([["Sylvania", 1]]);
    expect((await store.getVersion(key, 3))?.alertState).toBe("sent");
    expect(await store.markAlertSent(key, 2)).toBe(false);
    expect(await store.markAlertSent(key, 9)).toBe(false);
    expect(await store.pendingAlerts({ limit: 0 })).toEqual([]);
  });

  it("counts each corroborating article once on an existing version and never creates one", async () => {
    const key = tallyKey();
    await store.commitVersion(tallyVersion(key, 1));

    const counts = [
      await store.incrementCorroboration(key, 1, "https://a.example/1"),
      await store.incrementCorroboration(key, 1, "https://b.example/2"),
      await store.incrementCorroboration(key, 1, "https://a.example/1"),
    ];
    const missing = await store.incrementCorroboration(key, 2, "https://a.example/1");

    expect(counts).toEqual([1, 2, 2]);
    expect(missing).toBeNull();
    expect((await store.currentVersion(key))?.version).toBe(1);
    expect((await store.currentVersion(key))?.corroborations).toBe(2);
  });

  it("round-trips observations, keeps one row per sighting, orders them by statement date", async () => {
    const key = tallyKey();
    const later = observation(key);
    const earlier = observation(key, {
      figure: figure({ statedOn: "2021-03-01", party: null, disputed: true, increment: true, span: [0, 10] }),
      decision: "stale",
      againstVersion: 0,
    });
    const undated = observation(key, { figure: figure({ statedOn: null }), decision: "consistent" });

    for (const obs of [later, undated, earlier, later]) await store.addObservation(obs);
    const page = await store.observations(key);

    expect(page.items).toEqual([earlier, later, undated]);
    expect(page.cursor).toBeNull();
    expect(await store.currentVersion(key)).toBeNull();
  });

  it("stores feed state and overwrites it", async () => {
    const state: FeedState = {
      id: "wire#world",
      etag: '"abc"',
      lastModified: "Tue, 05 Jan 2021 10:00:00 GMT",
      checkedAt: "2021-01-05T10:00:00.000Z",
      changedAt: null,
      readAt: "2021-01-05T10:00:00.000Z",
      failures: 0,
      lastError: null,
    };
    expect(await store.getFeedState(state.id)).toBeNull();

    await store.putFeedState(state);
    const first = await store.getFeedState(state.id);
    await store.putFeedState({ ...state, etag: null, failures: 3, lastError: "timeout after 10 s" });
    const second = await store.getFeedState(state.id);

    expect(first).toEqual(state);
    expect(second).toEqual({ ...state, etag: null, failures: 3, lastError: "timeout after 10 s" });
    expect(await store.getFeedState("wire")).toBeNull();
  });

  it("stores article records by URL with their expiry", async () => {
    const record: ArticleRecord = {
      url: "https://news.example/war/1?utm=x#top",
      contentHash: "9f86d081884c7d65",
      firstSeen: "2021-01-05T10:00:00.000Z",
      lastSeen: "2021-01-06T10:00:00.000Z",
      figureCount: 4,
      etag: '"v2"',
      lastModified: null,
      expiresAt: 1_700_000_000,
    };
    expect(await store.getArticle(record.url)).toBeNull();

    await store.putArticle(record);

    expect(await store.getArticle(record.url)).toEqual(record);
    expect(await store.getArticle("https://news.example/war/1")).toBeNull();
  });

  it("lists the newest version of every tally", async () => {
    const a = tallyKey();
    const b = tallyKey({ category: "missing" });
    const c = tallyKey({ watch: "flood", party: "Sylvania" });
    for (let n = 1; n <= 4; n++) await store.commitVersion(tallyVersion(a, n));
    for (let n = 1; n <= 2; n++) await store.commitVersion(tallyVersion(b, n));
    await store.commitVersion(tallyVersion(c, 1));
    await store.addObservation(observation(a));
    await store.putArticle({
      url: "u",
      contentHash: "h",
      firstSeen: "t",
      lastSeen: "t",
      figureCount: 0,
      etag: null,
      lastModified: null,
      expiresAt: 1,
    });

    const tallies = await store.allTallies();

    expect(tallies.map((v) => [v.key.watch, v.key.category, v.version])).toEqual([
      ["border-war", "killed", 4],
      ["border-war", "missing", 2],
      ["flood", "killed", 1],
    ]);
  });
});
