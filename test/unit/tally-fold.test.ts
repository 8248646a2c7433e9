import { describe, expect, it } from "vitest";
import type { Category, Figure, FigureStatus, Population, Qualifier } from "../../lib/model/figure.ts";
import type { TallyKey, TallyVersion } from "../../lib/model/tally.ts";
import {
  currentTallies,
  finalWordsFirst,
  precisionFirst,
  reconcileAll,
  type TallyEvent,
} from "../../lib/tally/fold.ts";

const WATCH = "karabakh-2020";

type Row = [
  party: string | null,
  population: Population,
  category: Category,
  value: number,
  qualifier: Qualifier,
  status: FigureStatus,
];

/** A figure as an extractor reports it: current statements dated to the article, recalled ones undated. */
function figure(row: Row, published: string, quote = ""): Figure {
  const [party, population, category, value, qualifier, status] = row;
  return {
    party,
    population,
    category,
    value,
    qualifier,
    status,
    claimant: null,
    statedOn: status === "current" ? published : null,
    quote,
    span: [0, 0],
    confidence: 0.9,
    disputed: false,
    increment: false,
  };
}

function article(doc: string, published: string, rows: Row[], watch = WATCH): TallyEvent[] {
  return rows.map((row) => ({
    watch,
    figure: figure(row, published),
    evidence: { doc, outlet: doc, quote: "", observedAt: `${published}T12:00:00Z` },
  }));
}

// The seed articles' facts, in publication order; the wording here is ours.
const SEED: Record<string, TallyEvent[]> = {
  a000: article("000", "2020-12-03", [
    ["Azerbaijan", "military", "killed", 2800, "nearly", "current"],
    ["Azerbaijan", "military", "killed", 2783, "exact", "current"],
    ["Azerbaijan", "military", "missing", 100, "more_than", "current"],
    ["Armenia", "military", "killed", 2317, "exact", "earlier"],
    ["Azerbaijan", "civilian", "killed", 93, "at_least", "current"],
    ["Armenia", "civilian", "killed", 50, "at_least", "current"],
  ]),
  a002: article("002", "2020-12-03", [
    ["Azerbaijan", "military", "killed", 2783, "exact", "current"],
    ["Azerbaijan", "military", "killed", 2800, "nearly", "current"],
    [null, "military", "killed", 3000, "nearly", "current"],
    ["Azerbaijan", "military", "missing", 100, "more_than", "current"],
    ["Azerbaijan", "military", "wounded", 1245, "exact", "current"],
    ["Azerbaijan", "civilian", "killed", 94, "exact", "current"],
    ["Azerbaijan", "civilian", "wounded", 400, "more_than", "current"],
    ["Armenia", "military", "killed", 2718, "at_least", "current"],
  ]),
  a003: article("003", "2020-12-03", [
    ["Azerbaijan", "military", "killed", 2800, "nearly", "current"],
    ["Azerbaijan", "military", "killed", 2783, "exact", "current"],
    ["Azerbaijan", "military", "missing", 100, "exact", "current"],
    ["Armenia", "military", "killed", 2317, "exact", "earlier"],
    ["Azerbaijan", "civilian", "killed", 93, "at_least", "current"],
    ["Armenia", "civilian", "killed", 50, "at_least", "current"],
    [null, "unspecified", "killed", 30000, "about", "historical"],
  ]),
  a004: article("004", "2020-12-04", [
    ["Azerbaijan", "military", "killed", 2783, "exact", "current"],
    ["Azerbaijan", "military", "missing", 100, "exact", "current"],
    ["Armenia", "military", "killed", 2317, "exact", "earlier"],
    ["Azerbaijan", "civilian", "killed", 93, "at_least", "current"],
    ["Armenia", "civilian", "killed", 50, "at_least", "current"],
    [null, "unspecified", "killed", 30000, "about", "historical"],
  ]),
  a001: article("001", "2021-01-19", [
    ["Azerbaijan", "military", "killed", 2800, "more_than", "current"],
    ["Azerbaijan", "military", "killed", 2855, "exact", "current"],
    ["Azerbaijan", "military", "missing", 50, "at_least", "current"],
    ["Armenia", "military", "killed", 2317, "exact", "current"],
    ["Azerbaijan", "civilian", "killed", 90, "more_than", "current"],
    ["Armenia", "civilian", "killed", 50, "more_than", "current"],
    ["Armenia", "unspecified", "killed", 30000, "about", "historical"],
  ]),
};

