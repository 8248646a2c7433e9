import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "../support/cli.ts";

const FLOOD = `Flood toll rises in the valley

Officials in Italy said on Tuesday that 14 people had been killed by the floods and 6 were still missing.
`;
const QUIET = `Talks resume

Delegations met for the third time on 12 March, and 40 journalists attended the briefing.
`;
const PAGE = `<!doctype html><html><head><title>Quake toll climbs | Harbour Gazette</title></head><body>
<article><h1>Quake toll climbs</h1><p>Officials in Morocco said on Sunday that 2,012 people had been killed by the
earthquake, and that rescue teams were still searching villages in the mountains south of Marrakesh.</p>
<p>Aid convoys reached several of the worst-hit districts during the night, the interior ministry added.</p>
</article></body></html>`;
const MANIFEST = {
  articles: [
    { file: "flood.txt", outlet: "Valley Post", published: "2023-05-16" },
    { file: "quiet.txt", outlet: "Valley Post", published: "2023-03-12" },
    { file: "quake.html", outlet: "Harbour Gazette", published: "2023-09-10" },
  ],
};
const LABELS = [
  {
    doc: "flood.txt",
    party: "Italy",
    category: "killed",
    value: 14,
    population: ["civilian", "unspecified"],
    qualifier: ["exact"],
    status: ["current"],
    claimant: "civil protection agency",
    quote: "14 people had been killed",
  },
  {
    doc: "flood.txt",
    party: "Italy",
    category: "wounded",
    value: 99,
    population: ["civilian", "unspecified"],
    qualifier: ["exact"],
    status: ["current"],
    claimant: null,
    quote: "a label no extractor can match, so the report has a false negative",
  },
];
const ENCLAVE = `Shelling hits the highlands

Officials in Valleyland said on Monday that 31 people had been killed in the shelling overnight.
`;
const ENCLAVE_LABEL = {
  doc: "enclave.txt",
  party: "Italy",
  category: "killed",
  value: 31,
  population: ["civilian", "unspecified"],
  qualifier: ["exact"],
  status: ["current"],
  claimant: null,
  quote: "31 people had been killed",
};
const FIGURE_KEYS = [
  "doc",
  "party",
  "population",
  "category",
  "value",
  "qualifier",
  "status",
  "claimant",
  "statedOn",
  "quote",
  "confidence",
  "disputed",
  "increment",
];

let dir = "";
const file = (name: string) => join(dir, name);
const jsonLines = (text: string) =>
  text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tollwatch-extract-"));
  await writeFile(file("flood.txt"), FLOOD);
  await writeFile(file("quiet.txt"), QUIET);
  await writeFile(file("quake.html"), PAGE);
  await writeFile(file("manifest.json"), JSON.stringify(MANIFEST));
  await writeFile(file("labels.jsonl"), LABELS.map((l) => JSON.stringify(l)).join("\n"));
  await writeFile(
    file("broken-labels.jsonl"),
    `${JSON.stringify(LABELS[0])}\n{"doc": "flood.txt", "value": "x"}\n`,
  );
  await writeFile(file("orphan-labels.jsonl"), JSON.stringify({ ...LABELS[0], doc: "gone.txt" }));
  await mkdir(file("enclave"));
  await writeFile(join(dir, "enclave", "enclave.txt"), ENCLAVE);
  await writeFile(join(dir, "enclave", "labels.jsonl"), JSON.stringify(ENCLAVE_LABEL));
});

afterAll(async () => {
  if (dir !== "") await rm(dir, { recursive: true, force: true });
});

