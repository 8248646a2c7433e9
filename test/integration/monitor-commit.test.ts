import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadDocument, readManifest } from "../../lib/cli/documents.ts";
import { extractFigures } from "../../lib/extract/extract.ts";
import type { Figure, FigureStatus, Population, Qualifier } from "../../lib/model/figure.ts";
import type { TallyKey, TallyVersion, Watch } from "../../lib/model/tally.ts";
import {
  CommitContentionError,
  type CommitDeps,
  type CommittedArticle,
  recordArticle,
} from "../../lib/monitor/commit.ts";
import { DEFAULT_POLICY } from "../../lib/notify/policy.ts";
import { DynamoStore } from "../../lib/store/dynamo-store.ts";
import type { TallyStore } from "../../lib/store/ports.ts";
import { ensureTable } from "../../lib/store/table.ts";
import { keyString, reconcileAll, type TallyEvent } from "../../lib/tally/fold.ts";
import { type LocalDynamo, startDynalite } from "../support/dynalite.ts";
import { CORPUS_DIR, skipWithoutShared } from "../support/shared.ts";

const CLOCK = new Date("2024-05-06T07:08:09.000Z");
const now = () => CLOCK;

type Row = [
  party: string | null,
  population: Population,
  value: number,
  qualifier: Qualifier,
  status: FigureStatus,
];

interface Story {
  article: CommittedArticle;
  figures: Figure[];
}

/** An invented story: each row is one killed figure, dated to the article when current. */
function story(doc: string, published: string, rows: Row[], text = "Fighting along the Vell river."): Story {
  return {
    article: { doc, outlet: `${doc} outlet`, title: null, text, published },
    figures: rows.map(([party, population, value, qualifier, status], i) => ({
      party,
      population,
      category: "killed",
      value,
      qualifier,
      status,
      claimant: party === null ? null : `${party} Defence Ministry`,
      statedOn: status === "current" ? published : null,
      quote: `Sentence ${i} of ${doc} gives ${value}.`,
      span: [i * 100, i * 100 + 50],
      confidence: 0.9,
      disputed: false,
      increment: false,
    })),
  };
}

/** What reconcileAll is given for the same stories: the evidence recordArticle builds. */
function foldEvents(stories: readonly Story[], watch = "default"): TallyEvent[] {
  return stories.flatMap(({ article, figures }) =>
    figures.map((figure) => ({
      watch,
      figure,
      evidence: {
        doc: article.doc,
        outlet: article.outlet,
        quote: figure.quote,
        observedAt: CLOCK.toISOString(),
      },
    })),
  );
}

async function storedVersions(store: DynamoStore, keys: Iterable<TallyKey>): Promise<TallyVersion[]> {
  const all: TallyVersion[] = [];
  for (const key of keys) all.push(...(await store.versions(key, { limit: 100 })).items);
  return sortVersions(all);
}

function sortVersions(versions: readonly TallyVersion[]): TallyVersion[] {
  return [...versions].sort(
    (a, b) => keyString(a.key).localeCompare(keyString(b.key)) || a.version - b.version,
  );
}

function uniqueKeys(versions: readonly TallyVersion[]): TallyKey[] {
  return [...new Map(versions.map((v) => [keyString(v.key), v.key])).values()];
}

// Invented events in the shape of a real timeline: a floor refined by an exact count, a recall of an
// older figure, a rounded restatement, a party-less total and a marked correction downward.
const TIMELINE: Story[] = [
  story("a1", "2021-03-01", [
    ["Freedonia", "military", 400, "more_than", "current"],
    ["Freedonia", "military", 412, "exact", "current"],
    ["Sylvania", "civilian", 30, "at_least", "current"],
    [null, "unspecified", 900, "about", "current"],
  ]),
  story("a2", "2021-03-01", [
    ["Freedonia", "military", 412, "exact", "current"],
    ["Sylvania", "civilian", 31, "exact", "current"],
  ]),
  story("a3", "2021-03-04", [
    ["Freedonia", "military", 500, "nearly", "current"],
    ["Freedonia", "military", 488, "exact", "current"],
    ["Sylvania", "civilian", 30, "exact", "earlier"],
  ]),
  story("a4", "2021-03-02", [["Freedonia", "military", 450, "exact", "current"]]),
];

