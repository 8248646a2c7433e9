/** Where a command writes; the real process streams in bin/, string buffers in tests. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /** Width to fit tables to; null when stdout is not a terminal (then nothing is truncated). */
  columns: number | null;
  /** Both stdout and stderr are terminals: a progress bar may be drawn. Absent means no. */
  interactive?: boolean;
}

export const processIO: CliIO = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  columns: process.stdout.isTTY ? process.stdout.columns : null,
  interactive: Boolean(process.stdout.isTTY && process.stderr.isTTY),
};

/** One JSON document per line: what `--json` prints, so output can be piped into jq or a file. */
export function writeJsonLine(io: CliIO, value: unknown): void {
  io.out(`${JSON.stringify(value)}\n`);
}

/**
 * A plain-text table. The last column takes what width is left and is cut with an ellipsis on a
 * terminal; off a terminal nothing is cut, because the output is probably going to a file.
 */
export function writeTable(
  io: CliIO,
  headers: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
): void {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const last = widths.length - 1;
  if (io.columns !== null && last >= 0) {
    const fixed = widths.slice(0, last).reduce((sum, w) => sum + w + 2, 0);
    widths[last] = Math.max(10, Math.min(widths[last] ?? 0, io.columns - fixed - 1));
  }
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => {
        const width = widths[i] ?? 0;
        const fitted = cell.length > width ? `${cell.slice(0, Math.max(0, width - 1))}…` : cell;
        return i === last ? fitted : fitted.padEnd(width);
      })
      .join("  ")
      .trimEnd();
  io.out(`${line(headers)}\n${line(widths.map((w) => "-".repeat(w)))}\n`);
  for (const row of rows) io.out(`${line(row)}\n`);
}
