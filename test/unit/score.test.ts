import { describe, expect, it } from "vitest";
import { type Label, LabelFormatError, type Prediction, readLabels, score } from "../../lib/eval/score.ts";

function label(overrides: Partial<Label> = {}): Label {
  return {
    doc: "a.txt",
    party: "Azerbaijan",
    category: "killed",
    value: 2783,
    population: ["military"],
    qualifier: ["exact"],
    status: ["current"],
    claimant: null,
    quote: "",
    neutral: false,
    ...overrides,
  };
}

function prediction(overrides: Partial<Prediction> = {}): Prediction {
  return {
    doc: "a.txt",
    party: "Azerbaijan",
    category: "killed",
    value: 2783,
    population: "military",
    qualifier: "exact",
    status: "current",
    ...overrides,
  };
}

describe("score", () => {
  it("counts a prediction equal to a label as one true positive", () => {
    const result = score([label()], [prediction()]);

    expect(result).toMatchObject({ tp: 1, fp: 0, fn: 0, precision: 1, recall: 1, f1: 1 });
    expect(result).toMatchObject({ qualifierAccuracy: 1, statusAccuracy: 1, errors: [] });
  });

  it("deduplicates an article's predictions on party, category, value and population", () => {
    const headline = prediction({ qualifier: "exact" });
    const body = prediction({ qualifier: "at_least", quote: "at least 2,783" });
    const elsewhere = prediction({ doc: "b.txt" });

    const result = score([label()], [headline, body, elsewhere]);

    expect(result.predictions).toBe(2);
    expect(result).toMatchObject({ tp: 1, fp: 1, fn: 0, qualifierAccuracy: 1 });
    expect(result.errors).toEqual([{ kind: "false_positive", doc: "b.txt", prediction: elsewhere }]);
  });

  it("counts each label once however many predictions match it", () => {
    const labels = [label({ population: ["civilian", "unspecified"] })];
    const predictions = [prediction({ population: "civilian" }), prediction({ population: "unspecified" })];

    const result = score(labels, predictions);

    expect(result).toMatchObject({ tp: 1, fp: 0, fn: 0, predictions: 2 });
  });

  it.each([
    ["a null party", prediction({ party: null, value: 1 })],
    ["a historical figure", prediction({ status: "historical", value: 30000 })],
  ])("does not score %s", (_name, unscored) => {
    const result = score([label()], [prediction(), unscored]);

    expect(result).toMatchObject({ tp: 1, fp: 0, predictions: 1 });
  });

  it("ignores predictions matching a neutral label and never counts it as missed", () => {
    const neutral = label({ category: "killed", value: 3000, qualifier: ["nearly"], neutral: true });

    const result = score([label(), neutral], [prediction(), prediction({ value: 3000, qualifier: "about" })]);

    expect(result).toMatchObject({ tp: 1, fp: 0, fn: 0, labels: 1, errors: [] });
  });

  it("accepts any population in the label's list and rejects one outside it", () => {
    const labels = [label({ population: ["civilian", "unspecified"], value: 93 })];

    expect(score(labels, [prediction({ value: 93, population: "unspecified" })]).tp).toBe(1);
    expect(score(labels, [prediction({ value: 93, population: "military" })])).toMatchObject({
      tp: 0,
      fp: 1,
      fn: 1,
    });
  });

  it.each([
    ["party", { party: "Armenia" }],
    ["category", { category: "wounded" }],
    ["value", { value: 2800 }],
    ["doc", { doc: "b.txt" }],
  ])("needs an equal %s to match", (_field, change) => {
    const result = score([label()], [prediction(change)]);

    expect(result).toMatchObject({ tp: 0, fp: 1, fn: 1, precision: 0, recall: 0, f1: 0 });
    expect(result.errors.map((e) => e.kind).sort()).toEqual(["false_negative", "false_positive"]);
  });

  it("scores qualifier and status among true positives only and lists the mismatches", () => {
    const labels = [
      label({ value: 100, category: "missing", qualifier: ["more_than", "exact"] }),
      label({ value: 2317, party: "Armenia", status: ["earlier"] }),
      label({ value: 50, party: "Armenia", category: "missing" }),
    ];
    const predictions = [
      prediction({ value: 100, category: "missing", qualifier: "at_least" }),
      prediction({ value: 2317, party: "Armenia", status: "current" }),
    ];

    const result = score(labels, predictions);

    expect(result).toMatchObject({ tp: 2, fp: 0, fn: 1, qualifierAccuracy: 0.5, statusAccuracy: 0.5 });
    expect(result.errors.map((e) => [e.kind, "label" in e ? e.label.value : null])).toEqual([
      ["qualifier", 100],
      ["status", 2317],
      ["false_negative", 50],
    ]);
  });

  it("computes precision, recall and F1 over several articles", () => {
    const labels = [label(), label({ doc: "b.txt", value: 10 }), label({ doc: "b.txt", value: 20 })];
    const predictions = [prediction(), prediction({ doc: "b.txt", value: 10 }), prediction({ value: 5 })];

    const result = score(labels, predictions);

    expect(result).toMatchObject({ tp: 2, fp: 1, fn: 1 });
    expect(result.precision).toBeCloseTo(2 / 3);
    expect(result.recall).toBeCloseTo(2 / 3);
    expect(result.f1).toBeCloseTo(2 / 3);
  });

  it("treats an empty set as vacuously right and leaves accuracies undefined", () => {
    expect(score([], [])).toMatchObject({ precision: 1, recall: 1, f1: 1, qualifierAccuracy: null });
    expect(score([label()], [])).toMatchObject({ precision: 1, recall: 0, f1: 0, statusAccuracy: null });
  });
});

