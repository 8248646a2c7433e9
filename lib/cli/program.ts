import { Command, CommanderError } from "commander";
import { TollWatchError } from "../ingest/errors.ts";
import { VERSION } from "../version.ts";
import { articleCommand } from "./article-command.ts";
import { EXIT, type ExitCode, UsageError } from "./exit-codes.ts";
import { feedCommand } from "./feed-command.ts";
import type { GlobalOptions } from "./global-options.ts";
import { type CliIO, processIO } from "./io.ts";

function buildProgram(io: CliIO): Command {
  const program = new Command("tollwatch")
    .description("Watches news feeds and alerts when an official casualty toll is revised.")
    .version(VERSION, "-V, --version", "print the version and exit")
    .option("--json", "machine output: JSON lines on stdout", false)
    .option("-q, --quiet", "print only results and errors", false)
    .showHelpAfterError("(run tollwatch --help for usage)")
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    // Set before any .command(): subcommands inherit output, exit override and help-after-error.
    .exitOverride();
  program.addHelpText(
    "after",
    `\nExit codes: ${EXIT.ok} ok, ${EXIT.failure} failure (unreachable or malformed input), ${EXIT.usage} usage or config error.`,
  );
  const globals = (command: Command) => command.optsWithGlobals<GlobalOptions>();

  program
    .command("feed")
    .description("fetch or read a feed (RSS 0.9x/1.0/2.0, Atom, JSON Feed) and print its items")
    .argument("<url|file>", "an http(s) URL or a file path")
    .action((target: string, _opts: unknown, command: Command) => feedCommand(target, globals(command), io));

  program
    .command("article")
    .description("fetch or read an article page and print its metadata and main text")
    .argument("<url|file>", "an http(s) URL or a file path")
    .action((target: string, _opts: unknown, command: Command) =>
      articleCommand(target, globals(command), io),
    );

  return program;
}

/**
 * Runs the CLI and returns its exit code instead of exiting, so tests drive it in-process. Every failure
 * ends as one line on stderr: a stack trace only with TOLLWATCH_DEBUG=1, because a person cannot act on one.
 */
export async function runCli(argv: readonly string[], io: CliIO = processIO): Promise<ExitCode> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return EXIT.ok;
  } catch (err: unknown) {
    if (err instanceof CommanderError) {
      // Help and --version "fail" with exit code 0 by design; every other commander error is a usage error.
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (err instanceof UsageError) {
      io.err(`error: ${err.message}\n`);
      return EXIT.usage;
    }
    const message = err instanceof TollWatchError ? err.message : `unexpected failure: ${describe(err)}`;
    io.err(`error: ${message}\n`);
    if (process.env.TOLLWATCH_DEBUG === "1" && err instanceof Error && err.stack) io.err(`${err.stack}\n`);
    return EXIT.failure;
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
