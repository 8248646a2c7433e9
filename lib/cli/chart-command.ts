/** `tollwatch chart`: the recorded history as one self-contained HTML page. */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { TollWatchError } from "../ingest/errors.ts";
import type { TallyVersion } from "../model/tally.ts";
import { history } from "../monitor/history.ts";
import { renderChart } from "../report/chart.ts";
import type { GlobalOptions } from "./global-options.ts";
import { type CliIO, writeJsonLine } from "./io.ts";
import { loadCliConfig } from "./monitor-setup.ts";
import { DEFAULT_DATA_DIR, readStore, type StoreOptions } from "./store-session.ts";

export interface ChartOptions extends StoreOptions {
  out?: string;
  config?: string;
}

export async function chartCommand(options: ChartOptions, globals: GlobalOptions, io: CliIO): Promise<void> {
  const config = await loadCliConfig(options.config);
  const out = resolve(options.out ?? join(options.data ?? DEFAULT_DATA_DIR, "chart.html"));
  const versions = await readStore(options, [] as TallyVersion[], (store) => history(store));
  const html = renderChart(versions, {
    generatedAt: new Date().toISOString(),
    watchTitles: new Map(config.watches.map((w) => [w.id, w.title])),
  });
  try {
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, html);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? "error";
    throw new TollWatchError(
      `${out}: the chart could not be written (${code}): check the path given to --out`,
      { cause },
    );
  }
  if (globals.json) writeJsonLine(io, { chart: out, versions: versions.length });
  else io.out(`${out}\n`);
  if (!globals.quiet && !globals.json) {
    io.err(`chart of ${versions.length} versions written; open it in a browser (no network needed)\n`);
  }
}
