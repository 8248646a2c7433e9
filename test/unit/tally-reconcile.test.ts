import { describe, expect, it } from "vitest";
import type { Category, Figure, Qualifier } from "../../lib/model/figure.ts";
import type { DecisionKind, Evidence, TallyKey, TallyVersion } from "../../lib/model/tally.ts";
import { isRound, qualifierInterval, restates } from "../../lib/tally/intervals.ts";
import {
  compareStatements,
  correctionMarked,
  decide,
  nextVersion,
  tallyKey,
} from "../../lib/tally/reconcile.ts";

const KEY: TallyKey = { watch: "w", party: "Azerbaijan", population: "military", category: "killed" };

function fig(over: Partial<Figure> = {}): Figure {
  return {
    party: "Azerbaijan",
    population: "military",
    category: "killed",
    value: 100,
    qualifier: "exact",
    status: "current",
    claimant: null,
    statedOn: "2020-12-03",
    quote: "",
    span: [0, 0],
    confidence: 0.9,
    disputed: false,
    increment: false,
    ...over,
  };
}

function ver(over: Partial<TallyVersion> = {}): TallyVersion {
  return {
    key: KEY,
    version: 1,
    kind: "open",
    value: 100,
    qualifier: "exact",
    claimant: null,
    statedOn: "2020-12-03",
    observedAt: "2020-12-03T10:00:00Z",
    previousValue: null,
    evidence: [],
    corroborations: 0,
    alertState: "sent",
    ...over,
  };
}

describe("qualifiers read as intervals", () => {
  it.each<[Qualifier, number, number, boolean]>([
    ["exact", 94, 94, true],
    ["exact", 94, 95, false],
    ["at_least", 93, 93, true],
    ["at_least", 93, 1_000_000, true],
    ["at_least", 93, 92, false],
    ["more_than", 2800, 2800, false],
    ["more_than", 2800, 2855, true],
    ["nearly", 2800, 2783, true],
    ["nearly", 2800, 2660, true],
    ["nearly", 2800, 2659, false],
    ["nearly", 2800, 2800, false],
    ["about", 30000, 27000, true],
    ["about", 30000, 33000, true],
    ["about", 30000, 26999, false],
    ["up_to", 90000, 90000, true],
    ["up_to", 90000, 0, false],
    ["fewer_than", 100, 99, true],
    ["fewer_than", 100, 100, false],
  ])("%s %i holds %i: %s", (qualifier, n, value, expected) => {
    // Prepare
    const interval = qualifierInterval(qualifier, n);
    // Act
    const aboveMin = interval.minInclusive ? value >= interval.min : value > interval.min;
    const belowMax = interval.maxInclusive ? value <= interval.max : value < interval.max;
    // Assess
    expect(aboveMin && belowMax).toBe(expected);
  });

  it.each<[number, boolean]>([
    [90, true],
    [50, true],
    [250, true],
    [2800, true],
    [3000, true],
    [90000, true],
    [93, false],
    [2718, false],
    [2850, false],
    [1245, false],
    [5, false],
  ])("%i is round: %s", (n, expected) => {
    expect(isRound(n)).toBe(expected);
  });
});

describe("rule: a statement whose interval holds the current value restates it", () => {
  it.each<[Qualifier, number, number, boolean, Category, boolean]>([
    ["nearly", 2800, 2783, true, "killed", true],
    ["more_than", 2800, 2855, true, "killed", true],
    ["more_than", 90, 94, true, "killed", true],
    ["at_least", 93, 94, true, "killed", true],
    ["more_than", 2800, 2783, true, "killed", true],
    ["more_than", 3000, 2855, true, "killed", true],
    ["more_than", 3000, 2855, false, "killed", false],
    ["more_than", 3000, 2500, true, "killed", false],
    ["at_least", 2718, 2317, true, "killed", false],
    ["at_least", 2850, 2783, true, "killed", false],
    ["nearly", 2800, 2855, true, "killed", false],
    ["at_least", 50, 100, true, "missing", false],
    ["more_than", 100, 103, true, "missing", true],
    ["at_least", 93, 200, true, "killed", true],
    ["at_least", 93, 200, true, "captured", false],
  ])(
    "%s %i against current %i (exact %s, %s): %s",
    (qualifier, value, current, exact, category, expected) => {
      expect(restates({ qualifier, value }, { value: current, exact }, category)).toBe(expected);
    },
  );
});