function inOrder(...docs: string[]): TallyEvent[] {
  return docs.flatMap((d) => SEED[d] ?? []);
}

function describeVersion(v: TallyVersion): string {
  return `${v.key.party} ${v.key.population} ${v.key.category} ${v.previousValue ?? "-"}->${v.value}`;
}

describe("the seed timeline, read in publication order", () => {
  const { versions, observations } = reconcileAll(inOrder("a000", "a002", "a003", "a004", "a001"));

  it("opens exactly the 7 expected tallies", () => {
    const opened = versions.filter((v) => v.kind === "open").map(describeVersion);
    expect(opened.sort()).toEqual(
      [
        "Azerbaijan military killed -->2783",
        "Azerbaijan military missing -->100",
        "Armenia military killed -->2317",
        "Azerbaijan civilian killed -->93",
        "Armenia civilian killed -->50",
        "Azerbaijan military wounded -->1245",
        "Azerbaijan civilian wounded -->400",
      ].sort(),
    );
  });

  it("revises exactly the 4 expected tallies, in order, in the expected articles", () => {
    const revised = versions
      .filter((v) => v.kind === "revise")
      .map((v) => [describeVersion(v), v.evidence[0]?.doc]);
    expect(revised).toEqual([
      ["Azerbaijan civilian killed 93->94", "002"],
      ["Armenia military killed 2317->2718", "002"],
      ["Azerbaijan military killed 2783->2855", "001"],
      ["Azerbaijan military missing 100->50", "001"],
    ]);
  });

  it.each<[string, (v: TallyVersion) => boolean]>([
    [
      "Armenia military killed back to 2,317",
      (v) => v.key.party === "Armenia" && v.kind === "revise" && v.value === 2317,
    ],
    ["Azerbaijan military killed at 2,800", (v) => v.key.party === "Azerbaijan" && v.value === 2800],
    [
      "Azerbaijan civilian killed back to 93 or to 90",
      (v) => v.kind === "revise" && (v.value === 93 || v.value === 90),
    ],
    ["any tally of 30,000 or 3,000", (v) => v.value === 30000 || v.value === 3000],
    ["Azerbaijan military missing back to 100", (v) => v.kind === "revise" && v.previousValue === 50],
  ])("never alerts: %s", (_name, bad) => {
    expect(versions.filter(bad)).toEqual([]);
  });

  it("counts repeats of the current value as corroborations and tallies no partyless or historical figure", () => {
    const current = currentTallies(versions);
    expect(versions.find((v) => v.value === 2783)?.corroborations).toBe(3);
    expect(current.get(`${WATCH}#Armenia#civilian#killed`)?.corroborations).toBe(3);
    expect(observations).toHaveLength(30);
    expect(observations.some((o) => o.figure.party === null || o.figure.status === "historical")).toBe(false);
  });
});

describe("order of arrival", () => {
  it("an older article read after a newer one moves nothing back", () => {
    const { versions } = reconcileAll(inOrder("a000", "a002", "a003", "a001", "a004"));
    const current = currentTallies(versions);
    expect(current.get(`${WATCH}#Azerbaijan#military#missing`)?.value).toBe(50);
    expect(current.get(`${WATCH}#Azerbaijan#military#killed`)?.value).toBe(2855);
    expect(versions.filter((v) => v.kind === "revise")).toHaveLength(4);
  });

  it("a headline's rounded floor does not run ahead of the body's exact count", () => {
    const headlineFirst = article("h", "2021-01-19", [
      ["Azerbaijan", "military", "killed", 2900, "more_than", "current"],
      ["Azerbaijan", "military", "killed", 2855, "exact", "current"],
    ]);
    const { versions } = reconcileAll([...inOrder("a000"), ...headlineFirst]);
    expect(versions.filter((v) => v.kind === "revise").map(describeVersion)).toEqual([
      "Azerbaijan military killed 2783->2855",
    ]);
  });

  it.each<[Qualifier[], Qualifier[]]>([
    [
      ["nearly", "exact", "at_least"],
      ["exact", "at_least", "nearly"],
    ],
    [
      ["about", "more_than", "up_to", "exact", "exact"],
      ["exact", "exact", "more_than", "about", "up_to"],
    ],
  ])("precisionFirst orders %o as %o, stably", (given, expected) => {
    const events = given.map((q, i) => ({
      figure: { ...figure(["X", "military", "killed", i, q, "current"], "2020-01-01") },
    }));
    const sorted = precisionFirst(events);
    expect(sorted.map((e) => e.figure.qualifier)).toEqual(expected);
    expect(sorted.filter((e) => e.figure.qualifier === "exact").map((e) => e.figure.value)).toEqual(
      given.flatMap((q, i) => (q === "exact" ? [i] : [])),
    );
  });
});

