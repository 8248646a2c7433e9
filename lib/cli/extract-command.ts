import { type FigureRecord, toRecord } from "../eval/predictions.ts";
import { extractFigures } from "../extract/extract.ts";
import { TollWatchError } from "../ingest/errors.ts";
import { type LoadedDocument, loadDocument, type ManifestCache } from "./documents.ts";
import { UsageError } from "./exit-codes.ts";
import type { GlobalOptions } from "./global-options.ts";
import { type CliIO, writeJsonLine, writeTable } from "./io.ts";

export interface ExtractOptions {
  jsonl: boolean;
  published?: string;
  alias: string[];
}

/** Commander collects a repeated option through this. */
export const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** A calendar date typed by the operator; anything else is a usage error, not a silently ignored date. */
export function parsePublished(value: string | undefined): string | null {
  if (value === undefined) return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (date === null || date.toISOString().slice(0, 10) !== value) {
    throw new UsageError(`--published must be a date as YYYY-MM-DD, got "${value}"`);
  }
  return value;
}

/** "Artsakh=Armenia" pairs: a phrase the text uses for a party, and the country it stands for. */
export function parseAliases(values: readonly string[]): Record<string, string> {
  const aliases: Record<string, string> = {};
  for (const value of values) {
    const [phrase = "", country = "", ...rest] = value.split("=").map((part) => part.trim());
    if (phrase === "" || country === "" || rest.length > 0) {
      throw new UsageError(`--alias must be "phrase=Country", e.g. "Artsakh=Armenia", got "${value}"`);
    }
    aliases[phrase] = country;
  }
  return aliases;
}

function writeFigureTable(io: CliIO, doc: LoadedDocument, records: readonly FigureRecord[]): void {
  const count = `${records.length} figure${records.length === 1 ? "" : "s"}`;
  io.out(`${doc.name} (${doc.input.published?.slice(0, 10) ?? "date unknown"}): ${count}\n`);
  if (records.length === 0) return;
  const flags = (r: FigureRecord) =>
    [r.disputed ? "disputed" : "", r.increment ? "increment" : ""].filter(Boolean).join(",") || "-";
  writeTable(
    io,
    ["party", "population", "category", "value", "qualifier", "status", "stated", "conf", "flags", "quote"],
    records.map((r) => [
      r.party ?? "-",
      r.population,
      r.category,
      String(r.value),
      r.qualifier,
      r.status,
      r.statedOn ?? "-",
      r.confidence.toFixed(2),
      flags(r),
      r.quote.replace(/\s+/g, " "),
    ]),
  );
}

/**
 * `tollwatch extract FILE...`: the casualty figures each article states. Files that cannot be read do not
 * stop the others: their figures are printed first, then one error line names every failed file (exit 1).
 */
export async function extractCommand(
  files: readonly string[],
  options: ExtractOptions,
  globals: GlobalOptions,
  io: CliIO,
): Promise<void> {
  const published = parsePublished(options.published);
  const aliases = parseAliases(options.alias);
  const manifests: ManifestCache = new Map();
  const failures: string[] = [];
  let tables = 0;
  for (const file of files) {
    let doc: LoadedDocument;
    try {
      doc = await loadDocument(file, { published, manifests });
    } catch (err) {
      if (!(err instanceof TollWatchError)) throw err;
      failures.push(err.message);
      continue;
    }
    let records: FigureRecord[];
    try {
      records = extractFigures(doc.input, { aliases }).map((figure) => toRecord(file, figure));
    } catch (err) {
      // An extractor bug on one article must not hide the figures of the others, nor which article it was.
      const reason = err instanceof Error ? err.message : String(err);
      failures.push(`${file}: extraction failed (${reason}); please report this article as a bug`);
      continue;
    }
    if (options.jsonl || globals.json) {
      for (const record of records) writeJsonLine(io, record);
    } else {
      if (tables++ > 0) io.out("\n");
      writeFigureTable(io, doc, records);
    }
  }
  if (failures.length === 1) throw new TollWatchError(failures[0] ?? "");
  if (failures.length > 1) {
    throw new TollWatchError(`${failures.length} files could not be read: ${failures.join("; ")}`);
  }
}
