import { stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { ConfigError, loadConfig } from "../config.ts";
import { TollWatchError } from "../ingest/errors.ts";
import type { CommittedArticle } from "../monitor/commit.ts";
import { type ReplayAlert, type ReplaySummary, replay } from "../monitor/replay.ts";
import { loadDocument, type ManifestCache, readManifest } from "./documents.ts";
import { UsageError } from "./exit-codes.ts";
import type { GlobalOptions } from "./global-options.ts";
import { type CliIO, writeJsonLine, writeTable } from "./io.ts";

export interface ReplayOptions {
  jsonl: boolean;
  config?: string;
}

/** A manifest.json, or the folder holding one. */
async function manifestFolder(target: string): Promise<string> {
  const info = await stat(target).catch(() => null);
  if (info?.isDirectory()) return target;
  if (basename(target) !== "manifest.json") {
    throw new UsageError(`replay takes a manifest.json or its folder, got "${target}"`);
  }
  return dirname(target);
}

/**
 * Every article of the manifest, in its order, read before anything is replayed: a missing article
 * would change the timeline, so the replay does not start with one missing.
 */
async function loadArticles(target: string): Promise<CommittedArticle[]> {
  const dir = await manifestFolder(target);
  const manifest = await readManifest(dir);
  if (manifest === null) {
    throw new TollWatchError(
      `${join(dir, "manifest.json")}: not found; give the path of a corpus manifest.json`,
    );
  }
  const manifests: ManifestCache = new Map([[dir, Promise.resolve(manifest)]]);
  const articles: CommittedArticle[] = [];
  const failures: string[] = [];
  for (const entry of manifest.articles) {
    try {
      const { input } = await loadDocument(join(dir, entry.file), { manifests });
      articles.push({
        doc: entry.file,
        outlet: input.outlet ?? null,
        title: input.title ?? null,
        text: input.text,
        published: input.published,
      });
    } catch (err) {
      if (!(err instanceof TollWatchError)) throw err;
      failures.push(err.message);
    }
  }
  if (failures.length === 1) throw new TollWatchError(failures[0] ?? "");
  if (failures.length > 1) {
    throw new TollWatchError(`${failures.length} articles could not be read: ${failures.join("; ")}`);
  }
  return articles;
}

function alertRow(alert: ReplayAlert): string[] {
  return [
    alert.doc,
    alert.kind,
    alert.watch,
    alert.party,
    alert.population,
    alert.category,
    alert.from === null ? String(alert.to) : `${alert.from} -> ${alert.to}`,
    alert.statedOn ?? "-",
    alert.claimant ?? "-",
  ];
}

function summaryLine(summary: ReplaySummary): string {
  const d = summary.decisions;
  const quiet = d.corroborate + d.consistent + d.stale + d.disputed;
  return (
    `${summary.articles} article${summary.articles === 1 ? "" : "s"}: ${d.open} opened, ${d.revise} revised, ` +
    `${quiet} without alert (${d.corroborate} corroborated, ${d.consistent} consistent, ${d.stale} stale, ` +
    `${d.disputed} disputed); ${summary.alerts} alert${summary.alerts === 1 ? "" : "s"} delivered\n`
  );
}

/**
 * `tollwatch replay MANIFEST`: the manifest's articles in order through extraction, the tallies and the
 * notifier, on a fresh in-memory store; prints every alert the monitor would have sent.
 */
export async function replayCommand(
  target: string,
  options: ReplayOptions,
  globals: GlobalOptions,
  io: CliIO,
): Promise<void> {
  let config: Awaited<ReturnType<typeof loadConfig>>;
  try {
    config = await loadConfig(options.config ?? null);
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(err.message);
    throw err;
  }
  const articles = await loadArticles(target);
  const machine = options.jsonl || globals.json;
  const rows: string[][] = [];
  const summary = await replay(articles, config, (alert) => {
    if (machine) writeJsonLine(io, alert);
    else rows.push(alertRow(alert));
  });
  if (machine) return;
  if (rows.length === 0) io.out("no alerts\n");
  else {
    writeTable(
      io,
      ["article", "kind", "watch", "party", "population", "category", "value", "stated", "claimant"],
      rows,
    );
  }
  if (!globals.quiet) io.out(`\n${summaryLine(summary)}`);
}