describe("one article is one observation per tally", () => {
  const KEY_OF = (e: TallyEvent): TallyKey => ({
    watch: e.watch,
    party: e.figure.party ?? "",
    population: e.figure.population,
    category: e.figure.category,
  });
  const growth = (doc: string, values: number[]) =>
    article(
      doc,
      "2024-03-11",
      values.map((v): Row => ["Uruguay", "unspecified", "killed", v, "exact", "current"]),
    );

  it("a toll retold 500 times in one article opens once, at its final word", () => {
    const values = Array.from({ length: 500 }, (_, i) => i + 10);
    const { versions, observations } = reconcileAll(growth("retold", values));
    expect(versions.map(describeVersion)).toEqual(["Uruguay unspecified killed -->509"]);
    expect(observations).toHaveLength(500);
    expect(observations.filter((o) => o.decision !== "stale").map((o) => o.figure.value)).toEqual([509]);
  });

  it("revises a stored tally once, however many steps the article retells", () => {
    const { versions } = reconcileAll([...growth("first", [12]), ...growth("steps", [13, 15, 14, 20])]);
    expect(versions.map(describeVersion)).toEqual([
      "Uruguay unspecified killed -->12",
      "Uruguay unspecified killed 12->20",
    ]);
  });

  it("a dated series and a recall open at the newest statement, not at each step", () => {
    const events = article("series", "2021-01-19", [
      ["Armenia", "military", "killed", 2317, "exact", "earlier"],
      ["Armenia", "military", "killed", 2718, "exact", "current"],
      ["Azerbaijan", "military", "missing", 100, "exact", "current"],
      ["Azerbaijan", "military", "missing", 50, "exact", "current"],
    ]).map((e, i) =>
      // The missing count of 100 was stated the day before, the 50 on the day.
      i === 2 ? { ...e, figure: { ...e.figure, statedOn: "2021-01-18" } } : e,
    );
    const { versions } = reconcileAll(events);
    expect(versions.map(describeVersion).sort()).toEqual([
      "Armenia military killed -->2718",
      "Azerbaijan military missing -->50",
    ]);
  });

  it("puts each tally's final word first and marks the rest outranked; one figure stands alone", () => {
    const events = article("mixed", "2021-01-19", [
      ["Azerbaijan", "military", "killed", 2900, "more_than", "current"],
      ["Azerbaijan", "military", "killed", 2855, "exact", "current"],
      ["Azerbaijan", "military", "killed", 2841, "exact", "current"],
      ["Azerbaijan", "civilian", "killed", 94, "exact", "current"],
    ]).map((e) => ({ ...e, key: KEY_OF(e) }));
    const weighed = finalWordsFirst(events).map((w) => [w.event.figure.value, w.outranked]);
    expect(weighed).toEqual([
      [2855, false],
      [94, false],
      [2841, true],
      [2900, true],
    ]);
  });

  it("a headline's floor that only rounds the body's count is outranked by it, and alerts nothing", () => {
    const { versions, observations } = reconcileAll([
      ...inOrder("a000"),
      ...article("h", "2021-01-19", [
        ["Azerbaijan", "military", "killed", 2900, "more_than", "current"],
        ["Azerbaijan", "military", "killed", 2855, "exact", "current"],
      ]),
    ]);
    expect(versions.filter((v) => v.kind === "revise").map(describeVersion)).toEqual([
      "Azerbaijan military killed 2783->2855",
    ]);
    expect(observations.filter((o) => o.evidence.doc === "h").map((o) => o.decision)).toEqual([
      "revise",
      "consistent",
    ]);
  });
});

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [items.slice()];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

