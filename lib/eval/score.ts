import type { Label } from "./labels.ts";

export { type Label, LabelFormatError, readLabels } from "./labels.ts";

/** What FORMAT.md scores of a predicted figure; extra fields (quote, claimant, ...) ride along into errors. */
export interface Prediction {
  doc: string;
  party: string | null;
  category: string;
  value: number;
  population: string;
  qualifier: string;
  status: string;
  quote?: string;
}

export type ScoreError<P extends Prediction = Prediction> =
  | { kind: "false_positive"; doc: string; prediction: P }
  | { kind: "false_negative"; doc: string; label: Label }
  | { kind: "qualifier" | "status"; doc: string; label: Label; prediction: P };

export interface Score<P extends Prediction = Prediction> {
  tp: number;
  fp: number;
  fn: number;
  /** 1 when nothing was predicted: no prediction was wrong. */
  precision: number;
  /** 1 when nothing was labelled: no figure was missed. */
  recall: number;
  f1: number;
  /** Among true positives; null when there is none. */
  qualifierAccuracy: number | null;
  statusAccuracy: number | null;
  /** Scored labels and scored predictions (after dedup), the denominators behind the ratios. */
  labels: number;
  predictions: number;
  errors: Array<ScoreError<P>>;
}

/** Predictions FORMAT.md leaves out of scoring: no single party, or a figure of another, past event. */
export function isScored(prediction: Prediction): boolean {
  return prediction.party !== null && prediction.status !== "historical";
}

/**
 * Per article, the first prediction of each (party, category, value, population): an article that states
 * a figure in its headline and again in its body states one figure, not two.
 */
export function dedupe<P extends Prediction>(predictions: readonly P[]): P[] {
  const seen = new Set<string>();
  return predictions.filter((p) => {
    const key = JSON.stringify([p.doc, p.party, p.category, p.value, p.population]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function matches(prediction: Prediction, label: Label): boolean {
  return (
    prediction.doc === label.doc &&
    prediction.party === label.party &&
    prediction.category === label.category &&
    prediction.value === label.value &&
    (label.population as readonly string[]).includes(prediction.population)
  );
}

const ratio = (part: number, whole: number, empty: number): number => (whole === 0 ? empty : part / whole);

/**
 * Scores predictions against labels as ../shared/corpus/FORMAT.md defines it: unscored predictions are
 * dropped, the rest deduplicated per article; a label matched by any prediction is one true positive, a
 * prediction that matches no label a false positive, and qualifier and status are checked on the first
 * prediction that matched each true positive.
 */
export function score<P extends Prediction>(labels: readonly Label[], predictions: readonly P[]): Score<P> {
  const byDoc = new Map<string, Label[]>();
  for (const label of labels) byDoc.set(label.doc, [...(byDoc.get(label.doc) ?? []), label]);

  const scored = dedupe(predictions.filter(isScored));
  const credited = new Map<Label, P>();
  const falsePositives: Array<ScoreError<P>> = [];
  for (const prediction of scored) {
    const matched = (byDoc.get(prediction.doc) ?? []).filter((label) => matches(prediction, label));
    const required = matched.filter((label) => !label.neutral);
    for (const label of required) if (!credited.has(label)) credited.set(label, prediction);
    if (matched.length === 0)
      falsePositives.push({ kind: "false_positive", doc: prediction.doc, prediction });
  }

  const labelErrors: Array<ScoreError<P>> = [];
  let tp = 0;
  let qualifierRight = 0;
  let statusRight = 0;
  const required = labels.filter((label) => !label.neutral);
  for (const label of required) {
    const prediction = credited.get(label);
    if (prediction === undefined) {
      labelErrors.push({ kind: "false_negative", doc: label.doc, label });
      continue;
    }
    tp++;
    if ((label.qualifier as readonly string[]).includes(prediction.qualifier)) qualifierRight++;
    else labelErrors.push({ kind: "qualifier", doc: label.doc, label, prediction });
    if ((label.status as readonly string[]).includes(prediction.status)) statusRight++;
    else labelErrors.push({ kind: "status", doc: label.doc, label, prediction });
  }

  const fp = falsePositives.length;
  const fn = required.length - tp;
  const precision = ratio(tp, tp + fp, 1);
  const recall = ratio(tp, tp + fn, 1);
  const docOrder = [...new Set([...labels.map((l) => l.doc), ...scored.map((p) => p.doc)])];
  const errors = [...labelErrors, ...falsePositives].sort(
    (a, b) => docOrder.indexOf(a.doc) - docOrder.indexOf(b.doc),
  );
  return {
    tp,
    fp,
    fn,
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
    qualifierAccuracy: tp === 0 ? null : qualifierRight / tp,
    statusAccuracy: tp === 0 ? null : statusRight / tp,
    labels: required.length,
    predictions: scored.length,
    errors,
  };
}
