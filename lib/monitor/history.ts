/** Reads a tally's past: every committed version with the evidence behind it, filtered and newest first. */
import type { Category, Population } from "../model/figure.ts";
import type { TallyKey, TallyVersion } from "../model/tally.ts";
import type { HistoryStore } from "../store/ports.ts";

export interface HistoryFilter {
  watch?: string | null;
  /** Matched without regard to case: "armenia" finds "Armenia". */
  party?: string | null;
  population?: Population | null;
  category?: Category | null;
  /**
   * YYYY-MM-DD, inclusive: versions whose statement is dated on or after it. The statement date is
   * when the toll was true, which is what a reader asks about; a version whose statement date is
   * unknown is judged by the day Toll Watch recorded it.
   */
  since?: string | null;
}

/** The day a version speaks for: its statement date, else the day it was recorded. */
function versionDay(version: TallyVersion): string {
  return version.statedOn ?? version.observedAt.slice(0, 10);
}

function matchesFilter(version: TallyVersion, filter: HistoryFilter): boolean {
  const { key } = version;
  if (filter.watch && key.watch !== filter.watch) return false;
  if (filter.party && key.party.toLowerCase() !== filter.party.toLowerCase()) return false;
  if (filter.population && key.population !== filter.population) return false;
  if (filter.category && key.category !== filter.category) return false;
  if (filter.since && versionDay(version) < filter.since) return false;
  return true;
}

/** Newest statement first; versions of one day by when they were recorded, then by version number. */
function newestFirst(a: TallyVersion, b: TallyVersion): number {
  return (
    compare(versionDay(b), versionDay(a)) ||
    compare(b.observedAt, a.observedAt) ||
    compare(tallyLabel(a.key), tallyLabel(b.key)) ||
    b.version - a.version
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function tallyLabel(key: TallyKey): string {
  return [key.watch, key.party, key.population, key.category].join("\u0000");
}

/** Every version of one tally, all pages, newest first. */
async function tallyVersions(store: HistoryStore, key: TallyKey): Promise<TallyVersion[]> {
  const all: TallyVersion[] = [];
  let cursor: string | null = null;
  do {
    const page = await store.versions(key, { cursor });
    all.push(...page.items);
    cursor = page.cursor;
  } while (cursor !== null);
  return all;
}

/**
 * Versions of every tally matching the filter, newest first. Tallies are listed once (allTallies) and
 * only the matching ones are read in full; revisions are rare, so this stays a handful of Queries.
 */
export async function history(store: HistoryStore, filter: HistoryFilter = {}): Promise<TallyVersion[]> {
  const tallies = (await store.allTallies()).filter((newest) =>
    matchesFilter(newest, { ...filter, since: null }),
  );
  const perTally = await Promise.all(tallies.map((newest) => tallyVersions(store, newest.key)));
  return perTally
    .flat()
    .filter((version) => matchesFilter(version, filter))
    .sort(newestFirst);
}
