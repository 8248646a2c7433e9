import { parseFeedBytes } from "../ingest/feed.ts";
import type { GlobalOptions } from "./global-options.ts";
import { type CliIO, writeJsonLine, writeTable } from "./io.ts";
import { loadSource } from "./source.ts";

/** `tollwatch feed <url|file>`: what Toll Watch reads from a feed, for checking a feed before adding it. */
export async function feedCommand(target: string, options: GlobalOptions, io: CliIO): Promise<void> {
  const source = await loadSource(target, "feed");
  const feed = parseFeedBytes(source.bytes, {
    url: source.url ?? undefined,
    contentType: source.contentType,
    source: source.name,
  });
  if (!options.quiet) for (const warning of feed.warnings) io.err(`warning: ${source.name}: ${warning}\n`);
  if (options.json) {
    for (const item of feed.items) writeJsonLine(io, item);
    return;
  }
  if (!options.quiet) {
    const count = `${feed.items.length} item${feed.items.length === 1 ? "" : "s"}`;
    io.out(`${feed.title || "(untitled feed)"} - ${feed.format}, ${count}\n\n`);
  }
  writeTable(
    io,
    ["published", "title", "url"],
    feed.items.map((item) => [
      item.published ? item.published.slice(0, 16).replace("T", " ") : "-",
      item.title || "(no title)",
      item.url ?? "-",
    ]),
  );
}
