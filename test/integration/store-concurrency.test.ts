import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TallyKey, TallyVersion } from "../../lib/model/tally.ts";
import { createDynamoClient } from "../../lib/store/client.ts";
import { DynamoStore } from "../../lib/store/dynamo-store.ts";
import type { Page } from "../../lib/store/records.ts";
import { ensureTable } from "../../lib/store/table.ts";
import { type LocalDynamo, startDynalite } from "../support/dynalite.ts";
import { skipWithoutJava, startDynamoDbLocal } from "../support/dynamodb-local.ts";

const WORKERS = 8;
const REVISIONS = 20;
const TABLE = "tollwatch-race";

/** The next version as a worker would decide it from what it read: value + 1 over the version it saw. */
function nextVersion(key: TallyKey, current: TallyVersion | null, worker: number): TallyVersion {
  const version = (current?.version ?? 0) + 1;
  const observedAt = new Date(Date.UTC(2021, 0, 1) + version * 60_000).toISOString();
  return {
    key,
    version,
    kind: current ? "revise" : "open",
    value: (current?.value ?? 1000) + 1,
    qualifier: "exact",
    claimant: `worker ${worker}`,
    statedOn: "2021-01-01",
    observedAt,
    previousValue: current?.value ?? null,
    evidence: [{ doc: `worker-${worker}`, outlet: null, quote: "race", observedAt }],
    corroborations: 0,
    alertState: "pending",
  };
}

/** Every worker has its own client, as separate Lambda invocations would. */
function workerStores(endpoint: string): { stores: DynamoStore[]; clients: DynamoDBClient[] } {
  const clients = Array.from({ length: WORKERS }, () => createDynamoClient({ endpoint }));
  return { clients, stores: clients.map((client) => new DynamoStore(client, TABLE)) };
}

// The race is the point of DynamoDB Local here (a separate server process, real concurrency);
// dynalite is raced too because it is the engine of one-machine runs.
const harnesses = [
  {
    engine: "DynamoDB Local",
    start: startDynamoDbLocal,
    skip: skipWithoutJava("store race on DynamoDB Local"),
  },
  { engine: "dynalite", start: startDynalite, skip: false },
];

describe.each(harnesses)("commits racing on one tally, on $engine", ({ start, skip }) => {
  let local: LocalDynamo;
  let stores: DynamoStore[] = [];
  let clients: DynamoDBClient[] = [];

  beforeAll(async () => {
    if (skip) return;
    local = await start();
    await ensureTable(local.client, TABLE);
    ({ stores, clients } = workerStores(local.endpoint));
  }, 60_000);
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await local?.close();
  });

  it.skipIf(skip)("lets exactly one of 8 workers commit the same next version", async () => {
    const key: TallyKey = {
      watch: "race-once",
      party: "Freedonia",
      population: "military",
      category: "killed",
    };

    const results = await Promise.all(
      stores.map((store, worker) => store.commitVersion(nextVersion(key, null, worker))),
    );

    expect(results.filter((r) => r === "committed")).toHaveLength(1);
    expect(results.filter((r) => r === "conflict")).toHaveLength(WORKERS - 1);
    const winner = results.indexOf("committed");
    expect((await new DynamoStore(local.client, TABLE).currentVersion(key))?.claimant).toBe(
      `worker ${winner}`,
    );
  });

  it.skipIf(skip)(`builds ${REVISIONS} revisions raced by 8 workers with no gap or duplicate`, async () => {
    const key: TallyKey = {
      watch: "race-many",
      party: "Freedonia",
      population: "civilian",
      category: "missing",
    };
    const target = 1 + REVISIONS;
    const tally = { committed: 0, conflicts: 0 };

    // Each worker re-reads after a lost race and re-decides from the version that beat it.
    await Promise.all(
      stores.map(async (store, worker) => {
        for (;;) {
          const current = await store.currentVersion(key);
          if ((current?.version ?? 0) >= target) return;
          const result = await store.commitVersion(nextVersion(key, current, worker));
          tally[result === "committed" ? "committed" : "conflicts"]++;
        }
      }),
    );

    const reader = new DynamoStore(local.client, TABLE);
    const history: TallyVersion[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<TallyVersion> = await reader.versions(key, { limit: 7, cursor });
      history.push(...page.items);
      cursor = page.cursor;
    } while (cursor);
    const ascending = history.reverse();

    console.log(
      `race on ${local.endpoint}: ${tally.committed} commits, ${tally.conflicts} conflicts, ${WORKERS} workers`,
    );
    expect(tally.committed).toBe(target);
    expect(ascending.map((v) => v.version)).toEqual(Array.from({ length: target }, (_, i) => i + 1));
    // Each version was decided against the one before it: no worker committed from a stale read.
    for (const [i, version] of ascending.entries()) {
      expect(version.value).toBe(1001 + i);
      expect(version.previousValue).toBe(i === 0 ? null : 1000 + i);
    }
  });
});
