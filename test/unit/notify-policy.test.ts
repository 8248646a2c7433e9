import { describe, expect, it } from "vitest";
import type { Category } from "../../lib/model/figure.ts";
import type { TallyVersion } from "../../lib/model/tally.ts";
import { type AlertPolicy, alertStateFor, DEFAULT_POLICY, relativeDelta } from "../../lib/notify/policy.ts";

function version(
  overrides: Partial<TallyVersion> & { party?: string; category?: Category } = {},
): TallyVersion {
  const { party = "Azerbaijan", category = "killed", ...rest } = overrides;
  return {
    key: { watch: "karabakh-2020", party, population: "military", category },
    version: 2,
    kind: "revise",
    value: 2855,
    qualifier: "exact",
    claimant: "Defence Ministry",
    statedOn: "2021-01-12",
    observedAt: "2021-01-12T09:00:00.000Z",
    previousValue: 2783,
    evidence: [],
    corroborations: 0,
    alertState: "pending",
    ...rest,
  };
}

const opening = version({ kind: "open", version: 1, previousValue: null, value: 2783 });
const policy = (overrides: Partial<AlertPolicy>): AlertPolicy => ({ ...DEFAULT_POLICY, ...overrides });

describe("alertStateFor", () => {
  it("alerts on everything under the default policy", () => {
    // Prepare
    const versions = [
      opening,
      version(),
      version({ value: 2783 }),
      version({ value: 10, category: "missing" }),
    ];
    // Act
    const states = versions.map((v) => alertStateFor(v, DEFAULT_POLICY));
    // Assess
    expect(states).toEqual(["pending", "pending", "pending", "pending"]);
  });

  it.each<[string, TallyVersion, Partial<AlertPolicy>, "pending" | "suppressed"]>([
    ["opening, opens on", opening, { onOpen: true }, "pending"],
    ["opening, opens off", opening, { onOpen: false }, "suppressed"],
    [
      "revise without previous value counts as an opening",
      version({ previousValue: null }),
      { onOpen: false },
      "suppressed",
    ],
    [
      "opening ignores delta thresholds",
      opening,
      { minAbsoluteDelta: 1000, minRelativeDelta: 0.5 },
      "pending",
    ],
    ["revision, opens off does not matter", version(), { onOpen: false }, "pending"],
    ["+72 meets absolute 72", version(), { minAbsoluteDelta: 72 }, "pending"],
    ["+72 misses absolute 73", version(), { minAbsoluteDelta: 73 }, "suppressed"],
    ["+72 of 2,783 (2.6 %) meets 2 %", version(), { minRelativeDelta: 0.02 }, "pending"],
    ["+72 of 2,783 (2.6 %) misses 5 %", version(), { minRelativeDelta: 0.05 }, "suppressed"],
    [
      "both thresholds must hold: abs ok, rel not",
      version(),
      { minAbsoluteDelta: 10, minRelativeDelta: 0.05 },
      "suppressed",
    ],
    [
      "both thresholds must hold: rel ok, abs not",
      version(),
      { minAbsoluteDelta: 100, minRelativeDelta: 0.01 },
      "suppressed",
    ],
    ["both thresholds hold", version(), { minAbsoluteDelta: 50, minRelativeDelta: 0.02 }, "pending"],
    [
      "a fall counts by its size",
      version({ value: 50, previousValue: 100, category: "missing" }),
      { minAbsoluteDelta: 50, minRelativeDelta: 0.5 },
      "pending",
    ],
    [
      "a fall below the threshold",
      version({ value: 95, previousValue: 100, category: "missing" }),
      { minAbsoluteDelta: 10 },
      "suppressed",
    ],
    [
      "from zero any change is relatively large",
      version({ value: 3, previousValue: 0 }),
      { minRelativeDelta: 10 },
      "pending",
    ],
    [
      "qualifier-only revision passes zero thresholds",
      version({ value: 2783, qualifier: "at_least" }),
      {},
      "pending",
    ],
    [
      "qualifier-only revision misses any absolute threshold",
      version({ value: 2783 }),
      { minAbsoluteDelta: 1 },
      "suppressed",
    ],
    ["party listed", version(), { parties: ["Azerbaijan", "Armenia"] }, "pending"],
    ["party listed in other case", version(), { parties: ["azerbaijan"] }, "pending"],
    ["party not listed", version(), { parties: ["Armenia"] }, "suppressed"],
    ["empty party list silences all", version(), { parties: [] }, "suppressed"],
    ["category listed", version(), { categories: ["killed"] }, "pending"],
    [
      "category not listed",
      version({ category: "wounded" }),
      { categories: ["killed", "missing"] },
      "suppressed",
    ],
    [
      "opening of an unlisted category",
      { ...opening, key: { ...opening.key, category: "captured" } },
      { categories: ["killed"] },
      "suppressed",
    ],
  ])("%s", (_name, subject, overrides, expected) => {
    // Act
    const state = alertStateFor(subject, policy(overrides));
    // Assess
    expect(state).toBe(expected);
  });

  it.each<[boolean, "pending" | "suppressed"]>([
    [false, "suppressed"],
    [true, "pending"],
  ])("a version flagged disputed with disputed=%s is %s", (disputed, expected) => {
    // Prepare: no version carries the flag today; the switch is ready for when one does.
    const flagged = { ...version(), disputed: true } as TallyVersion;
    // Act
    const state = alertStateFor(flagged, policy({ disputed }));
    // Assess
    expect(state).toBe(expected);
    expect(alertStateFor(version(), policy({ disputed }))).toBe("pending");
  });
});

describe("relativeDelta", () => {
  it.each([
    [100, 150, 0.5],
    [100, 50, 0.5],
    [100, 100, 0],
    [0, 0, 0],
    [0, 5, Number.POSITIVE_INFINITY],
  ])("from %d to %d is %d", (from, to, expected) => {
    expect(relativeDelta(from, to)).toBe(expected);
  });
});