describe("tollwatch extract", () => {
  it("prints one JSON object per figure, naming the file as given", async () => {
    const { code, out, err } = await cli("extract", "--jsonl", file("flood.txt"), file("quiet.txt"));

    expect({ code, err }).toEqual({ code: 0, err: "" });
    const figures = jsonLines(out);
    expect(figures.length).toBeGreaterThan(0);
    for (const figure of figures) expect(Object.keys(figure).sort()).toEqual([...FIGURE_KEYS].sort());
    expect(figures.every((f) => f.doc === file("flood.txt"))).toBe(true);
    expect(figures).toContainEqual(
      expect.objectContaining({ party: "Italy", category: "killed", value: 14 }),
    );
  });

  it("accepts the global --json as well", async () => {
    const { code, out } = await cli("--json", "extract", file("flood.txt"));

    expect(code).toBe(0);
    expect(jsonLines(out)).toContainEqual(expect.objectContaining({ value: 14 }));
  });

  it("dates statements from the manifest, and --published overrides it", async () => {
    const fromManifest = jsonLines((await cli("extract", "--jsonl", file("flood.txt"))).out);
    const overridden = jsonLines(
      (await cli("extract", "--jsonl", "--published", "2023-06-01", file("flood.txt"))).out,
    );

    expect(fromManifest.find((f) => f.value === 14)?.statedOn).toBe("2023-05-16");
    expect(overridden.find((f) => f.value === 14)?.statedOn).toBe("2023-05-30");
  });

  it("reads an HTML page through the article extractor", async () => {
    const { code, out } = await cli("extract", "--jsonl", file("quake.html"));

    expect(code).toBe(0);
    expect(jsonLines(out)).toContainEqual(
      expect.objectContaining({ doc: file("quake.html"), party: "Morocco", category: "killed", value: 2012 }),
    );
  });

  it("prints a table per file without --jsonl", async () => {
    const { code, out } = await cli("extract", file("flood.txt"), file("quiet.txt"));

    expect(code).toBe(0);
    expect(out).toContain(`${file("flood.txt")} (2023-05-16):`);
    expect(out).toMatch(/party\s+population\s+category\s+value/);
    expect(out).toMatch(/Italy\s+\w+\s+killed\s+14\s/);
    expect(out).toContain(`${file("quiet.txt")} (2023-03-12): 0 figures`);
  });

  it.each([
    [["extract", "--published", "2023-13-01", "x.txt"], /--published must be a date as YYYY-MM-DD/],
    [["extract", "--published", "yesterday", "x.txt"], /--published must be a date as YYYY-MM-DD/],
    [["extract", "--alias", "Artsakh", "x.txt"], /--alias must be "phrase=Country"/],
    [["extract", "--alias", "=Armenia", "x.txt"], /--alias must be "phrase=Country"/],
    [["extract"], /missing required argument/],
  ])("exits 2 on a usage error: %j", async (argv, message) => {
    const { code, err } = await cli(...argv);

    expect(code).toBe(2);
    expect(err).toMatch(message);
  });

  it("accepts a well-formed alias", async () => {
    const { code } = await cli("extract", "--jsonl", "--alias", "Artsakh=Armenia", file("flood.txt"));

    expect(code).toBe(0);
  });

  it("prints what it can, then one error line naming the unreadable file, and exits 1", async () => {
    const missing = file("no-such.txt");

    const { code, out, err } = await cli("extract", "--jsonl", missing, file("flood.txt"));

    expect(code).toBe(1);
    expect(jsonLines(out)).toContainEqual(expect.objectContaining({ value: 14 }));
    expect(err).toBe(`error: ${missing}: no such file; give an existing file or an http(s) URL\n`);
  });

  it("names every unreadable file in its one error line", async () => {
    const { code, err } = await cli("extract", file("a.txt"), dir);

    expect(code).toBe(1);
    expect(err.trim().split("\n")).toHaveLength(1);
    expect(err).toMatch(/2 files could not be read: .*a\.txt: no such file.*is a directory/);
  });
});

describe("tollwatch eval", () => {
  it("prints one JSON object with the scores and the errors", async () => {
    const { code, out, err } = await cli("eval", "--labels", file("labels.jsonl"), "--json");

    expect({ code, err }).toEqual({ code: 0, err: "" });
    const lines = jsonLines(out);
    expect(lines).toHaveLength(1);
    const result = lines[0] ?? {};
    expect(result).toMatchObject({ documents: 3, labels: 2, tp: 1, fn: 1, recall: 0.5 });
    for (const key of ["fp", "precision", "f1", "qualifierAccuracy", "statusAccuracy"]) {
      expect(result).toHaveProperty(key);
    }
    expect(result.errors).toContainEqual(
      expect.objectContaining({
        kind: "false_negative",
        doc: "flood.txt",
        label: expect.objectContaining({ value: 99 }),
      }),
    );
  });

  it("prints a readable report and exits 0 whatever the score", async () => {
    const { code, out } = await cli("eval", "--labels", file("labels.jsonl"), "--docs", dir);

    expect(code).toBe(0);
    expect(out).toContain("3 documents, 2 scored labels");
    expect(out).toMatch(/precision\s+\d\.\d{3}/);
    expect(out).toMatch(/recall\s+0\.500/);
    expect(out).toMatch(/F1\s+\d\.\d{3}/);
    expect(out).toMatch(/qualifier\s+1\.000/);
    expect(out).toMatch(/FN\s+flood\.txt\s+Italy wounded 99/);
  });

  it.each([
    [[], 0],
    [["--alias", "Valleyland=Italy"], 1],
  ])("scores with the aliases given, as extract reads them: %j", async (aliasArgs, tp) => {
    const labels = join(dir, "enclave", "labels.jsonl");

    const { code, out } = await cli("eval", "--labels", labels, "--json", ...aliasArgs);

    expect(code).toBe(0);
    expect(jsonLines(out)[0]).toMatchObject({ labels: 1, tp });
  });

  it("exits 2 on a malformed alias", async () => {
    const { code, err } = await cli("eval", "--labels", file("labels.jsonl"), "--alias", "Valleyland");

    expect(code).toBe(2);
    expect(err).toMatch(/--alias must be "phrase=Country"/);
  });

  it("exits 2 without --labels", async () => {
    const { code, err } = await cli("eval");

    expect(code).toBe(2);
    expect(err).toMatch(/required option '--labels <file>'/);
  });

  it.each([
    [["eval", "--labels", "no/such/labels.jsonl"], /^error: no\/such\/labels\.jsonl: no such file/],
    [["eval", "--labels", "BROKEN"], /broken-labels\.jsonl:2: "party" must be a country name or null/],
    [["eval", "--labels", "ORPHAN"], /gone\.txt: no such file/],
  ])("fails with one line and exit code 1 on unreadable input: %j", async (argv, message) => {
    const args = argv.map((a) =>
      a === "BROKEN" ? file("broken-labels.jsonl") : a === "ORPHAN" ? file("orphan-labels.jsonl") : a,
    );

    const { code, err } = await cli(...args);

    expect(code).toBe(1);
    expect(err).toMatch(message);
    expect(err.trim().split("\n")).toHaveLength(1);
  });

  it("is listed in the help with extract", async () => {
    const { out } = await cli("--help");

    expect(out).toMatch(/extract \[options\] <file\.\.\.>/);
    expect(out).toMatch(/eval \[options\]/);
  });
});
