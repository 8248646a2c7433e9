import { describe, expect, it } from "vitest";
import type { Category, Population, Qualifier } from "../../lib/model/figure.ts";
import type { TallyVersion } from "../../lib/model/tally.ts";
import { isGsm, toGsm, truncate } from "../../lib/notify/text.ts";
import { renderAlert, SMS_MAX, SUBJECT_MAX } from "../../lib/notify/wording.ts";

interface Spec {
  party?: string;
  population?: Population;
  category?: Category;
  value?: number;
  previous?: number | null;
  qualifier?: Qualifier;
  claimant?: string | null;
  statedOn?: string | null;
  outlets?: number;
}

function version(spec: Spec = {}): TallyVersion {
  const previous = spec.previous === undefined ? 2783 : spec.previous;
  return {
    key: {
      watch: "caucasus-2020",
      party: spec.party ?? "Azerbaijan",
      population: spec.population ?? "military",
      category: spec.category ?? "killed",
    },
    version: previous === null ? 1 : 2,
    kind: previous === null ? "open" : "revise",
    value: spec.value ?? 2855,
    qualifier: spec.qualifier ?? "exact",
    claimant: spec.claimant === undefined ? "Azerbaijan Defence Ministry" : spec.claimant,
    statedOn: spec.statedOn === undefined ? "2021-01-05" : spec.statedOn,
    observedAt: "2021-01-05T09:12:00.000Z",
    previousValue: previous,
    evidence: Array.from({ length: spec.outlets ?? 1 }, (_, i) => ({
      doc: `https://wire${i}.example.net/stories/${i}`,
      outlet: `Wire ${i}`,
      quote: `Officials in Baku raised the count of fallen servicemen to ${spec.value ?? 2855}.`,
      observedAt: "2021-01-05T09:12:00.000Z",
    })),
    corroborations: 0,
    alertState: "pending",
  };
}

const LONG_PARTY = "Democratic Federal Republic of the Very Long Official Name of a Country with Provinces";
const LONG_CLAIMANT =
  "the Joint Press Centre of the Ministry of Defence and the General Staff of the Armed Forces, speaking for the interim cabinet";

describe("renderAlert subject", () => {
  it.each<[string, Spec, string]>([
    ["an upward revision", {}, "Azerbaijan military deaths revised: 2,783 → 2,855 (+72)"],
    ["an opening", { previous: null }, "Azerbaijan military deaths: first official figure 2,855"],
    [
      "a downward revision of missing",
      { category: "missing", previous: 100, value: 50 },
      "Azerbaijan military missing revised: 100 → 50 (-50)",
    ],
    [
      "captured civilians",
      { party: "Armenia", population: "civilian", category: "captured", previous: 40, value: 41 },
      "Armenia civilian captured revised: 40 → 41 (+1)",
    ],
    [
      "wounded with no population",
      { party: "Turkey", population: "unspecified", category: "wounded", previous: 1000, value: 1210 },
      "Turkey wounded revised: 1,000 → 1,210 (+210)",
    ],
    [
      "a bound",
      { qualifier: "at_least", previous: null },
      "Azerbaijan military deaths: first official figure at least 2,855",
    ],
    [
      "nearly",
      { qualifier: "nearly", value: 2900 },
      "Azerbaijan military deaths revised: 2,783 → nearly 2,900 (+117)",
    ],
    [
      "a huge number",
      { value: 1_234_567_890, previous: 999 },
      "Azerbaijan military deaths revised: 999 → 1,234,567,890 (+1,234,566,891)",
    ],
  ])("words %s", (_name, spec, expected) => {
    expect(renderAlert(version(spec)).subject).toBe(expected);
  });

  // Ending: what must survive at the end of the subject (null when even the numbers are too long).
  it.each<[string, Spec, RegExp | null]>([
    ["a long party name", { party: LONG_PARTY }, /military deaths revised: 2,783 → 2,855 \(\+72\)$/],
    [
      "a long party name at opening",
      { party: LONG_PARTY, previous: null },
      /deaths: first official figure 2,855$/,
    ],
    [
      "huge numbers",
      { value: 9_007_199_254_740_991, previous: 1_000_000_000_000 },
      /revised: 1,000,000,000,000 → 9,007,/,
    ],
    [
      "huge numbers, long party",
      { party: LONG_PARTY, value: 1e21, previous: 1e20, qualifier: "fewer_than" },
      null,
    ],
    [
      "emoji in the party name",
      { party: `${"🏳️‍🌈".repeat(30)} Land` },
      /deaths revised: 2,783 → 2,855 \(\+72\)$/,
    ],
    [
      "astral letters in the party name",
      { party: "𝔄".repeat(80) },
      /deaths revised: 2,783 → 2,855 \(\+72\)$/,
    ],
    [
      "a party name with line breaks",
      { party: "North\nRegion\r\nof\tSomewhere" },
      /^North Region of Somewhere /,
    ],
  ])("stays under SNS's limit, on one line, with whole characters: %s", (_name, spec, ending) => {
    const { subject } = renderAlert(version(spec));
    expect(subject.length).toBeLessThanOrEqual(SUBJECT_MAX);
    expect(subject).not.toMatch(/[\p{Cc}]/u);
    expect(subject).not.toMatch(/\p{Cs}/u);
    if (ending) expect(subject).toMatch(ending);
  });

  it("shortens the party name rather than the numbers", () => {
    const { subject } = renderAlert(version({ party: LONG_PARTY }));
    expect(subject).toMatch(/^Democratic Federal .*… military deaths revised: 2,783 → 2,855 \(\+72\)$/);
  });
});

