/**
 * What `run`, `watch`, `feeds` and `watches` share: the config file (given, or tollwatch.config.json in
 * the current folder, or the defaults), the alert sinks it names, and the HTTP client.
 */
import { existsSync } from "node:fs";
import { Writable } from "node:stream";
import { SNSClient } from "@aws-sdk/client-sns";
import { type Config, ConfigError, loadConfig, type SinkConfig } from "../config.ts";
import type { TallyVersion } from "../model/tally.ts";
import { type AlertSink, alertPayload } from "../notify/sink.ts";
import { ConsoleSink, JsonLinesSink, WebhookSink } from "../notify/sinks.ts";
import { SnsPublisher } from "../notify/sns.ts";
import { UsageError } from "./exit-codes.ts";

export const DEFAULT_CONFIG = "tollwatch.config.json";

/** The config named by --config, else ./tollwatch.config.json when present, else the defaults. */
export async function loadCliConfig(path: string | undefined): Promise<Config> {
  const chosen = path ?? (existsSync(DEFAULT_CONFIG) ? DEFAULT_CONFIG : null);
  try {
    return await loadConfig(chosen);
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(err.message);
    throw err;
  }
}

export interface SinkOutput {
  /** Where human-readable alerts go (the console sink). */
  text: (text: string) => void;
  /** With --json the console sink prints one JSON object per alert instead. */
  json: boolean;
}

export function buildSinks(configs: readonly SinkConfig[], output: SinkOutput): AlertSink[] {
  return configs.map((sink): AlertSink => {
    if (sink.type === "console") {
      return output.json ? new JsonConsoleSink(output.text) : new ConsoleSink(writableOf(output.text));
    }
    if (sink.type === "jsonl") return new JsonLinesSink(sink.path);
    if (sink.type === "webhook") return new WebhookSink({ url: sink.url, secret: sink.secret });
    return new SnsPublisher(new SNSClient(sink.region ? { region: sink.region } : {}), sink.topicArn);
  });
}

/** --json on the console: one line per alert, the same payload a webhook receives. */
class JsonConsoleSink implements AlertSink {
  readonly name = "console";
  constructor(private readonly write: (text: string) => void) {}
  async deliver(version: TallyVersion, watchTitle?: string): Promise<void> {
    this.write(`${JSON.stringify(alertPayload(version, watchTitle))}\n`);
  }
}

function writableOf(write: (text: string) => void): Writable {
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      write(chunk.toString());
      done();
    },
  });
}