describe("rule: consistent statements never alert", () => {
  it.each<[string, Partial<Figure>, Partial<TallyVersion>]>([
    ["nearly 2,800 of 2,783", { value: 2800, qualifier: "nearly" }, { value: 2783 }],
    ["more than 2,800 of 2,855", { value: 2800, qualifier: "more_than" }, { value: 2855 }],
    ["more than 2,800 of 2,783", { value: 2800, qualifier: "more_than" }, { value: 2783 }],
    ["more than 90 of 94", { value: 90, qualifier: "more_than", population: "civilian" }, { value: 94 }],
    ["at least 93 of 94", { value: 93, qualifier: "at_least" }, { value: 94 }],
    [
      "more than 3,000 of 2,855",
      { value: 3000, qualifier: "more_than", statedOn: "2021-02-01" },
      { value: 2855 },
    ],
    ["about 30,000 of 29,500", { value: 30000, qualifier: "about" }, { value: 29500 }],
  ])("%s", (_name, figure, current) => {
    expect(decide(fig(figure), ver(current))).toBe("consistent");
  });
});

describe("rule: an empty tally opens on an exact count or a floor, never on an approximation", () => {
  it.each<[Qualifier, FigureStatusLike, DecisionKind]>([
    ["exact", "current", "open"],
    ["at_least", "current", "open"],
    ["more_than", "current", "open"],
    ["exact", "earlier", "open"],
    ["nearly", "current", "consistent"],
    ["about", "current", "consistent"],
    ["up_to", "current", "consistent"],
    ["fewer_than", "current", "consistent"],
  ])("%s (%s) on an empty tally: %s", (qualifier, status, expected) => {
    expect(decide(fig({ qualifier, status }), null)).toBe(expected);
  });
});

type FigureStatusLike = Figure["status"];

describe("rule: an unspecified figure does not open a shadow of the same party's military or civilian toll", () => {
  const civilian94 = ver({ key: { ...KEY, population: "civilian" }, value: 94 });
  it.each<[string, Partial<Figure>, readonly TallyVersion[], DecisionKind]>([
    ["restates it (at least 93 of 94)", { value: 93, qualifier: "at_least" }, [civilian94], "consistent"],
    ["states the same value", { value: 94 }, [civilian94], "consistent"],
    ["recalls an earlier figure", { value: 80, status: "earlier" }, [civilian94], "consistent"],
    ["states a different current count", { value: 120 }, [civilian94], "open"],
    ["has no sibling tally", { value: 93, qualifier: "at_least" }, [], "open"],
  ])("unspecified figure that %s: %s", (_what, over, siblings, expected) => {
    const figure = fig({ population: "unspecified", ...over });
    expect(decide(figure, null, { siblings })).toBe(expected);
  });

  it("leaves a military or civilian figure alone", () => {
    expect(decide(fig({ population: "military", value: 94 }), null, { siblings: [civilian94] })).toBe("open");
  });
});

describe("rule: the newer statement wins, by statement date, not arrival", () => {
  it.each<[string, Partial<Figure>, Partial<TallyVersion>, DecisionKind]>([
    ["newer, higher exact", { value: 2855, statedOn: "2021-01-19" }, { value: 2783 }, "revise"],
    ["older, higher exact", { value: 2855, statedOn: "2020-12-01" }, { value: 2783 }, "stale"],
    [
      "newer floor above the count",
      { value: 2718, qualifier: "at_least" },
      { value: 2317, statedOn: null },
      "revise",
    ],
    [
      "dated statement over an undated tally",
      { value: 120, statedOn: "2020-12-01" },
      { statedOn: null },
      "revise",
    ],
    ["undated higher killed", { value: 120, statedOn: null }, {}, "revise"],
    ["undated fall of missing", { value: 80, category: "missing", statedOn: null }, {}, "stale"],
  ])("%s: %s", (_name, figure, current, expected) => {
    expect(decide(fig(figure), ver(current))).toBe(expected);
  });

  it.each<[string | null, string | null, string]>([
    ["2020-12-03", "2020-12-04", "older"],
    ["2020-12-04T08:00:00Z", "2020-12-04", "same"],
    ["2021-01-19", "2020-12-04", "newer"],
    [null, null, "same"],
    ["2020-12-03", null, "newer"],
    [null, "2020-12-03", "unknown"],
  ])("%s against %s: %s", (mine, theirs, expected) => {
    expect(compareStatements(mine, theirs)).toBe(expected);
  });
});

