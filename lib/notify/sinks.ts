/** Local alert sinks for one-machine runs: the console, a JSON lines file, a webhook. */
import { appendFile, mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import type { Writable } from "node:stream";
import type { TallyVersion } from "../model/tally.ts";
import { AlertDeliveryError, describeCause } from "./errors.ts";
import { type AlertSink, alertPayload } from "./sink.ts";
import { renderDetails, renderSubject } from "./wording.ts";

export type { AlertSink } from "./sink.ts";
export { type WebhookOptions, WebhookSink } from "./webhook.ts";

/** Prints each alert as readable text: the subject, underlined, then the details and evidence. */
export class ConsoleSink implements AlertSink {
  readonly name = "console";
  constructor(private readonly out: Writable = process.stdout) {}

  async deliver(version: TallyVersion, watchTitle?: string): Promise<void> {
    const subject = renderSubject(version);
    const text = `${subject}\n${"=".repeat(Math.min(subject.length, 80))}\n${renderDetails(version, watchTitle)}\n\n`;
    try {
      await new Promise<void>((resolve, reject) => {
        this.out.write(text, (err) => (err ? reject(err) : resolve()));
      });
    } catch (cause) {
      throw new AlertDeliveryError(`Could not print the alert (${describeCause(cause)}); it stays pending`, {
        sink: this.name,
        retryable: true,
        cause,
      });
    }
  }
}

/** Appends one JSON object per alert to a file, creating its folder; a line per alert keeps it greppable. */
export class JsonLinesSink implements AlertSink {
  readonly name = "jsonl";
  constructor(
    private readonly path: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async deliver(version: TallyVersion, watchTitle?: string): Promise<void> {
    const line = `${JSON.stringify({ at: this.now().toISOString(), ...alertPayload(version, watchTitle) })}\n`;
    try {
      await mkdir(dirname(this.path), { recursive: true });
      // One write call per line, so concurrent appends never interleave within a line.
      await appendFile(this.path, line, "utf8");
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code;
      throw new AlertDeliveryError(
        `Could not append the alert to ${this.path} (${describeCause(cause)}): check that the folder is writable and the disk not full; it stays pending`,
        { sink: this.name, retryable: code === "ENOSPC" || code === "EBUSY" || code === "EAGAIN", cause },
      );
    }
  }
}
