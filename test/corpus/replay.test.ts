import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ReplayAlert } from "../../lib/monitor/replay.ts";
import { cli } from "../support/cli.ts";
import { CORPUS_DIR, skipWithoutShared } from "../support/shared.ts";

interface Timeline {
  tallies: Array<{
    party: string;
    population: string;
    category: string;
    first: number;
    revisions: Array<{ from: number; to: number; in: string }>;
  }>;
}

const SEEDS_DIR = join(CORPUS_DIR, "seeds");

/** What identifies an alert, as one comparable string. */
const identity = (a: {
  kind: string;
  party: string;
  population: string;
  category: string;
  from: number | null;
  to: number;
}) => JSON.stringify([a.kind, a.party, a.population, a.category, a.from, a.to]);

describe.skipIf(skipWithoutShared("replay of the seed timeline"))(
  "tollwatch replay on the seed articles",
  () => {
    // Everything is read in beforeAll: vitest runs a skipped suite's body, and the corpus may be absent.
    let run: { code: number; out: string; err: string };
    let alerts: ReplayAlert[] = [];
    let timeline: Timeline;

    beforeAll(async () => {
      timeline = JSON.parse(await readFile(join(SEEDS_DIR, "expected-timeline.json"), "utf8")) as Timeline;
      run = await cli("replay", "--jsonl", join(SEEDS_DIR, "manifest.json"));
      alerts = run.out
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map((line) => JSON.parse(line) as ReplayAlert);
    });

    it("exits 0 with nothing on stderr", () => {
      expect({ code: run.code, err: run.err }).toEqual({ code: 0, err: "" });
    });

    it("prints exactly the expected openings and revisions, and nothing else", () => {
      // Prepare
      const expected = timeline.tallies.flatMap((t) => [
        identity({ kind: "open", ...t, from: null, to: t.first }),
        ...t.revisions.map((r) => identity({ kind: "revise", ...t, from: r.from, to: r.to })),
      ]);

      // Assess
      expect(alerts.map(identity).sort()).toEqual(expected.sort());
      expect(alerts.filter((a) => a.kind === "open")).toHaveLength(7);
      expect(alerts.filter((a) => a.kind === "revise")).toHaveLength(4);
    });

    it("names the article of each revision", () => {
      // Prepare
      const expected = timeline.tallies.flatMap((t) =>
        t.revisions.map((r) => [identity({ kind: "revise", ...t, from: r.from, to: r.to }), r.in]),
      );

      // Assess
      const revisions = alerts.filter((a) => a.kind === "revise").map((a) => [identity(a), a.doc]);
      expect(revisions.sort()).toEqual(expected.sort());
    });

    it("prints alerts in manifest order, each with every field", async () => {
      // Prepare
      const manifest = JSON.parse(await readFile(join(SEEDS_DIR, "manifest.json"), "utf8")) as {
        articles: Array<{ file: string }>;
      };
      const order = manifest.articles.map((a) => a.file);

      // Assess
      const positions = alerts.map((a) => order.indexOf(a.doc));
      expect(positions.every((p) => p >= 0)).toBe(true);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
      for (const alert of alerts) {
        expect(Object.keys(alert).sort()).toEqual(
          [
            "category",
            "claimant",
            "doc",
            "from",
            "kind",
            "party",
            "population",
            "statedOn",
            "to",
            "watch",
          ].sort(),
        );
        expect(alert.watch).toBe("default");
      }
    });
  },
);

describe.skipIf(skipWithoutShared("replay command errors and options"))(
  "tollwatch replay, errors and options",
  () => {
    let dir = "";
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), "tollwatch-replay-"));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it("prints a table and a summary without --jsonl", async () => {
      // Act
      const run = await cli("replay", join(SEEDS_DIR, "manifest.json"));

      // Assess
      expect(run.code).toBe(0);
      expect(run.out).toMatch(/^article\s+kind\s+watch\s+party/);
      expect(run.out).toMatch(/2783 -> 2855/);
      expect(run.out).toMatch(/\n5 articles: \d+ opened, \d+ revised, .* alerts delivered\n$/);
    });

    it("follows the config's watches and policy", async () => {
      // Prepare: only revisions, only Armenia, under a watch named by a phrase every seed article uses
      const config = join(dir, "armenia.json");
      await writeFile(
        config,
        JSON.stringify({
          watches: [{ id: "karabakh", title: "Karabakh war", phrases: ["Karabakh"] }],
          alerts: { onOpen: false, parties: ["Armenia"] },
        }),
      );

      // Act
      const run = await cli("replay", "--jsonl", "--config", config, join(SEEDS_DIR, "manifest.json"));

      // Assess
      const lines = run.out
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as ReplayAlert);
      expect(lines.map((a) => [a.kind, a.watch, a.party, a.from, a.to])).toEqual([
        ["revise", "karabakh", "Armenia", 2317, 2718],
      ]);
    });

    it.each([
      [
        "a missing manifest",
        1,
        () => ["replay", join(dir, "nowhere", "manifest.json")],
        /manifest\.json: not found/,
      ],
      [
        "an invalid config",
        2,
        () => ["replay", "--config", join(dir, "bad.json"), join(SEEDS_DIR, "manifest.json")],
        /bad\.json: alerts\.onOpen: must be true or false/,
      ],
      [
        "a missing config",
        2,
        () => ["replay", "--config", join(dir, "absent.json"), join(SEEDS_DIR, "manifest.json")],
        /absent\.json: cannot be read/,
      ],
      [
        "an article that is not there",
        1,
        () => ["replay", join(dir, "broken", "manifest.json")],
        /ghost\.txt/,
      ],
    ])("fails on %s with one line and exit code %i", async (_what, code, argv, message) => {
      // Prepare
      await writeFile(join(dir, "bad.json"), JSON.stringify({ alerts: { onOpen: "no" } }));
      const broken = join(dir, "broken");
      await rm(broken, { recursive: true, force: true });
      await mkdir(broken);
      await writeFile(join(broken, "manifest.json"), JSON.stringify({ articles: [{ file: "ghost.txt" }] }));

      // Act
      const run = await cli(...argv());

      // Assess
      expect(run.code).toBe(code);
      expect(run.out).toBe("");
      expect(run.err).toMatch(message);
      expect(run.err.trim().split("\n")).toHaveLength(1);
    });
  },
);