describe("recordArticle on dynalite", () => {
  let local: LocalDynamo;
  let store: DynamoStore;
  let tables = 0;

  beforeAll(async () => {
    local = await startDynalite();
  }, 60_000);
  afterAll(async () => {
    await local?.close();
  });
  beforeEach(async () => {
    const table = `monitor-commit-${++tables}`;
    await ensureTable(local.client, table);
    store = new DynamoStore(local.client, table);
  });

  const deps = (overrides: Partial<CommitDeps> = {}): CommitDeps => ({
    store,
    policy: DEFAULT_POLICY,
    now,
    ...overrides,
  });

  it("commits the same versions as the pure fold over an invented timeline", async () => {
    // Prepare
    const expected = reconcileAll(foldEvents(TIMELINE));

    // Act
    for (const { article, figures } of TIMELINE) await recordArticle(deps(), article, figures, []);

    // Assess
    expect(expected.versions.map((v) => `${v.key.party} ${v.previousValue}->${v.value}`)).toEqual([
      "Freedonia null->412",
      "Sylvania null->30",
      "Sylvania 30->31",
      "Freedonia 412->488",
    ]);
    expect(await storedVersions(store, uniqueKeys(expected.versions))).toEqual(
      sortVersions(expected.versions),
    );
  });

  it.each([
    ["the exact count before the floor that rounds it", "a1", ["open", "consistent", "open"]],
    ["an exact repeat, then the later floor", "a2", ["corroborate", "revise"]],
  ])("reports a decision per tallied figure: %s", async (_what, doc, decisions) => {
    // Prepare
    const index = TIMELINE.findIndex((s) => s.article.doc === doc);
    for (const { article, figures } of TIMELINE.slice(0, index)) {
      await recordArticle(deps(), article, figures, []);
    }
    const target = TIMELINE[index];
    if (target === undefined) throw new Error(`no story ${doc}`);

    // Act
    const outcomes = await recordArticle(deps(), target.article, target.figures, []);

    // Assess: the party-less figure has no tally and no outcome
    expect(outcomes.map((o) => o.decision).sort()).toEqual([...decisions].sort());
    expect(outcomes.every((o) => o.watch === "default")).toBe(true);
  });

  it("records an observation for every tallied figure, whatever its decision", async () => {
    // Prepare
    const [first, second] = TIMELINE;
    if (!first || !second) throw new Error("timeline too short");
    await recordArticle(deps(), first.article, first.figures, []);

    // Act
    await recordArticle(deps(), second.article, second.figures, []);

    // Assess
    const key: TallyKey = {
      watch: "default",
      party: "Freedonia",
      population: "military",
      category: "killed",
    };
    const observed = (await store.observations(key, { limit: 50 })).items;
    expect(observed.map((o) => o.decision).sort()).toEqual(["consistent", "corroborate", "open"]);
    expect((await store.currentVersion(key))?.corroborations).toBe(1);
  });

  it.each<[string, Watch[], string[]]>([
    ["no watch configured: the default watch", [], ["default"]],
    [
      "only the watches whose phrase and window match",
      [
        { id: "vell-2021", title: "Vell river fighting", phrases: ["Vell river"], from: "2021-01-01" },
        { id: "vell-2019", title: "Earlier clashes", phrases: ["Vell river"], to: "2019-12-31" },
        { id: "coast", title: "Coastal floods", phrases: ["flood"] },
      ],
      ["vell-2021"],
    ],
    [
      "no configured watch matches: nothing is tallied",
      [{ id: "coast", title: "Floods", phrases: ["flood"] }],
      [],
    ],
  ])("tallies under %s", async (_what, watches, expected) => {
    // Prepare
    const { article, figures } = story("w1", "2021-03-01", [
      ["Freedonia", "military", 12, "exact", "current"],
    ]);

    // Act
    const outcomes = await recordArticle(deps(), article, figures, watches);

    // Assess
    expect(outcomes.map((o) => o.watch)).toEqual(expected);
  });

  it.each<[string, Partial<typeof DEFAULT_POLICY>, string[]]>([
    ["every alert on", {}, ["pending", "pending"]],
    ["openings silenced", { onOpen: false }, ["suppressed", "pending"]],
    ["another party only", { parties: ["Sylvania"] }, ["suppressed", "suppressed"]],
    ["a revision too small", { minAbsoluteDelta: 100 }, ["pending", "suppressed"]],
  ])("stores the alert state the policy gives: %s", async (_what, policy, states) => {
    // Prepare
    const opening = story("p1", "2021-03-01", [["Freedonia", "military", 412, "exact", "current"]]);
    const revision = story("p2", "2021-03-04", [["Freedonia", "military", 488, "exact", "current"]]);
    const withPolicy = deps({ policy: { ...DEFAULT_POLICY, ...policy } });

    // Act
    await recordArticle(withPolicy, opening.article, opening.figures, []);
    await recordArticle(withPolicy, revision.article, revision.figures, []);

    // Assess
    const key: TallyKey = {
      watch: "default",
      party: "Freedonia",
      population: "military",
      category: "killed",
    };
    const versions = (await store.versions(key)).items.reverse();
    expect(versions.map((v) => v.alertState)).toEqual(states);
  });

  it("re-reads and decides again when another worker commits the same version first", async () => {
    // Prepare: a rival commits 600 between our read and our write
    const opening = story("r1", "2021-03-01", [["Freedonia", "military", 412, "exact", "current"]]);
    await recordArticle(deps(), opening.article, opening.figures, []);
    const rival = story("r2", "2021-03-05", [["Freedonia", "military", 600, "exact", "current"]]);
    const ours = story("r3", "2021-03-04", [["Freedonia", "military", 488, "exact", "current"]]);
    let raced = false;
    const racing: TallyStore = {
      currentVersion: (key) => store.currentVersion(key),
      getVersion: (key, n) => store.getVersion(key, n),
      addObservation: (o) => store.addObservation(o),
      incrementCorroboration: (key, n, doc) => store.incrementCorroboration(key, n, doc),
      commitVersion: async (version) => {
        if (!raced) {
          raced = true;
          await recordArticle(deps(), rival.article, rival.figures, []);
        }
        return store.commitVersion(version);
      },
    };

    // Act
    const [outcome] = await recordArticle(deps({ store: racing }), ours.article, ours.figures, []);

    // Assess: against the rival's newer 600, our older 488 is stale; nothing of ours was committed
    expect(outcome).toMatchObject({ decision: "stale", againstVersion: 2, version: null });
    const key: TallyKey = {
      watch: "default",
      party: "Freedonia",
      population: "military",
      category: "killed",
    };
    expect((await store.versions(key)).items.map((v) => v.value)).toEqual([600, 412]);
  });

  it("gives up with a clear error when every commit attempt loses", async () => {
    // Prepare
    const { article, figures } = story("c1", "2021-03-01", [
      ["Freedonia", "military", 412, "exact", "current"],
    ]);
    const losing: TallyStore = {
      currentVersion: async () => null,
      getVersion: async () => null,
      addObservation: async () => {},
      incrementCorroboration: async () => null,
      commitVersion: async () => "conflict",
    };

    // Act
    const attempt = recordArticle(deps({ store: losing }), article, figures, []);

    // Assess
    await expect(attempt).rejects.toThrow(CommitContentionError);
    await expect(attempt).rejects.toThrow(/default\/Freedonia\/military\/killed.*retry the article/);
  });

  describe.skipIf(skipWithoutShared("commit over the seed articles"))("on the seed articles", () => {
    it("commits, in manifest order, the same versions as reconcileAll", async () => {
      // Prepare: read in the test, never at collection time, since the corpus may be absent
      const dir = join(CORPUS_DIR, "seeds");
      const manifest = await readManifest(dir);
      if (manifest === null) throw new Error(`no manifest in ${dir}`);
      const stories: Story[] = [];
      for (const entry of manifest.articles) {
        const { input } = await loadDocument(join(dir, entry.file));
        stories.push({
          article: {
            doc: entry.file,
            outlet: input.outlet ?? null,
            title: input.title ?? null,
            text: input.text,
            published: input.published,
          },
          figures: extractFigures(input),
        });
      }
      const expected = reconcileAll(foldEvents(stories));

      // Act
      for (const { article, figures } of stories) await recordArticle(deps(), article, figures, []);

      // Assess
      expect(expected.versions.filter((v) => v.kind === "revise")).toHaveLength(4);
      expect(await storedVersions(store, uniqueKeys(expected.versions))).toEqual(
        sortVersions(expected.versions),
      );
    });
  });
});
