import { Command, CommanderError } from "commander";
import { configJsonSchema } from "../config.ts";
import { TollWatchError } from "../ingest/errors.ts";
import { VERSION } from "../version.ts";
import { articleCommand } from "./article-command.ts";
import { type ChartOptions, chartCommand } from "./chart-command.ts";
import { type DemoCommandOptions, demoCommand } from "./demo-command.ts";
import { type EvalOptions, evalCommand } from "./eval-command.ts";
import { EXIT, type ExitCode, UsageError } from "./exit-codes.ts";
import { type ExtractOptions, extractCommand } from "./extract-command.ts";
import { feedCommand } from "./feed-command.ts";
import type { GlobalOptions } from "./global-options.ts";
import { DEFAULT_DATA_DIR, DEFAULT_TABLE, type HistoryOptions, historyCommand } from "./history-command.ts";
import { type CliIO, processIO } from "./io.ts";
import { collect } from "./options.ts";
import { type ReplayOptions, replayCommand } from "./replay-command.ts";
import { type MonitorOptions, runCommand, type WatchOptions, watchCommand } from "./run-command.ts";
import { feedsCommand, type StatusOptions, watchesCommand } from "./status-commands.ts";

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

  program
    .command("extract")
    .description("print the casualty figures each article file states (plain text or HTML)")
    .argument("<file...>", "article files; a manifest.json beside them gives publication dates and outlets")
    .option("--jsonl", "one JSON object per figure per line (as the global --json)", false)
    .option("--published <YYYY-MM-DD>", "publication date for every file, over the manifest's")
    .option(
      "--alias <phrase=Country>",
      'a name the text uses for a party, e.g. "Artsakh=Armenia"',
      collect,
      [],
    )
    .addHelpText(
      "after",
      "\nA file that cannot be read does not stop the others: their figures are printed, then one error\n" +
        "line names the unreadable files and the exit code is 1.",
    )
    .action((files: string[], opts: ExtractOptions, command: Command) =>
      extractCommand(files, opts, globals(command), io),
    );

  program
    .command("eval")
    .description(
      "score extraction against a labelled set (labels.jsonl, scored as the corpus FORMAT.md says)",
    )
    .requiredOption("--labels <file>", "labels.jsonl")
    .option("--docs <dir>", "folder of the articles and their manifest.json (default: the labels' folder)")
    .option(
      "--alias <phrase=Country>",
      'a name the text uses for a party, as for extract, e.g. "Artsakh=Armenia"',
      collect,
      [],
    )
    .addHelpText(
      "after",
      "\nScores every article the labels name or the manifest lists. Exit code 0 whatever the score,\n" +
        "1 when the labels or an article cannot be read. --json prints one JSON object.",
    )
    .action((opts: EvalOptions, command: Command) => evalCommand(opts, globals(command), io));

  program
    .command("replay")
    .description(
      "replay a manifest's articles in order on a fresh in-memory store and print the alerts they raise",
    )
    .argument("<manifest>", "a manifest.json (or its folder); the articles are the files beside it")
    .option("--jsonl", "one JSON object per alert per line (as the global --json)", false)
    .option(
      "--config <file>",
      "config file (JSON): watches, aliases, alert policy; default: one watch, every alert",
    )
    .addHelpText(
      "after",
      "\nExit code 1 when the manifest or an article cannot be read (nothing is replayed then),\n" +
        "2 when the config is invalid.",
    )
    .action((manifest: string, opts: ReplayOptions, command: Command) =>
      replayCommand(manifest, opts, globals(command), io),
    );

  program
    .command("history")
    .description("print every recorded version of the tallies, newest first, with the articles behind each")
    .option("--watch <id>", "only this watch")
    .option("--party <name>", "only this party (any case), e.g. Armenia")
    .option("--population <p>", "military, civilian or unspecified")
    .option("--category <c>", "killed, wounded, missing or captured")
    .option("--since <YYYY-MM-DD>", "only statements dated on or after this day")
    .option("--format <f>", "table, json (one version per line) or csv (one row per article); default table")
    .option("--dynamodb-endpoint <url>", "read a DynamoDB table (DynamoDB Local, AWS) instead of --data")
    .option("--table <name>", `the table's name (default ${DEFAULT_TABLE})`)
    .option("--data <dir>", `the embedded store's folder (default ${DEFAULT_DATA_DIR}/)`)
    .option(
      "--api <url>",
      "read the deployed stack's query API (its ApiUrl output), signed with your AWS credentials",
    )
    .action((opts: HistoryOptions, command: Command) => historyCommand(opts, globals(command), io));

  const storeOptions = (command: Command) =>
    command
      .option("--data <dir>", `the embedded store's folder (default ${DEFAULT_DATA_DIR}/)`)
      .option("--dynamodb-endpoint <url>", "use a DynamoDB endpoint (DynamoDB Local, AWS) instead of --data")
      .option("--table <name>", `the table's name (default ${DEFAULT_TABLE})`);
  const configOption = (command: Command) =>
    command.option("--config <file>", "config file (JSON); default: ./tollwatch.config.json when present");
  const monitorOptions = (command: Command) =>
    storeOptions(configOption(command))
      .option("--concurrency <n>", "feeds polled at once (default 4)")
      .option(
        "--allow-private-host <host>",
        "let article links reach this non-public host (local testing), e.g. 127.0.0.1",
        collect,
        [],
      );

  monitorOptions(
    program
      .command("run")
      .description("one cycle over every configured feed: fetch, read new or edited articles, record, alert"),
  )
    .addHelpText(
      "after",
      "\nExit code 1 when a feed failed (the others are still read), 2 when the config is invalid or lists no feeds.",
    )
    .action((opts: MonitorOptions, command: Command) => runCommand(opts, globals(command), io));

  monitorOptions(
    program
      .command("watch")
      .description("run cycles on a schedule until stopped (Ctrl-C finishes the cycle in flight)"),
  )
    .option("--every <duration>", "time between cycle starts, e.g. 15m, 1h (default 15m)")
    .option("--cycles <n>", "stop after this many cycles")
    .action((opts: WatchOptions, command: Command) => watchCommand(opts, globals(command), io));

  storeOptions(
    configOption(
      program.command("feeds").description("each configured feed's state: last check, last change, failures"),
    ),
  ).action((opts: StatusOptions, command: Command) => feedsCommand(opts, globals(command), io));

  storeOptions(
    configOption(
      program.command("watches").description("each watch with its tallies and their current values"),
    ),
  ).action((opts: StatusOptions, command: Command) => watchesCommand(opts, globals(command), io));

  storeOptions(
    configOption(
      program.command("chart").description("write the recorded history as one self-contained HTML page"),
    ),
  )
    .option("--out <file>", `where to write it (default ${DEFAULT_DATA_DIR}/chart.html)`)
    .action((opts: ChartOptions, command: Command) => chartCommand(opts, globals(command), io));

  program
    .command("demo")
    .description(
      "watch a local news site publish the 2020 Karabakh war's official tolls over simulated days (offline)",
    )
    .option("--out <file>", `where to write the chart (default ${DEFAULT_DATA_DIR}/demo-chart.html)`)
    .option("--data <dir>", "keep the demo's store in this folder (default: in memory)")
    .option(
      "--pace <duration>",
      "pause per simulated day, e.g. 1s or 0 (default 250ms on a terminal, else 0)",
    )
    .action((opts: DemoCommandOptions, command: Command) => demoCommand(opts, globals(command), io));

  program
    .command("schema")
    .description("print the JSON Schema of the config file (for editor completion)")
    .action(() => io.out(`${JSON.stringify(configJsonSchema(), null, 2)}\n`));

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
