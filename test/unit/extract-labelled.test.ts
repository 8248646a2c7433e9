import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadLabelledSet, predict } from "../../lib/cli/eval-command.ts";
import type { FigureRecord } from "../../lib/eval/predictions.ts";
import { type ScoreError, score } from "../../lib/eval/score.ts";

const LABELS = join(import.meta.dirname, "../fixtures/extract/labels.jsonl");
const MIN_F1 = 0.95;
const MIN_PRECISION = 0.97;

/** One line per error, so a failing item shows what was found or missed without digging through objects. */
function describeError(error: ScoreError<FigureRecord>): string {
  if (error.kind === "false_positive") {
    const p = error.prediction;
    return `FP ${p.party} ${p.category} ${p.value} ${p.population} ${p.qualifier} ${p.status}: ${p.quote}`;
  }
  const l = error.label;
  const figure = `${l.party} ${l.category} ${l.value} ${l.population.join("|")}`;
  if (error.kind === "false_negative") return `FN ${figure}: ${l.quote}`;
  const got = error.kind === "qualifier" ? error.prediction.qualifier : error.prediction.status;
  const wanted = error.kind === "qualifier" ? l.qualifier : l.status;
  return `${error.kind} ${figure}: got ${got}, want ${wanted.join("|")}`;
}

describe("figure extraction on the labelled fixture set", async () => {
  const set = await loadLabelledSet(LABELS);
  const predictions = predict(set.documents);

  it("holds the labelled set the README describes", () => {
    const scoredDocs = new Set(set.labels.filter((l) => !l.neutral).map((l) => l.doc));

    expect(set.documents.length).toBeGreaterThanOrEqual(80);
    expect(set.documents.length - scoredDocs.size).toBeGreaterThanOrEqual(25);
  });

  it.each(set.documents.map((doc) => [doc.name]))("%s", (name) => {
    const labels = set.labels.filter((l) => l.doc === name);
    const found = predictions.filter((p) => p.doc === name);

    const result = score(labels, found);

    expect(result.errors.map(describeError)).toEqual([]);
  });

  it(`reaches F1 ${MIN_F1} and precision ${MIN_PRECISION} over the whole set`, () => {
    const result = score(set.labels, predictions);

    console.log(
      `labelled set: ${set.documents.length} docs, tp ${result.tp} fp ${result.fp} fn ${result.fn}, ` +
        `precision ${result.precision.toFixed(3)} recall ${result.recall.toFixed(3)} F1 ${result.f1.toFixed(3)}, ` +
        `qualifier ${result.qualifierAccuracy?.toFixed(3)} status ${result.statusAccuracy?.toFixed(3)}`,
    );
    expect(result.f1).toBeGreaterThanOrEqual(MIN_F1);
    expect(result.precision).toBeGreaterThanOrEqual(MIN_PRECISION);
  });
});