describe("renderAlert SMS", () => {
  it.each<[string, Spec, string | undefined, string]>([
    [
      "a revision with everything",
      {},
      "Caucasus war 2020",
      "Azerbaijan military deaths revised: 2,783 -> 2,855 (+72) per Azerbaijan Defence Ministry on 2021-01-05 - Caucasus war 2020",
    ],
    [
      "an opening with no claimant",
      { previous: null, claimant: null },
      undefined,
      "Azerbaijan military deaths: first official figure 2,855 on 2021-01-05",
    ],
    [
      "no claimant and no date",
      { claimant: null, statedOn: null },
      undefined,
      "Azerbaijan military deaths revised: 2,783 -> 2,855 (+72)",
    ],
    [
      "a downward revision of missing",
      { category: "missing", previous: 100, value: 50, claimant: null },
      undefined,
      "Azerbaijan military missing revised: 100 -> 50 (-50) on 2021-01-05",
    ],
    [
      "non-GSM letters in names",
      { party: "Türkiye", claimant: "Bakanlığı Savunma “press desk”" },
      undefined,
      'Türkiye military deaths revised: 2,783 -> 2,855 (+72) per Bakanligi Savunma "press desk" on 2021-01-05',
    ],
  ])("words %s", (_name, spec, watch, expected) => {
    expect(renderAlert(version(spec), watch).sms).toBe(expected);
  });

  it.each<[string, Spec, string | undefined]>([
    ["a long claimant", { claimant: LONG_CLAIMANT }, "A war"],
    ["a long party", { party: LONG_PARTY, claimant: LONG_CLAIMANT }, LONG_PARTY],
    ["a very long party", { party: LONG_PARTY.repeat(3) }, undefined],
    ["huge numbers", { value: 1e21, previous: 1e20, party: LONG_PARTY }, "w"],
    ["emoji", { party: "🙂".repeat(200), claimant: "😐".repeat(50) }, "🙃"],
    [
      "captured civilians at opening",
      { category: "captured", population: "civilian", previous: null },
      LONG_PARTY,
    ],
  ])("fits one GSM SMS: %s", (_name, spec, watch) => {
    const { sms } = renderAlert(version(spec), watch);
    expect(sms.length).toBeLessThanOrEqual(SMS_MAX);
    expect(isGsm(sms)).toBe(true);
    expect(sms).not.toContain("→");
  });

  it("keeps the date when the claimant has to be shortened", () => {
    const { sms } = renderAlert(version({ claimant: LONG_CLAIMANT }), "Caucasus war 2020");
    expect(sms).toMatch(
      /^Azerbaijan military deaths revised: 2,783 -> 2,855 \(\+72\) per the Joint .*\.\.\. on 2021-01-05$/,
    );
    expect(sms.length).toBeLessThanOrEqual(SMS_MAX);
  });
});

