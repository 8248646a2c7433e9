import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TallyKey, TallyVersion } from "../../lib/model/tally.ts";
import { createDynamoClient } from "../../lib/store/client.ts";
import { DynamoStore } from "../../lib/store/dynamo-store.ts";
import { startEmbeddedDynamo } from "../../lib/store/embedded.ts";
import { ensureTable } from "../../lib/store/table.ts";
import { cli } from "../support/cli.ts";
import { type LocalDynamo, startDynalite } from "../support/dynalite.ts";

const TABLE = "history-cli";

function key(party: string, category: TallyKey["category"] = "killed"): TallyKey {
  return { watch: "karabakh-2020", party, population: "military", category };
}

function version(
  tally: TallyKey,
  n: number,
  value: number,
  previousValue: number | null,
  statedOn: string,
  quotes: Array<[string, string]>,
): TallyVersion {
  const observedAt = `${statedOn}T18:00:00.000Z`;
  return {
    key: tally,
    version: n,
    kind: previousValue === null ? "open" : "revise",
    value,
    qualifier: "exact",
    claimant: `${tally.party} Defence Ministry`,
    statedOn,
    observedAt,
    previousValue,
    evidence: quotes.map(([outlet, quote], i) => ({
      doc: `https://news.example/${tally.party.toLowerCase()}/${n}/${i}`,
      outlet,
      quote,
      observedAt,
    })),
    corroborations: 0,
    alertState: "sent",
  };
}

const TRICKY_QUOTE = 'Officials said, in a statement headed "Update", that 2,718 servicemen\nhad died.';

const SEED: TallyVersion[] = [
  version(key("Armenia"), 1, 2317, null, "2020-11-14", [
    ["Caucasus Daily", "Yerevan put its dead at 2,317."],
  ]),
  version(key("Armenia"), 2, 2718, 2317, "2020-12-03", [
    ["Caucasus Daily", TRICKY_QUOTE],
    ["Wire Service", "The health ministry raised the count to 2,718."],
  ]),
  version(key("Azerbaijan"), 1, 2783, null, "2020-12-03", [
    ["Baku Herald", "Baku said 2,783 troops were killed."],
  ]),
  version(key("Azerbaijan"), 2, 2855, 2783, "2021-01-12", [
    ["Baku Herald", "Baku now says 2,855 troops died."],
  ]),
  version(key("Azerbaijan", "missing"), 1, 100, null, "2020-12-03", [
    ["Baku Herald", "A hundred are missing."],
  ]),
  version(key("Azerbaijan", "missing"), 2, 50, 100, "2021-01-12", [
    ["Baku Herald", "Fifty are still missing."],
  ]),
];

