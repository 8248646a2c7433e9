import { dirname, join } from "node:path";
import { type FigureRecord, toRecord } from "../eval/predictions.ts";
import { type Label, readLabels, type Score, type ScoreError, score } from "../eval/score.ts";
import { extractFigures } from "../extract/extract.ts";
import { TollWatchError } from "../ingest/errors.ts";
import { type LoadedDocument, loadDocument, readManifest } from "./documents.ts";
import type { GlobalOptions } from "./global-options.ts";
import { type CliIO, writeJsonLine, writeTable } from "./io.ts";
import { parseAliases } from "./options.ts";
import { loadSource } from "./source.ts";

export interface EvalOptions {
  labels: string;
  docs?: string;
  /** "phrase=Country" pairs, as extract's --alias takes them. */
  alias?: string[];
}

/** A labelled set read from disk: its labels and its articles, each under the file name labels use. */
export interface LabelledSet {
  labels: Label[];
  /** `name` is the file name as in labels.jsonl and manifest.json. */
  documents: LoadedDocument[];
}

/**
 * Reads labels.jsonl and every article it names or the manifest beside the articles lists: an article
 * with no label row still counts, because every figure found in it is a false positive.
 *
 * @throws TollWatchError naming each input that cannot be read.
 */
export async function loadLabelledSet(labelsPath: string, docsDir?: string): Promise<LabelledSet> {
  const source = await loadSource(labelsPath, "article");
  const labels = readLabels(new TextDecoder().decode(source.bytes), labelsPath);
  const dir = docsDir ?? dirname(labelsPath);
  const manifest = await readManifest(dir);
  const names = [...new Set([...(manifest?.articles.map((a) => a.file) ?? []), ...labels.map((l) => l.doc)])];
  const manifests = new Map([[dir, Promise.resolve(manifest)]]);
  const documents: LoadedDocument[] = [];
  const failures: string[] = [];
  for (const name of names) {
    try {
      const doc = await loadDocument(join(dir, name), { manifests });
      documents.push({ ...doc, name });
    } catch (err) {
      if (!(err instanceof TollWatchError)) throw err;
      failures.push(err.message);
    }
  }
  if (failures.length > 0) {
    const count = failures.length === 1 ? "" : `${failures.length} documents could not be read: `;
    throw new TollWatchError(`${count}${failures.join("; ")}`);
  }
  return { labels, documents };
}

/** Every figure the extractor finds in the set's articles, as scorer input. */
export function predict(
  documents: readonly LoadedDocument[],
  aliases: Record<string, string> = {},
): FigureRecord[] {
  return documents.flatMap((doc) =>
    extractFigures(doc.input, { aliases }).map((figure) => toRecord(doc.name, figure)),
  );
}

const fixed = (value: number | null) => (value === null ? "n/a" : value.toFixed(3));

function describeLabel(label: Label): string {
  return `${label.party ?? "(no party)"} ${label.category} ${label.value} ${label.population.join("|")}`;
}

function describePrediction(p: FigureRecord): string {
  return `${p.party ?? "(no party)"} ${p.category} ${p.value} ${p.population}`;
}

function errorRow(error: ScoreError<FigureRecord>): string[] {
  const quote = (text: string) => text.replace(/\s+/g, " ");
  switch (error.kind) {
    case "false_positive": {
      const p = error.prediction;
      return ["FP", error.doc, describePrediction(p), `${p.qualifier} ${p.status}`, "-", quote(p.quote)];
    }
    case "false_negative": {
      const l = error.label;
      const wanted = `${l.qualifier.join("|")} ${l.status.join("|")}`;
      return ["FN", error.doc, describeLabel(l), "-", wanted, quote(l.quote)];
    }
    default: {
      const { label: l, prediction: p } = error;
      const got = error.kind === "qualifier" ? p.qualifier : p.status;
      const wanted = (error.kind === "qualifier" ? l.qualifier : l.status).join("|");
      return [error.kind, error.doc, describeLabel(l), got, wanted, quote(p.quote)];
    }
  }
}

function writeReport(io: CliIO, set: LabelledSet, result: Score<FigureRecord>): void {
  const lines = [
    `${set.documents.length} documents, ${result.labels} scored labels, ${result.predictions} scored predictions`,
    `precision  ${fixed(result.precision)}  (${result.tp} true positives, ${result.fp} false positives)`,
    `recall     ${fixed(result.recall)}  (${result.fn} false negatives)`,
    `F1         ${fixed(result.f1)}`,
    `qualifier  ${fixed(result.qualifierAccuracy)}`,
    `status     ${fixed(result.statusAccuracy)}`,
  ];
  io.out(`${lines.join("\n")}\n`);
  if (result.errors.length === 0) return;
  io.out(`\nerrors (${result.errors.length}):\n`);
  writeTable(io, ["kind", "doc", "figure", "predicted", "labelled", "quote"], result.errors.map(errorRow));
}

/**
 * `tollwatch eval --labels FILE`: how well extraction matches a labelled set, scored as FORMAT.md says.
 * A low score is a result, not a failure: the exit code is 0 unless the input cannot be read.
 */
export async function evalCommand(options: EvalOptions, globals: GlobalOptions, io: CliIO): Promise<void> {
  // A malformed alias is a usage error, found before any file is read.
  const aliases = parseAliases(options.alias ?? []);
  const set = await loadLabelledSet(options.labels, options.docs);
  const result = score(set.labels, predict(set.documents, aliases));
  if (globals.json) {
    writeJsonLine(io, { documents: set.documents.length, ...result });
    return;
  }
  writeReport(io, set, result);
}
