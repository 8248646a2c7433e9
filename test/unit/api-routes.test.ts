import { describe, expect, it } from "vitest";
import {
  ApiRequestError,
  MAX_LIMIT,
  parseQuery,
  parseTallyId,
  REVISIONS_QUERY,
  route,
  TALLIES_QUERY,
  tallyId,
  VERSIONS_QUERY,
} from "../../lambdas/api-routes.ts";
import type { TallyKey } from "../../lib/model/tally.ts";
import type { HistoryStore } from "../../lib/store/ports.ts";

function refusal(run: () => unknown): ApiRequestError {
  try {
    run();
  } catch (err) {
    if (err instanceof ApiRequestError) return err;
    throw err;
  }
  throw new Error("expected an ApiRequestError");
}

describe("tally ids", () => {
  it.each<TallyKey>([
    { watch: "karabakh-2020", party: "Armenia", population: "military", category: "killed" },
    { watch: "w", party: "Côte d'Ivoire", population: "civilian", category: "missing" },
    { watch: "w", party: 'Party #2 / "quoted" %', population: "unspecified", category: "captured" },
  ])("round-trips %j through URL-safe text", (key) => {
    const id = tallyId(key);
    expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(parseTallyId(id)).toEqual(key);
  });

  it.each([
    ["", "not a tally id (base64url text)"],
    ["a%2Fb", "not a tally id (base64url text)"],
    [Buffer.from("not json").toString("base64url"), "does not decode"],
    [
      Buffer.from('["w","Armenia","navy","killed"]').toString("base64url"),
      "not [watch, party, population, category]",
    ],
    [
      Buffer.from('["w","Armenia","military"]').toString("base64url"),
      "not [watch, party, population, category]",
    ],
    [Buffer.from('[ "w","Armenia","military","killed"]').toString("base64url"), "not in canonical form"],
  ])("refuses %j", (id, why) => {
    const err = refusal(() => parseTallyId(id));
    expect(err.status).toBe(400);
    expect(err.message).toContain(why);
    expect(err.message).toContain('use an "id" from GET /tallies unchanged');
  });
});

describe("query parameters", () => {
  it("applies the defaults", () => {
    expect(parseQuery({}, TALLIES_QUERY)).toEqual({ limit: 100 });
    expect(parseQuery({ limit: String(MAX_LIMIT), cursor: "abc_-1" }, VERSIONS_QUERY)).toEqual({
      limit: 500,
      cursor: "abc_-1",
    });
  });

  it.each([
    ["2020-10-01", "2020-10-01T00:00:00.000Z"],
    ["2020-10-01T04:30:00Z", "2020-10-01T04:30:00.000Z"],
    ["2020-10-01T04:30Z", "2020-10-01T04:30:00.000Z"],
    ["2020-10-01T04:30:00.123456+04:00", "2020-10-01T00:30:00.123Z"],
    ["2020-10-01T04:30:00 04:00", "2020-10-01T00:30:00.000Z"],
    ["2020-10-01T04:30:00-02:00", "2020-10-01T06:30:00.000Z"],
  ])("reads since=%s as %s", (since, iso) => {
    expect(parseQuery({ since }, REVISIONS_QUERY).since).toBe(iso);
  });

  it.each([
    [{}, REVISIONS_QUERY, "since: missing"],
    [
      { since: "2020-10-01T04:30:00" },
      REVISIONS_QUERY,
      'since: "2020-10-01T04:30:00" is not an ISO 8601 time',
    ],
    [{ since: "2021-02-29" }, REVISIONS_QUERY, "is not an ISO 8601 time"],
    [{ since: "1601510400" }, REVISIONS_QUERY, "is not an ISO 8601 time"],
    [
      { since: "2020-10-01", limit: "1.5" },
      REVISIONS_QUERY,
      'limit: "1.5" is not a whole number from 1 to 500',
    ],
    [{ limit: "-1" }, TALLIES_QUERY, 'limit: "-1" is not a whole number'],
    [{ limit: "" }, TALLIES_QUERY, 'limit: "" is not a whole number'],
    [{ cursor: "" }, VERSIONS_QUERY, "cursor: not a cursor this route handed out"],
    [{ cursor: "a".repeat(2049) }, VERSIONS_QUERY, "cursor: not a cursor"],
    [{ watch: "x", since: "2020-10-01" }, VERSIONS_QUERY, 'unknown parameter "watch", "since"'],
  ] as const)("refuses %j", (query, shape, message) => {
    const err = refusal(() => parseQuery(query, shape));
    expect(err.status).toBe(400);
    expect(err.message).toContain(message);
  });
});

describe("routing", () => {
  // Routing refuses before it reads, so a store that must not be touched shows it.
  const untouched = new Proxy({} as HistoryStore, {
    get: (_target, name) => () => Promise.reject(new Error(`store.${String(name)} was called`)),
  });

  it.each([
    ["GET", "/", 404],
    ["GET", "/tallies/abc", 404],
    ["GET", "/tallies/a/b/versions", 404],
    ["DELETE", "/tallies", 405],
    ["PUT", "/revisions", 405],
    ["POST", "/tallies/abc/versions", 405],
    ["GET", "/tallies/abc/versions", 400],
  ])("%s %s -> %i", async (method, path, status) => {
    await expect(route(untouched, { method, path, query: {} })).rejects.toMatchObject({ status });
  });

  it("lists tallies with the trailing slash too", async () => {
    const store = { allTallies: async () => [] } as unknown as HistoryStore;
    await expect(route(store, { method: "GET", path: "/tallies/", query: {} })).resolves.toEqual({
      status: 200,
      body: { items: [], cursor: null },
    });
  });
});
