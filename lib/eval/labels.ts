import { TollWatchError } from "../ingest/errors.ts";
import type { Category, FigureStatus, Population, Qualifier } from "../model/figure.ts";
import { CATEGORIES, POPULATIONS, QUALIFIERS, STATUSES } from "../model/figure.ts";

/** One row of a labels.jsonl file (../shared/corpus/FORMAT.md, "Labels"). */
export interface Label {
  doc: string;
  party: string | null;
  /** One of the four scored categories, or any other word on a neutral row ("displaced", "unidentified"). */
  category: Category | string;
  value: number;
  /** Accepted values: a prediction matches when its own value is one of these. */
  population: Population[];
  qualifier: Qualifier[];
  status: FigureStatus[];
  claimant: string | null;
  quote: string;
  /** Neither required nor an error when predicted: matching it is ignored. */
  neutral: boolean;
}

/** A labels file that does not follow FORMAT.md; the message names the line so it can be fixed. */
export class LabelFormatError extends TollWatchError {}

/**
 * Parses labels.jsonl text. Blank lines are skipped; anything else that is not a FORMAT.md label throws a
 * LabelFormatError naming `source` and the 1-based line, because a silently dropped label skews every score.
 */
export function readLabels(jsonlText: string, source = "labels"): Label[] {
  const labels: Label[] = [];
  const lines = jsonlText.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    if (line.trim() === "") continue;
    const where = `${source}:${index + 1}`;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (cause) {
      throw new LabelFormatError(`${where}: not valid JSON (${(cause as Error).message})`, { cause });
    }
    labels.push(toLabel(raw, where));
  }
  return labels;
}

function toLabel(raw: unknown, where: string): Label {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new LabelFormatError(`${where}: a label must be a JSON object`);
  }
  const row = raw as Record<string, unknown>;
  const fail = (field: string, expected: string): never => {
    throw new LabelFormatError(`${where}: "${field}" must be ${expected}, got ${JSON.stringify(row[field])}`);
  };
  const neutral = row.neutral ?? false;
  if (typeof neutral !== "boolean") fail("neutral", "true or false");
  if (typeof row.doc !== "string" || row.doc === "") fail("doc", "the article's file name");
  if (row.party !== null && (typeof row.party !== "string" || row.party === "")) {
    fail("party", "a country name or null");
  }
  const category = row.category;
  if (typeof category !== "string" || category === "") fail("category", "a category word");
  if (!neutral && !(CATEGORIES as readonly unknown[]).includes(category)) {
    fail("category", `one of ${CATEGORIES.join(", ")} (other words only on neutral rows)`);
  }
  if (typeof row.value !== "number" || !Number.isSafeInteger(row.value) || row.value < 0) {
    fail("value", "a non-negative integer");
  }
  const claimant = row.claimant ?? null;
  if (claimant !== null && typeof claimant !== "string") fail("claimant", "a string or null");
  const quote = row.quote ?? "";
  if (typeof quote !== "string") fail("quote", "a string");
  return {
    doc: row.doc as string,
    party: row.party as string | null,
    category: category as string,
    value: row.value as number,
    population: wordList(row, "population", POPULATIONS, fail),
    qualifier: wordList(row, "qualifier", QUALIFIERS, fail),
    status: wordList(row, "status", STATUSES, fail),
    claimant: claimant as string | null,
    quote: quote as string,
    neutral: neutral as boolean,
  };
}

function wordList<T extends string>(
  row: Record<string, unknown>,
  field: string,
  words: readonly T[],
  fail: (field: string, expected: string) => never,
): T[] {
  const value = row[field];
  const ok =
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((word) => (words as readonly unknown[]).includes(word));
  if (!ok) fail(field, `a non-empty list of ${words.join(", ")}`);
  return value as T[];
}
