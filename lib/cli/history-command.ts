/** `tollwatch history`: every version of the tallies asked for, newest first, with its evidence. */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { TollWatchError } from "../ingest/errors.ts";
import { CATEGORIES, POPULATIONS } from "../model/figure.ts";
import type { TallyVersion } from "../model/tally.ts";
import { type HistoryFilter, history } from "../monitor/history.ts";
import { statedValue } from "../notify/wording.ts";
import type { DynamoStore } from "../store/dynamo-store.ts";
import { ApiClientError, historyFromApi } from "./api-client.ts";
import { UsageError } from "./exit-codes.ts";
import type { GlobalOptions } from "./global-options.ts";
import { type CliIO, writeJsonLine, writeTable } from "./io.ts";
import { oneOf, parseDay } from "./options.ts";
import { DEFAULT_DATA_DIR, readStore } from "./store-session.ts";

export { DEFAULT_DATA_DIR, DEFAULT_TABLE } from "./store-session.ts";

const HISTORY_FORMATS = ["table", "json", "csv"] as const;
type HistoryFormat = (typeof HISTORY_FORMATS)[number];

export interface HistoryOptions {
  watch?: string;
  party?: string;
  population?: string;
  category?: string;
  since?: string;
  format?: string;
  dynamodbEndpoint?: string;
  table?: string;
  data?: string;
  api?: string;
}

export async function historyCommand(
  options: HistoryOptions,
  globals: GlobalOptions,
  io: CliIO,
): Promise<void> {
  const filter = parseFilter(options);
  const format = parseFormat(options.format, globals);
  const versions =
    options.api === undefined
      ? await withStore(options, io, globals, (store) => history(store, filter))
      : await fromApi(options, filter);
  if (versions.length === 0 && !globals.quiet) io.err("no versions match\n");
  if (format === "json") for (const version of versions) writeJsonLine(io, version);
  else if (format === "csv") io.out(toCsv(versions));
  else writeTable(io, TABLE_HEADERS, versions.flatMap(tableRows));
}

/** The deployed stack's query API, signed with the caller's AWS credentials. */
async function fromApi(options: HistoryOptions, filter: HistoryFilter): Promise<TallyVersion[]> {
  const api = options.api ?? "";
  if (options.dynamodbEndpoint !== undefined || options.data !== undefined) {
    throw new UsageError("--api reads the deployed stack; leave out --dynamodb-endpoint and --data with it");
  }
  if (!/^https:\/\//i.test(api) && !/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?(\/|$)/i.test(api)) {
    throw new UsageError(`--api must be the stack's ApiUrl output, an https URL; got "${api}"`);
  }
  try {
    return await historyFromApi(api, filter);
  } catch (err) {
    if (err instanceof ApiClientError) throw new TollWatchError(err.message, { cause: err });
    throw err;
  }
}

function parseFilter(options: HistoryOptions): HistoryFilter {
  return {
    watch: options.watch ?? null,
    party: options.party ?? null,
    population:
      options.population === undefined ? null : oneOf(options.population, POPULATIONS, "--population"),
    category: options.category === undefined ? null : oneOf(options.category, CATEGORIES, "--category"),
    since: options.since === undefined ? null : parseDay(options.since, "--since"),
  };
}

function parseFormat(value: string | undefined, globals: GlobalOptions): HistoryFormat {
  if (value === undefined) return globals.json ? "json" : "table";
  return oneOf(value, HISTORY_FORMATS, "--format");
}

async function withStore(
  options: HistoryOptions,
  io: CliIO,
  globals: GlobalOptions,
  read: (store: DynamoStore) => Promise<TallyVersion[]>,
): Promise<TallyVersion[]> {
  if (options.dynamodbEndpoint === undefined && !existsSync(resolve(options.data ?? DEFAULT_DATA_DIR))) {
    if (!globals.quiet)
      io.err(
        `no data under ${resolve(options.data ?? DEFAULT_DATA_DIR)} yet: nothing has been recorded there\n`,
      );
    return [];
  }
  return readStore(options, [], read);
}

/** The history table as text, e.g. for the demo's closing summary. */
export function renderHistoryTable(versions: readonly TallyVersion[], columns: number | null = null): string {
  const parts: string[] = [];
  writeTable(
    { out: (t) => parts.push(t), err: () => {}, columns },
    TABLE_HEADERS,
    versions.flatMap(tableRows),
  );
  return parts.join("");
}

const TABLE_HEADERS = ["stated", "watch", "tally", "v", "change", "claimant", "evidence"] as const;

function tallyText(version: TallyVersion): string {
  const { party, population, category } = version.key;
  return `${party} ${population} ${category}`;
}

function changeText(version: TallyVersion): string {
  if (version.previousValue === null) return `opened at ${statedValue(version)}`;
  return `${version.previousValue.toLocaleString("en-US")} -> ${statedValue(version)}`;
}

/** One row per version, and a continuation row for each further article behind it. */
function tableRows(version: TallyVersion): string[][] {
  const evidence = version.evidence.map(
    (e) => `${e.outlet ?? "unknown outlet"}: "${oneLine(e.quote)}" <${oneLine(e.doc)}>`,
  );
  const [first = "(no article recorded)", ...more] = evidence;
  return [
    [
      version.statedOn ?? "undated",
      version.key.watch,
      tallyText(version),
      String(version.version),
      changeText(version),
      version.claimant ?? "-",
      first,
    ],
    ...more.map((line) => ["", "", "", "", "", "", line]),
  ];
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

const CSV_HEADERS = [
  "watch",
  "party",
  "population",
  "category",
  "version",
  "kind",
  "previous_value",
  "value",
  "qualifier",
  "claimant",
  "stated_on",
  "observed_at",
  "alert_state",
  "corroborations",
  "outlet",
  "doc",
  "quote",
] as const;

/** RFC 4180: one row per article behind each version, so every row is self-contained in a spreadsheet. */
function toCsv(versions: readonly TallyVersion[]): string {
  const rows: string[] = [CSV_HEADERS.join(",")];
  for (const v of versions) {
    const base = [
      v.key.watch,
      v.key.party,
      v.key.population,
      v.key.category,
      v.version,
      v.kind,
      v.previousValue ?? "",
      v.value,
      v.qualifier,
      v.claimant ?? "",
      v.statedOn ?? "",
      v.observedAt,
      v.alertState,
      v.corroborations,
    ];
    const evidence = v.evidence.length > 0 ? v.evidence : [null];
    for (const e of evidence) {
      rows.push([...base, e?.outlet ?? "", e?.doc ?? "", e?.quote ?? ""].map(csvField).join(","));
    }
  }
  return `${rows.join("\r\n")}\r\n`;
}

function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
