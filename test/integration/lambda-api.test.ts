/**
 * The query API's handler, called with HTTP API (payload 2.0) events against dynalite: every route,
 * pagination through cursors, and the answers to bad parameters, unknown routes and a store outage.
 */
import { createServer } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { handler } from "../../lambdas/api.ts";
import { tallyId } from "../../lambdas/api-routes.ts";
import { resetForTests } from "../../lambdas/runtime.ts";
import type { TallyKey, TallyVersion } from "../../lib/model/tally.ts";
import { DynamoStore } from "../../lib/store/dynamo-store.ts";
import { ensureTable } from "../../lib/store/table.ts";
import { type LocalDynamo, startDynalite } from "../support/dynalite.ts";
import { apiEvent, captureOutput, lambdaContext } from "../support/lambda-events.ts";

const TABLE = "tollwatch-api";
const ARMENIA: TallyKey = {
  watch: "karabakh-2020",
  party: "Armenia",
  population: "military",
  category: "killed",
};
const AZERBAIJAN: TallyKey = { ...ARMENIA, party: "Azerbaijan" };
const CIVILIANS: TallyKey = {
  watch: "border-2022",
  party: "Armenia",
  population: "civilian",
  category: "wounded",
};

let dynamo: LocalDynamo;

function version(key: TallyKey, n: number, value: number, observedAt: string): TallyVersion {
  return {
    key,
    version: n,
    kind: n === 1 ? "open" : "revise",
    value,
    qualifier: "exact",
    claimant: `${key.party} ministry`,
    statedOn: observedAt.slice(0, 10),
    observedAt,
    previousValue: n === 1 ? null : value - 10,
    evidence: [
      { doc: `https://news.example/${n}`, outlet: "Example News", quote: `${value} people`, observedAt },
    ],
    corroborations: 0,
    alertState: "sent",
  };
}

function useEndpoint(endpoint: string): void {
  const values = {
    AWS_REGION: "eu-west-1",
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
    AWS_CONFIG_FILE: "/nonexistent/tollwatch-test/config",
    AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/tollwatch-test/credentials",
    AWS_ENDPOINT_URL_DYNAMODB: endpoint,
    TABLE_NAME: TABLE,
  };
  for (const [name, value] of Object.entries(values)) vi.stubEnv(name, value);
  resetForTests();
}

async function get(path: string, query: Record<string, string> = {}, method = "GET") {
  const event = apiEvent(method, path, query);
  const run = await captureOutput(() => handler(event, lambdaContext("api")));
  if (run.error !== undefined) throw run.error;
  const result = run.result;
  return {
    status: result?.statusCode,
    headers: result?.headers ?? {},
    body: JSON.parse(String(result?.body)) as {
      items: Array<TallyVersion & { id?: string }>;
      cursor: string | null;
      error?: string;
      requestId?: string;
    },
    requestId: event.requestContext.requestId,
    logs: run.logs,
  };
}

beforeAll(async () => {
  dynamo = await startDynalite();
  await ensureTable(dynamo.client, TABLE);
  const store = new DynamoStore(dynamo.client, TABLE);
  for (const v of [
    version(ARMENIA, 1, 700, "2020-10-05T10:00:00.000Z"),
    version(ARMENIA, 2, 1_000, "2020-10-12T10:00:00.000Z"),
    version(ARMENIA, 3, 2_317, "2020-11-14T10:00:00.000Z"),
    version(AZERBAIJAN, 1, 2_783, "2020-12-03T10:00:00.000Z"),
    version(CIVILIANS, 1, 12, "2022-09-14T10:00:00.000Z"),
  ]) {
    expect(await store.commitVersion(v)).toBe("committed");
  }
});

afterAll(async () => {
  await dynamo?.close();
});

beforeEach(() => useEndpoint(dynamo.endpoint));
afterEach(() => {
  vi.unstubAllEnvs();
  resetForTests();
});

describe("GET /tallies", () => {
  it("lists the newest version of every tally, two pages through the cursor", async () => {
    const first = await get("/tallies", { limit: "2" });
    expect(first.status).toBe(200);
    expect(first.headers["content-type"]).toContain("application/json");
    expect(first.body.items.map((t) => [t.key.watch, t.key.party, t.version])).toEqual([
      ["border-2022", "Armenia", 1],
      ["karabakh-2020", "Armenia", 3],
    ]);
    expect(first.body.cursor).not.toBeNull();
    const second = await get("/tallies", { limit: "2", cursor: String(first.body.cursor) });
    expect(second.body.items.map((t) => t.key.party)).toEqual(["Azerbaijan"]);
    expect(second.body.cursor).toBeNull();
    expect(first.body.items[1]?.id).toBe(tallyId(ARMENIA));
  });

  it("filters by watch", async () => {
    const { body } = await get("/tallies", { watch: "border-2022" });
    expect(body.items.map((t) => t.key)).toEqual([CIVILIANS]);
    expect(body.cursor).toBeNull();
  });
});

