/**
 * What the monitor knows, without polling: `tollwatch feeds` (each configured feed's state) and
 * `tollwatch watches` (each watch with its tallies' current values).
 */

import { formatDuration } from "../duration.ts";
import type { TallyVersion } from "../model/tally.ts";
import { feedSpecs } from "../monitor/feeds.ts";
import { statedValue } from "../notify/wording.ts";
import type { FeedState } from "../store/records.ts";
import { DEFAULT_WATCH } from "../tally/watches.ts";
import type { GlobalOptions } from "./global-options.ts";
import { type CliIO, writeJsonLine, writeTable } from "./io.ts";
import { loadCliConfig } from "./monitor-setup.ts";
import { readStore, type StoreOptions } from "./store-session.ts";

export interface StatusOptions extends StoreOptions {
  config?: string;
}

export async function feedsCommand(options: StatusOptions, globals: GlobalOptions, io: CliIO): Promise<void> {
  const config = await loadCliConfig(options.config);
  const feeds = feedSpecs(config.feeds);
  if (feeds.length === 0) {
    if (!globals.quiet) io.err(`${config.source ?? "the default config"} lists no feeds\n`);
    return;
  }
  const states = await readStore(options, new Map<string, FeedState | null>(), async (store) => {
    const pairs = await Promise.all(
      feeds.map(async (feed) => [feed.id, await store.getFeedState(feed.id)] as const),
    );
    return new Map(pairs);
  });
  if (globals.json) {
    for (const feed of feeds) writeJsonLine(io, { ...feed, state: states.get(feed.id) ?? null });
    return;
  }
  writeTable(
    io,
    ["feed", "every", "last check", "last change", "failures", "last error"],
    feeds.map((feed) => {
      const state = states.get(feed.id) ?? null;
      return [
        feed.name ?? feed.url,
        feed.everyMs === null ? "each cycle" : formatDuration(feed.everyMs),
        state?.checkedAt ?? "never",
        state?.changedAt ?? "-",
        String(state?.failures ?? 0),
        state?.lastError ?? "-",
      ];
    }),
  );
}

export async function watchesCommand(
  options: StatusOptions,
  globals: GlobalOptions,
  io: CliIO,
): Promise<void> {
  const config = await loadCliConfig(options.config);
  const watches = config.watches.length > 0 ? config.watches : [DEFAULT_WATCH];
  const tallies = await readStore(options, [] as TallyVersion[], (store) => store.allTallies());
  const byWatch = new Map<string, TallyVersion[]>();
  for (const tally of tallies) byWatch.set(tally.key.watch, [...(byWatch.get(tally.key.watch) ?? []), tally]);

  if (globals.json) {
    for (const watch of watches) writeJsonLine(io, { ...watch, tallies: byWatch.get(watch.id) ?? [] });
    return;
  }
  watches.forEach((watch, i) => {
    const window = [watch.from, watch.to].some(Boolean) ? `, ${watch.from ?? "…"} to ${watch.to ?? "…"}` : "";
    const phrases =
      watch.phrases.length > 0 ? watch.phrases.map((p) => JSON.stringify(p)).join(", ") : "every article";
    io.out(`${i > 0 ? "\n" : ""}${watch.title} (${watch.id}${window}): ${phrases}\n`);
    const rows = (byWatch.get(watch.id) ?? [])
      .sort(byTally)
      .map((v) => [
        `${v.key.party} ${v.key.population} ${v.key.category}`,
        statedValue(v),
        String(v.version),
        v.statedOn ?? "undated",
        v.claimant ?? "-",
      ]);
    if (rows.length === 0) io.out("  no tallies yet\n");
    else writeTable(io, ["tally", "current", "versions", "stated", "claimant"], rows);
  });
}

function byTally(a: TallyVersion, b: TallyVersion): number {
  const key = (v: TallyVersion) => `${v.key.party}\u0000${v.key.population}\u0000${v.key.category}`;
  return key(a).localeCompare(key(b));
}
