/** The CLI's exit codes, the same for every command, so scripts can tell "try again" from "fix your call". */
export const EXIT = {
  ok: 0,
  /** The command ran and failed: unreachable feed, malformed input, nothing extracted. */
  failure: 1,
  /** The command was called wrongly: unknown option, missing argument, invalid config. */
  usage: 2,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A mistake in how the CLI was called or configured; ends with exit code 2 and the message alone. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