describe("renderAlert e-mail", () => {
  it("states old and new, the change, qualifier, claimant, date, watch, evidence and how to stop", () => {
    const { email } = renderAlert(version({ qualifier: "at_least", outlets: 2 }), "Caucasus war 2020");
    for (const expected of [
      /Watch: +Caucasus war 2020/,
      /Previous: +2,783/,
      /New: +at least 2,855 \(a lower bound\)/,
      /Change: +\+72 \(\+2\.6%\), up/,
      /Claimant: +Azerbaijan Defence Ministry/,
      /Statement date: +5 January 2021 \(2021-01-05\)/,
      /Evidence \(2 articles\):/,
      /1\. Wire 0\n {3}https:\/\/wire0\.example\.net\/stories\/0\n {3}"Officials in Baku raised/,
      /2\. Wire 1\n {3}https:\/\/wire1\.example\.net\/stories\/1/,
      /sent by your own Toll Watch/,
      /unsubscribe/,
    ]) {
      expect(email).toMatch(expected);
    }
  });

  it.each<[string, Spec, RegExp[], RegExp[]]>([
    ["an opening", { previous: null }, [/Previous: +none: this is the first official figure/], [/Change:/]],
    ["no claimant", { claimant: null }, [/Claimant: +not named in the article/], []],
    ["no date", { statedOn: null }, [/Statement date: +unknown/], []],
    ["a fall", { category: "missing", previous: 100, value: 50 }, [/Change: +-50 \(-50%\), down/], []],
    ["from zero", { previous: 0, value: 3 }, [/Change: +\+3, up/], [/%/]],
    ["a large rise", { previous: 1000, value: 5000 }, [/Change: +\+4,000 \(\+400%\), up/], []],
    ["nearly", { qualifier: "nearly" }, [/New: +nearly 2,855 \(an upper bound/], []],
    ["exact", {}, [/New: +2,855 \(stated as an exact figure\)/], []],
    ["no watch title", {}, [], [/Watch:/]],
    ["no article", { outlets: 0 }, [/\(no article recorded\)/], []],
  ])("words %s", (_name, spec, present, absent) => {
    const { email } = renderAlert(version(spec));
    for (const pattern of present) expect(email).toMatch(pattern);
    for (const pattern of absent) expect(email).not.toMatch(pattern);
  });

  it("keeps quotes and outlets on one line each", () => {
    const spec = version();
    spec.evidence = [
      { doc: "https://a.example/x", outlet: "Line\nBreak", quote: "one\ntwo", observedAt: "t" },
    ];
    const { email } = renderAlert(spec);
    expect(email).toContain('1. Line Break\n   https://a.example/x\n   "one two"');
  });
});

describe("text helpers", () => {
  it.each<[string, number, string]>([
    ["short", 10, "short"],
    ["abcdefghij", 5, "abcd…"],
    ["ab😀cd", 4, "ab…"],
    ["ab😀cd", 5, "ab😀…"],
    ["e\u0301e\u0301e\u0301", 4, "e\u0301…"],
  ])("truncate(%j, %i) -> %j", (input, max, expected) => {
    expect(truncate(input, max)).toBe(expected);
    expect(truncate(input, max).length).toBeLessThanOrEqual(max);
  });

  it.each<[string, string]>([
    ["2,783 → 2,855", "2,783 -> 2,855"],
    ["Şəhid – “x”", 'Sehid - "x"'],
    ["Ærø Ñandú", "Ærø Ñandu"],
    ["[a] {b} €5", "(a) (b) EUR5"],
    ["中", "?"],
    ["Əliyev, Kılıç, Łódź", "Eliyev, Kilic, Lodz"],
  ])("toGsm(%j) -> %j", (input, expected) => {
    expect(toGsm(input)).toBe(expected);
    expect(isGsm(toGsm(input))).toBe(true);
  });
});