describe("readLabels", () => {
  const row = (fields: Record<string, unknown> = {}) =>
    JSON.stringify({
      doc: "a.txt",
      party: "Azerbaijan",
      category: "killed",
      value: 2783,
      population: ["military"],
      qualifier: ["exact"],
      status: ["current"],
      claimant: null,
      quote: "2,783 servicemen",
      ...fields,
    });

  it("reads rows, skips blank lines and defaults neutral to false", () => {
    const text = `${row()}\n\n${row({ party: null, category: "displaced", value: 9, neutral: true })}\r\n`;

    const labels = readLabels(text);

    expect(labels).toHaveLength(2);
    expect(labels[0]).toMatchObject({ doc: "a.txt", value: 2783, neutral: false });
    expect(labels[1]).toMatchObject({ party: null, category: "displaced", neutral: true });
  });

  it.each([
    ["broken JSON", "{", /^labels\.jsonl:2: not valid JSON/],
    ["an array", "[1]", /^labels\.jsonl:2: a label must be a JSON object/],
    ["a missing doc", row({ doc: undefined }), /^labels\.jsonl:2: "doc" must be/],
    ["a fractional value", row({ value: 2.5 }), /"value" must be a non-negative integer/],
    ["a string value", row({ value: "2783" }), /"value" must be a non-negative integer/],
    ["an unknown population", row({ population: ["soldiers"] }), /"population" must be a non-empty list/],
    ["a bare qualifier", row({ qualifier: "exact" }), /"qualifier" must be a non-empty list/],
    ["an empty status list", row({ status: [] }), /"status" must be a non-empty list/],
    ["a scored odd category", row({ category: "displaced" }), /"category" must be one of killed/],
    ["a numeric party", row({ party: 7 }), /"party" must be a country name or null/],
    ["a non-boolean neutral", row({ neutral: "yes" }), /"neutral" must be true or false/],
  ])("names the line of %s", (_name, bad, message) => {
    const text = `${row()}\n${bad}\n${row()}`;

    expect(() => readLabels(text, "labels.jsonl")).toThrow(LabelFormatError);
    expect(() => readLabels(text, "labels.jsonl")).toThrow(message);
  });
});