describe("GET /tallies/{id}/versions", () => {
  it("pages through one tally's versions, newest first", async () => {
    const path = `/tallies/${tallyId(ARMENIA)}/versions`;
    const first = await get(path, { limit: "2" });
    expect(first.body.items.map((v) => v.value)).toEqual([2_317, 1_000]);
    const second = await get(path, { limit: "2", cursor: String(first.body.cursor) });
    expect(second.body.items.map((v) => v.value)).toEqual([700]);
    expect(second.body.cursor).toBeNull();
  });

  it("answers 404 for a tally that does not exist and 400 for an id that cannot be one", async () => {
    const missing = await get(`/tallies/${tallyId({ ...ARMENIA, party: "Georgia" })}/versions`);
    expect(missing.status).toBe(404);
    expect(missing.body.error).toContain("GET /tallies");
    const bad = await get("/tallies/not-an-id/versions");
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/^id: not a tally id/);
  });
});

describe("GET /revisions", () => {
  it("lists versions recorded since a time, oldest first, across pages", async () => {
    const first = await get("/revisions", { since: "2020-10-10", limit: "2" });
    expect(first.body.items.map((v) => v.value)).toEqual([1_000, 2_317]);
    const second = await get("/revisions", {
      since: "2020-10-10",
      limit: "2",
      cursor: String(first.body.cursor),
    });
    expect(second.body.items.map((v) => v.value)).toEqual([2_783, 12]);
    expect(second.body.cursor).toBeNull();
    const offset = await get("/revisions", { since: "2022-09-14T12:00:00+04:00" });
    expect(offset.body.items.map((v) => v.value)).toEqual([12]);
  });
});

describe("refused requests", () => {
  it.each([
    ["/revisions", {}, /^since: missing: give the earliest time.*since=2020-10-01T00:00:00Z/],
    ["/revisions", { since: "yesterday" }, /^since: "yesterday" is not an ISO 8601 time: e\.g\. since=/],
    ["/revisions", { since: "2020-02-30" }, /^since: "2020-02-30" is not an ISO 8601 time/],
    ["/tallies", { limit: "0" }, /^limit: "0" is not a whole number from 1 to 500: e\.g\. limit=100/],
    ["/tallies", { limit: "501" }, /^limit: "501" is not a whole number from 1 to 500/],
    ["/tallies", { cursor: "!!" }, /^cursor: not a cursor this route handed out/],
    ["/tallies", { cursor: "abc" }, /^cursor: not a cursor this route handed out/],
    ["/revisions", { since: "2020-01-01", cursor: "eyJ4IjoxfQ" }, /^cursor: not a cursor/],
    ["/tallies", { lmit: "5" }, /^unknown parameter "lmit": this route takes watch, limit, cursor/],
    ["/tallies", { watch: "Karabakh War" }, /^watch: not a watch id/],
  ])("GET %s %j -> 400", async (path, query, message) => {
    const { status, body } = await get(path, query as Record<string, string>);
    expect(status).toBe(400);
    expect(body.error).toMatch(message);
  });

  it("refuses a cursor from another listing", async () => {
    const tallies = await get("/tallies", { limit: "1" });
    const path = `/tallies/${tallyId(ARMENIA)}/versions`;
    const { status, body } = await get(path, { cursor: String(tallies.body.cursor) });
    expect(status).toBe(400);
    expect(body.error).toMatch(/^cursor: /);
  });

  it("answers 404 for an unknown route and 405 for a method other than GET", async () => {
    const unknown = await get("/tolls");
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toContain("GET /tallies, GET /tallies/{id}/versions, GET /revisions");
    const post = await get("/tallies", {}, "POST");
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe("GET");
  });

  it("answers 500 with the request id and no stack when the store is down", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    useEndpoint(`http://127.0.0.1:${port}`);

    const run = await get("/tallies");
    expect(run.status).toBe(500);
    expect(run.body).toEqual({ error: expect.stringContaining(run.requestId), requestId: run.requestId });
    expect(JSON.stringify(run.body)).not.toMatch(/ at |ECONNREFUSED|\.ts:/);
    const error = run.logs.find((l) => l.level === "ERROR");
    expect(error?.correlation_id).toBe(run.requestId);
    expect(error?.error).toBeDefined();
  });
});