describe("rule: the same day, the larger count wins, an exact count over its rounding", () => {
  it.each<[string, Partial<Figure>, Partial<TallyVersion>, DecisionKind]>([
    ["larger exact killed", { value: 110 }, { value: 100 }, "revise"],
    ["smaller exact killed", { value: 90 }, { value: 100 }, "stale"],
    ["larger exact missing", { value: 110, category: "missing" }, { value: 100 }, "revise"],
    ["smaller exact missing", { value: 90, category: "missing" }, { value: 100 }, "stale"],
    [
      "exact under the round floor it was rounded to",
      { value: 2783 },
      { value: 2800, qualifier: "more_than" },
      "revise",
    ],
    ["exact far under a floor", { value: 94 }, { value: 96, qualifier: "at_least" }, "stale"],
    [
      "non-round floor above an exact count",
      { value: 2850, qualifier: "at_least" },
      { value: 2783 },
      "revise",
    ],
    [
      "round floor far above an exact count",
      { value: 3000, qualifier: "more_than" },
      { value: 2500 },
      "revise",
    ],
    [
      "floor above a floor",
      { value: 120, qualifier: "at_least" },
      { value: 100, qualifier: "at_least" },
      "revise",
    ],
  ])("%s: %s", (_name, figure, current, expected) => {
    expect(decide(fig(figure), ver(current))).toBe(expected);
  });
});

describe("rule: recalled statements never override, historical ones never touch a tally", () => {
  it.each<[string, Partial<Figure>, TallyVersion | null, DecisionKind]>([
    ["earlier lower", { value: 2317, status: "earlier", statedOn: null }, ver({ value: 2718 }), "stale"],
    ["earlier higher", { value: 3000, status: "earlier" }, ver({ value: 2718 }), "stale"],
    ["earlier same value", { value: 2718, status: "earlier" }, ver({ value: 2718 }), "consistent"],
    ["earlier opens an empty tally", { value: 2317, status: "earlier" }, null, "open"],
    ["historical on an empty tally", { value: 30000, status: "historical" }, null, "stale"],
    ["historical above", { value: 30000, status: "historical" }, ver(), "stale"],
  ])("%s: %s", (_name, figure, current, expected) => {
    expect(decide(fig(figure), current)).toBe(expected);
  });
});

describe("rule: killed and wounded only grow unless a correction is marked; missing and captured fall", () => {
  it.each<[string, Partial<Figure>, Partial<TallyVersion>, boolean, DecisionKind]>([
    ["killed lower, newer", { value: 2317, statedOn: "2021-01-19" }, { value: 2718 }, false, "stale"],
    ["killed lower, corrected", { value: 2700, statedOn: "2021-01-19" }, { value: 2718 }, true, "revise"],
    ["killed lower, corrected same day", { value: 2700 }, { value: 2718 }, true, "revise"],
    [
      "wounded lower, newer",
      { value: 300, category: "wounded", statedOn: "2020-12-05" },
      { value: 400 },
      false,
      "stale",
    ],
    ["missing lower, newer", { value: 50, category: "missing", statedOn: "2021-01-19" }, {}, false, "revise"],
    [
      "missing floor far below, newer",
      { value: 50, qualifier: "at_least", category: "missing", statedOn: "2021-01-19" },
      {},
      false,
      "revise",
    ],
    [
      "captured lower, newer",
      { value: 40, category: "captured", statedOn: "2020-12-09" },
      {},
      false,
      "revise",
    ],
    [
      "missing higher again, older",
      { value: 100, category: "missing" },
      { value: 50, statedOn: "2021-01-19" },
      false,
      "stale",
    ],
    ["killed lower, undated, corrected", { value: 2700, statedOn: null }, { value: 2718 }, true, "revise"],
    [
      "killed lower, older, corrected",
      { value: 2700, statedOn: "2020-11-01" },
      { value: 2718 },
      true,
      "stale",
    ],
  ])("%s: %s", (_name, figure, current, marked, expected) => {
    expect(decide(fig(figure), ver(current), { correctionMarked: marked })).toBe(expected);
  });
});

describe("rule: disputed claims and increments never revise", () => {
  it.each<[string, Partial<Figure>, TallyVersion | null]>([
    ["disputed on an empty tally", { disputed: true }, null],
    ["disputed higher", { value: 5000, disputed: true }, ver()],
    ["increment", { value: 40, increment: true }, ver()],
    ["increment on an empty tally", { value: 40, increment: true }, null],
  ])("%s", (_name, figure, current) => {
    expect(decide(fig(figure), current)).toBe("disputed");
  });
});

describe("rule: the same value corroborates", () => {
  it.each<[Partial<Figure>, Partial<TallyVersion>, DecisionKind]>([
    [{ value: 2783 }, { value: 2783 }, "corroborate"],
    [{ value: 100, qualifier: "more_than" }, { value: 100 }, "corroborate"],
    [{ value: 50, qualifier: "at_least" }, { value: 50, qualifier: "at_least" }, "corroborate"],
    [{ value: 2783, statedOn: "2020-11-01" }, { value: 2783 }, "corroborate"],
    [{ value: 2800, qualifier: "nearly" }, { value: 2800 }, "consistent"],
  ])("%o against %o: %s", (figure, current, expected) => {
    expect(decide(fig(figure), ver(current))).toBe(expected);
  });
});