/** A small RFC 4180 reader, so the test checks the quoting by reading it back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += c;
  }
  return rows;
}

describe("tollwatch history", () => {
  let dynamo: LocalDynamo;
  const remote = () => ["--dynamodb-endpoint", dynamo.endpoint, "--table", TABLE];

  beforeAll(async () => {
    dynamo = await startDynalite();
    await ensureTable(dynamo.client, TABLE);
    const store = new DynamoStore(dynamo.client, TABLE);
    for (const v of SEED) await store.commitVersion(v);
  });
  afterAll(async () => {
    await dynamo.close();
  });

  it("prints a table, newest statement first, with every article behind each version", async () => {
    // Act
    const { code, out, err } = await cli("history", ...remote());
    // Assess
    expect(code, err).toBe(0);
    const lines = out.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^stated\s+watch\s+tally\s+v\s+change\s+claimant\s+evidence$/);
    const stated = lines.slice(2).map((line) => line.slice(0, 10).trim());
    expect(stated).toEqual([
      "2021-01-12",
      "2021-01-12",
      "2020-12-03",
      "",
      "2020-12-03",
      "2020-12-03",
      "2020-11-14",
    ]);
    expect(out).toContain("2,317 -> 2,718");
    expect(out).toContain("opened at 2,783");
    expect(out).toContain(
      'Wire Service: "The health ministry raised the count to 2,718." <https://news.example/armenia/2/1>',
    );
    expect(out).toContain("Azerbaijan military missing");
  });

  it.each<[string, string[], Array<[string, number]>]>([
    [
      "party, any case",
      ["--party", "azerbaijan"],
      [
        ["Azerbaijan", 2],
        ["Azerbaijan", 2],
        ["Azerbaijan", 1],
        ["Azerbaijan", 1],
      ],
    ],
    [
      "party and category",
      ["--party", "Azerbaijan", "--category", "missing"],
      [
        ["Azerbaijan", 2],
        ["Azerbaijan", 1],
      ],
    ],
    [
      "since a day, inclusive",
      ["--since", "2020-12-03"],
      [
        ["Azerbaijan", 2],
        ["Azerbaijan", 2],
        ["Armenia", 2],
        ["Azerbaijan", 1],
        ["Azerbaijan", 1],
      ],
    ],
    ["since a later day", ["--since", "2021-01-13"], []],
    ["a population nobody has", ["--population", "civilian"], []],
    ["a party nobody has", ["--party", "Georgia"], []],
    ["watch", ["--watch", "another-war"], []],
  ])("filters by %s (JSON lines)", async (_name, args, expected) => {
    // Act
    const { code, out, err } = await cli("history", ...remote(), "--format", "json", ...args);
    // Assess
    expect(code, err).toBe(0);
    const versions = out
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as TallyVersion);
    expect(versions.map((v) => [v.key.party, v.version])).toEqual(expected);
    if (expected.length === 0) expect(err).toContain("no versions match");
    for (const v of versions) expect(v.evidence.length).toBeGreaterThan(0);
  });

  it("the global --json means JSON lines too", async () => {
    const { code, out } = await cli("--json", "history", ...remote(), "--party", "Armenia");
    expect(code).toBe(0);
    expect(
      out
        .split("\n")
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as TallyVersion).value),
    ).toEqual([2718, 2317]);
  });

  it("writes CSV with one row per article and quoting that reads back exactly", async () => {
    // Act
    const { code, out } = await cli("history", ...remote(), "--format", "csv", "--party", "Armenia");
    // Assess
    expect(code).toBe(0);
    const rows = parseCsv(out);
    const header = rows[0] ?? [];
    expect(header).toEqual([
      "watch",
      "party",
      "population",
      "category",
      "version",
      "kind",
      "previous_value",
      "value",
      "qualifier",
      "claimant",
      "stated_on",
      "observed_at",
      "alert_state",
      "corroborations",
      "outlet",
      "doc",
      "quote",
    ]);
    const records = rows.slice(1).map((row) => Object.fromEntries(header.map((h, i) => [h, row[i]])));
    expect(records.map((r) => [r.version, r.outlet])).toEqual([
      ["2", "Caucasus Daily"],
      ["2", "Wire Service"],
      ["1", "Caucasus Daily"],
    ]);
    expect(records[0]?.quote).toBe(TRICKY_QUOTE);
    expect(records[2]).toMatchObject({
      previous_value: "",
      value: "2317",
      kind: "open",
      stated_on: "2020-11-14",
    });
  });

  it.each<[string, string[], RegExp]>([
    [
      "population",
      ["--population", "soldiers"],
      /--population must be one of military, civilian, unspecified/,
    ],
    ["category", ["--category", "dead"], /--category must be one of killed, wounded, missing, captured/],
    ["date shape", ["--since", "12/03/2020"], /--since must be a date as YYYY-MM-DD/],
    ["impossible date", ["--since", "2021-02-30"], /--since must be a date as YYYY-MM-DD/],
    ["format", ["--format", "xml"], /--format must be one of table, json, csv/],
    ["endpoint", ["--dynamodb-endpoint", "localhost:8000"], /--dynamodb-endpoint must be an http\(s\) URL/],
  ])("refuses a bad %s with exit code 2 and the allowed values", async (_name, args, message) => {
    const { code, out, err } = await cli("history", ...args);
    expect(code).toBe(2);
    expect(out).toBe("");
    expect(err).toMatch(message);
  });

  it("reports a missing table with exit code 1 and does not create it", async () => {
    const { code, err } = await cli("history", "--dynamodb-endpoint", dynamo.endpoint, "--table", "nope");
    expect(code).toBe(1);
    expect(err).toMatch(/table "nope" does not exist at http:\/\/127\.0\.0\.1:\d+/);
    const again = await cli("history", "--dynamodb-endpoint", dynamo.endpoint, "--table", "nope");
    expect(again.code).toBe(1);
  });

  describe("the embedded store under --data", () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), "tollwatch-history-"));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it("prints nothing for a folder that does not exist yet, without creating it", async () => {
      const { code, out, err } = await cli("history", "--data", join(dir, "absent"), "--format", "json");
      expect(code).toBe(0);
      expect(out).toBe("");
      expect(err).toContain("no data under");
    });

    it("reads what an earlier run persisted", async () => {
      // Prepare
      const data = join(dir, "store");
      const engine = await startEmbeddedDynamo({ path: data });
      const client = createDynamoClient({ endpoint: engine.endpoint });
      await ensureTable(client, "tollwatch");
      for (const v of SEED.slice(0, 2)) await new DynamoStore(client, "tollwatch").commitVersion(v);
      client.destroy();
      await engine.close();
      // Act
      const { code, out, err } = await cli("history", "--data", data, "--format", "json");
      // Assess
      expect(code, err).toBe(0);
      expect(
        out
          .split("\n")
          .filter(Boolean)
          .map((l) => (JSON.parse(l) as TallyVersion).value),
      ).toEqual([2718, 2317]);
    });
  });
});
