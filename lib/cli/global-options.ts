/** Options every command accepts, declared once on the program. */
export interface GlobalOptions {
  /** Machine output: JSON lines on stdout, nothing decorative. */
  json: boolean;
  /** Only results and errors: no headers, warnings or progress. */
  quiet: boolean;
}
