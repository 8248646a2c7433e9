import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FigureRecord } from "../../lib/eval/predictions.ts";
import { readLabels, type Score, score } from "../../lib/eval/score.ts";
import { cli } from "../support/cli.ts";
import { CORPUS_DIR, SHARED_DIR, skipWithoutShared } from "../support/shared.ts";

const SEEDS_DIR = join(CORPUS_DIR, "seeds");
const REFERENCE_SCORER = join(SHARED_DIR, "tools/score-figures.mjs");
const MIN_F1 = 0.95;
const MIN_PRECISION = 0.97;
const MIN_ACCURACY = 0.9;

/** The reference scorer's counts, read from its summary line ("... tp N  fp N  fn N ..."). */
function referenceCounts(output: string): { tp: number; fp: number; fn: number } | null {
  const match = /\btp (\d+)\s+fp (\d+)\s+fn (\d+)/.exec(output);
  return match ? { tp: Number(match[1]), fp: Number(match[2]), fn: Number(match[3]) } : null;
}

async function runReferenceScorer(labelsPath: string, predictionsPath: string): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [
      REFERENCE_SCORER,
      labelsPath,
      predictionsPath,
    ]);
    return stdout;
  } catch (err) {
    // A score below its own threshold exits non-zero; the summary is still on stdout.
    return (err as { stdout?: string }).stdout ?? String(err);
  }
}

describe.skipIf(skipWithoutShared("seed corpus tests"))("figure extraction on the seed articles", () => {
  // Everything is read in beforeAll: vitest runs a skipped suite's body, and the corpus may be absent.
  let workDir = "";
  let exitCode = -1;
  let stderr = "";
  let ours: Score<FigureRecord>;
  let reference = "";

  beforeAll(async () => {
    const files = (await readdir(SEEDS_DIR)).filter((f) => f.endsWith(".txt")).sort();
    const run = await cli("extract", "--jsonl", ...files.map((f) => join(SEEDS_DIR, f)));
    exitCode = run.code;
    stderr = run.err;
    const predictions = run.out
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line) as FigureRecord)
      .map((record) => ({ ...record, doc: basename(record.doc) }));
    const labelsPath = join(SEEDS_DIR, "labels.jsonl");
    ours = score(readLabels(await readFile(labelsPath, "utf8"), labelsPath), predictions);

    workDir = await mkdtemp(join(tmpdir(), "tollwatch-seeds-"));
    const predictionsPath = join(workDir, "predictions.jsonl");
    await writeFile(predictionsPath, predictions.map((p) => `${JSON.stringify(p)}\n`).join(""));
    reference = await runReferenceScorer(labelsPath, predictionsPath);
  });

  afterAll(async () => {
    if (workDir !== "") await rm(workDir, { recursive: true, force: true });
  });

  it("extracts every seed article without an error", () => {
    expect(stderr).toBe("");
    expect(exitCode).toBe(0);
  });

  it("scores the same with lib/eval/score.ts and the shared reference scorer", () => {
    const pct = (x: number | null) => (x === null ? "n/a" : `${(x * 100).toFixed(1)}%`);
    console.log(
      `\nlib/eval/score.ts: tp ${ours.tp}  fp ${ours.fp}  fn ${ours.fn}  qualifier ${pct(ours.qualifierAccuracy)}  ` +
        `status ${pct(ours.statusAccuracy)}\nprecision ${pct(ours.precision)}  recall ${pct(ours.recall)}  ` +
        `F1 ${pct(ours.f1)}\nreference scorer:\n${reference.trim()}`,
    );
    for (const error of ours.errors) {
      const figure = "prediction" in error ? error.prediction : error.label;
      console.log(
        `  ${error.kind} ${error.doc}: ${figure.party} ${figure.category} ${figure.value} - ${figure.quote}`,
      );
    }

    expect(referenceCounts(reference)).toEqual({ tp: ours.tp, fp: ours.fp, fn: ours.fn });
  });

  it(`reaches F1 ${MIN_F1} and precision ${MIN_PRECISION}`, () => {
    expect(ours.f1).toBeGreaterThanOrEqual(MIN_F1);
    expect(ours.precision).toBeGreaterThanOrEqual(MIN_PRECISION);
  });

  it(`gets qualifier and status right on at least ${MIN_ACCURACY * 100}% of the true positives`, () => {
    expect(ours.qualifierAccuracy ?? 0).toBeGreaterThanOrEqual(MIN_ACCURACY);
    expect(ours.statusAccuracy ?? 0).toBeGreaterThanOrEqual(MIN_ACCURACY);
  });
});
