#!/usr/bin/env -S node --import tsx
import { runCli } from "../lib/cli/program.ts";

// `tollwatch extract ... | head` closes the pipe early: that is the reader being done, not a failure.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw err;
});

process.exitCode = await runCli(process.argv.slice(2));