describe("property: one day's figures give the same final tally in every arrival order", () => {
  it.each<[string, Category, Row[], [number, Qualifier]]>([
    [
      "killed, six statements",
      "killed",
      [
        ["Azerbaijan", "military", "killed", 2783, "exact", "current"],
        ["Azerbaijan", "military", "killed", 2800, "more_than", "current"],
        ["Azerbaijan", "military", "killed", 2800, "nearly", "current"],
        ["Azerbaijan", "military", "killed", 2718, "at_least", "current"],
        ["Azerbaijan", "military", "killed", 2790, "exact", "current"],
        ["Azerbaijan", "military", "killed", 2750, "at_least", "current"],
      ],
      [2790, "exact"],
    ],
    [
      "missing, five statements",
      "missing",
      [
        ["Azerbaijan", "military", "missing", 100, "exact", "current"],
        ["Azerbaijan", "military", "missing", 100, "more_than", "current"],
        ["Azerbaijan", "military", "missing", 50, "at_least", "current"],
        ["Azerbaijan", "military", "missing", 90, "exact", "current"],
        ["Azerbaijan", "military", "missing", 103, "exact", "current"],
      ],
      [103, "exact"],
    ],
    [
      "wounded, floors only but one",
      "wounded",
      [
        ["Azerbaijan", "civilian", "wounded", 400, "more_than", "current"],
        ["Azerbaijan", "civilian", "wounded", 450, "at_least", "current"],
        ["Azerbaijan", "civilian", "wounded", 500, "about", "current"],
        ["Azerbaijan", "civilian", "wounded", 3000, "more_than", "current"],
      ],
      [3000, "more_than"],
    ],
    [
      "killed, with a recalled figure and a rounding",
      "killed",
      [
        ["Armenia", "military", "killed", 2317, "exact", "earlier"],
        ["Armenia", "military", "killed", 2718, "at_least", "current"],
        ["Armenia", "military", "killed", 2700, "exact", "current"],
        ["Armenia", "military", "killed", 3000, "nearly", "current"],
        ["Armenia", "military", "killed", 2317, "exact", "current"],
      ],
      [2718, "at_least"],
    ],
    [
      "killed, an exact count and its roundings",
      "killed",
      [
        ["Azerbaijan", "military", "killed", 2900, "more_than", "current"],
        ["Azerbaijan", "military", "killed", 2800, "nearly", "current"],
        ["Azerbaijan", "military", "killed", 2783, "exact", "current"],
        ["Azerbaijan", "military", "killed", 2800, "more_than", "current"],
      ],
      [2783, "exact"],
    ],
    [
      "captured, five statements",
      "captured",
      [
        ["Armenia", "military", "captured", 40, "exact", "current"],
        ["Armenia", "military", "captured", 38, "exact", "current"],
        ["Armenia", "military", "captured", 30, "more_than", "current"],
        ["Armenia", "military", "captured", 45, "up_to", "current"],
        ["Armenia", "military", "captured", 60, "exact", "earlier"],
      ],
      [40, "exact"],
    ],
  ])("%s", (_name, category, rows, [value, qualifier]) => {
    // Prepare: each statement from its own outlet, so that arrival order alone varies.
    const events = rows.map((row, i) => article(`outlet-${i}`, "2020-12-03", [row])[0] as TallyEvent);
    // Act
    const finals = new Set(
      permutations(events).map((order) => {
        const last = [...currentTallies(reconcileAll(order).versions).values()].find(
          (v) => v.key.category === category,
        );
        return `${last?.value} ${last?.qualifier}`;
      }),
    );
    // Assess
    expect([...finals]).toEqual([`${value} ${qualifier}`]);
  });
});

describe("two events of one country never share a tally", () => {
  it("the 2022 clashes open their own tallies, whatever the 2020 war's counts", () => {
    const war = article("war", "2020-12-03", [["Armenia", "military", "killed", 2718, "exact", "current"]]);
    const clashes = article(
      "clashes",
      "2022-09-14",
      [["Armenia", "military", "killed", 105, "exact", "current"]],
      "border-2022",
    );
    const { versions } = reconcileAll([...war, ...clashes]);
    expect(versions.map((v) => [v.key.watch, v.kind, v.value])).toEqual([
      [WATCH, "open", 2718],
      ["border-2022", "open", 105],
    ]);
  });

  it("a correction marked in the quote lowers a killed count", () => {
    const events: TallyEvent[] = [
      ...article(
        "one",
        "2022-09-14",
        [["Armenia", "military", "killed", 105, "exact", "current"]],
        "border-2022",
      ),
      {
        watch: "border-2022",
        figure: {
          ...figure(["Armenia", "military", "killed", 98, "exact", "current"], "2022-09-16"),
          quote: "The ministry revised the toll down to 98 after a recount.",
        },
        evidence: { doc: "two", outlet: "two", quote: "", observedAt: "2022-09-16T12:00:00Z" },
      },
    ];
    const { versions } = reconcileAll(events);
    expect(versions.map(describeVersion)).toEqual([
      "Armenia military killed -->105",
      "Armenia military killed 105->98",
    ]);
  });
});
