#!/usr/bin/env -S node --import tsx
// The AWS SDK warns on every run that its 2027 releases will need Node 22. Toll Watch pins an SDK that
// supports Node 20, so the notice only buries the CLI's own output. Set before the SDK loads.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

// `tollwatch extract ... | head` closes the pipe early: that is the reader being done, not a failure.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw err;
});

const { runCli } = await import("../lib/cli/program.ts");
process.exitCode = await runCli(process.argv.slice(2));
