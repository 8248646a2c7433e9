import { runCli } from "../../lib/cli/program.ts";

/** Runs the CLI in-process with captured output, as a person would call it. */
export async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await runCli(argv, {
    out: (text) => {
      out += text;
    },
    err: (text) => {
      err += text;
    },
    columns: null,
  });
  return { code, out, err };
}