describe("rule: an article does not corroborate itself", () => {
  const stated = ver({
    value: 2783,
    evidence: [
      {
        doc: "https://wire.example/az-toll",
        outlet: "Wire",
        quote: "2,783",
        observedAt: "2020-12-03T10:00:00Z",
      },
    ],
  });

  it("is consistent when the same article (edited in place, or repeating itself) states the value again", () => {
    expect(decide(fig({ value: 2783 }), stated, { doc: "https://wire.example/az-toll" })).toBe("consistent");
  });

  it("corroborates when another article states it", () => {
    expect(decide(fig({ value: 2783 }), stated, { doc: "https://other.example/az" })).toBe("corroborate");
  });
});

describe("a figure outranked by its article's final word on the tally", () => {
  it.each<[string, Figure, TallyVersion | null, DecisionKind, DecisionKind]>([
    ["would open an empty tally", fig({ value: 10 }), null, "open", "stale"],
    ["would revise", fig({ value: 120 }), ver(), "revise", "stale"],
    ["would corroborate", fig({ value: 100 }), ver(), "corroborate", "consistent"],
    ["is stale anyway", fig({ value: 90 }), ver(), "stale", "stale"],
    ["is disputed anyway", fig({ value: 120, disputed: true }), ver(), "disputed", "disputed"],
  ])("%s: recorded, never acting", (_what, figure, current, alone, outranked) => {
    expect(decide(figure, current)).toBe(alone);
    expect(decide(figure, current, { outranked: true })).toBe(outranked);
  });
});

describe("correctionMarked", () => {
  it.each<[string, boolean]>([
    ["The ministry revised the death toll down to 2,700.", true],
    ["The toll was revised downwards after duplicates were found.", true],
    ["Officials said the corrected figure is 88.", true],
    ["The agency lowered its toll to 41 on Friday.", true],
    ["Authorities cut the official death toll to 52.", true],
    ["The number had been reduced after a recount.", true],
    ["The toll was lowered after bodies were found to be counted twice.", true],
    ["Some victims were double-counted, the ministry said.", true],
    ["The toll is lower than previously reported.", true],
    ["The death toll rose to 2,855.", false],
    ["The toll was revised up to 120.", false],
    ["Inmates at the correctional facility were unharmed.", false],
    ["Rescuers lowered a boat into the river.", false],
  ])("%s → %s", (sentence, expected) => {
    expect(correctionMarked(sentence)).toBe(expected);
  });
});

describe("tallyKey", () => {
  it.each<[Partial<Figure>, TallyKey | null]>([
    [{}, { watch: "war-2020", party: "Azerbaijan", population: "military", category: "killed" }],
    [
      { party: "Armenia", population: "civilian", category: "wounded" },
      { watch: "war-2020", party: "Armenia", population: "civilian", category: "wounded" },
    ],
    [{ party: null }, null],
    [{ party: "  " }, null],
    [{ status: "historical" }, null],
  ])("%o → %o", (figure, expected) => {
    expect(tallyKey("war-2020", fig(figure))).toEqual(expected);
    expect(tallyKey({ id: "war-2020" }, fig(figure))).toEqual(expected);
  });
});

describe("nextVersion", () => {
  const evidence: Evidence = { doc: "a.txt", outlet: "Wire", quote: "q", observedAt: "2021-01-19T08:00:00Z" };

  it("opens at version 1 with no previous value", () => {
    // Act
    const v = nextVersion(KEY, fig({ value: 93, qualifier: "at_least" }), null, evidence, "pending");
    // Assess
    expect(v).toMatchObject({
      version: 1,
      kind: "open",
      value: 93,
      qualifier: "at_least",
      previousValue: null,
    });
    expect(v).toMatchObject({ evidence: [evidence], corroborations: 0, alertState: "pending" });
    expect(v.observedAt).toBe(evidence.observedAt);
  });

  it("revises to the next version, recording the value it replaced", () => {
    const v = nextVersion(
      KEY,
      fig({ value: 2855, statedOn: "2021-01-19" }),
      ver({ value: 2783, version: 3 }),
      evidence,
      "pending",
    );
    expect(v).toMatchObject({
      version: 4,
      kind: "revise",
      value: 2855,
      previousValue: 2783,
      statedOn: "2021-01-19",
    });
  });

  it("keeps the replaced version's date when the new statement is undated", () => {
    const v = nextVersion(KEY, fig({ value: 120, statedOn: null }), ver(), evidence, "suppressed");
    expect(v).toMatchObject({ statedOn: "2020-12-03", alertState: "suppressed" });
  });
});
