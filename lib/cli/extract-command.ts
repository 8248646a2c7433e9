import { type FigureRecord, toRecord } from "../eval/predictions.ts";
import { extractFigures } from "../extract/extract.ts";
import { TollWatchError } from "../ingest/errors.ts";
import { type LoadedDocument, loadDocument, type ManifestCache } from "./documents.ts";
import type { GlobalOptions } from "./global-options.ts";
import { type CliIO, writeJsonLine, writeTable } from "./io.ts";
import { parseAliases, parseDay } from "./options.ts";

export interface ExtractOptions {
  jsonl: boolean;
  published?: string;
  alias: string[];
}

/** A publication date typed by the operator, over the manifest's. */
function parsePublished(value: string | undefined): string | null {
  return value === undefined ? null : parseDay(value, "--published");
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
