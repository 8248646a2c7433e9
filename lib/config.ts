/**
 * The config file (JSON): what to watch, what the text calls each party, which alerts to send and where.
 * Every object is strict, so a misspelt key is an error rather than a setting silently ignored; new
 * sections (feeds, schedule) are added as new top-level keys with their own defaults.
 */

import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { z } from "zod";
import { parseDuration } from "./duration.ts";
import { defaultGazetteer } from "./extract/parties.ts";
import { CATEGORIES } from "./model/figure.ts";
import { DEFAULT_POLICY } from "./notify/policy.ts";

/** A config that cannot be used; the CLI prints its one-line message and exits with code 2. */
export class ConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ConfigError";
  }
}

/** Overrides the webhook secret of the file, so the secret need not be written into it. */
export const WEBHOOK_SECRET_ENV = "TOLLWATCH_WEBHOOK_SECRET";

const SINK_TYPES = ["console", "jsonl", "webhook", "sns"] as const;
const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const WATCH_ID_RE = /^[a-z0-9-]+$/;
const SNS_ARN_RE = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}$/;

/** A strict object whose "unknown key" message lists the keys it does know. */
function strict<Shape extends z.core.$ZodLooseShape>(shape: Shape) {
  const known = Object.keys(shape).join(", ");
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `unknown key ${issue.keys.map((k) => JSON.stringify(k)).join(", ")}: remove it or fix its spelling (known keys: ${known})`
        : undefined,
  });
}

const text = (what: string, example: string) =>
  z
    .string({ error: `must be ${what} in quotes, e.g. ${example}` })
    .trim()
    .min(1, { error: `must not be empty: give ${what}, e.g. ${example}` });

function isCalendarDay(value: string): boolean {
  const m = DAY_RE.exec(value);
  if (m === null) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === value;
}

const day = z
  .string({ error: 'must be a date as "YYYY-MM-DD", e.g. "2020-09-27"' })
  .refine(isCalendarDay, { error: 'must be a real date as "YYYY-MM-DD", e.g. "2020-09-27"' });

/** A country the gazetteer knows, under its canonical name ("Türkiye" becomes "Turkey"). */
const country = z
  .string({ error: 'must be a country name in quotes, e.g. "Armenia"' })
  .transform((name, ctx) => {
    const canonical = defaultGazetteer.canonical(name);
    if (canonical === null) {
      ctx.addIssue({
        code: "custom",
        message: `${JSON.stringify(name)} is not a known country: use its English short name, e.g. "Armenia"`,
      });
      return z.NEVER;
    }
    return canonical;
  });

const watchSchema = strict({
  id: z
    .string({ error: 'must be a short name in quotes, e.g. "karabakh-2020"' })
    .regex(WATCH_ID_RE, { error: 'must use only a-z, 0-9 and "-", e.g. "karabakh-2020"' }),
  title: text("a title", '"Nagorno-Karabakh war 2020"'),
  phrases: z
    .array(text("a phrase", '"Nagorno-Karabakh"'), {
      error: 'must be a list of phrases, e.g. ["Nagorno-Karabakh", "Artsakh"]',
    })
    .min(1, { error: 'must name at least one phrase its articles use, e.g. ["Nagorno-Karabakh"]' }),
  from: day.optional(),
  to: day.optional(),
}).superRefine((watch, ctx) => {
  if (watch.from !== undefined && watch.to !== undefined && watch.from > watch.to) {
    ctx.addIssue({
      code: "custom",
      path: ["from"],
      message: `${watch.from} is after "to" (${watch.to}): swap the two dates or fix one`,
    });
  }
});

const watchesSchema = z
  .array(watchSchema, { error: 'must be a list of watches, e.g. [{"id": "...", "title": "...", ...}]' })
  .superRefine((watches, ctx) => {
    const seen = new Set<string>();
    watches.forEach((watch, i) => {
      if (seen.has(watch.id)) {
        ctx.addIssue({
          code: "custom",
          path: [i, "id"],
          message: `${JSON.stringify(watch.id)} is used by an earlier watch: give each watch its own id`,
        });
      }
      seen.add(watch.id);
    });
  });

const aliasesSchema = z.record(text("a phrase", '"Artsakh"'), country, {
  // A bad key is reported by the record itself, not by the key's schema.
  error: (issue) =>
    issue.code === "invalid_key"
      ? 'must not be empty: give the phrase the text uses for the party, e.g. "Artsakh"'
      : 'must map phrases to countries, e.g. {"Artsakh": "Armenia"}',
});

const fraction = z
  .number({ error: "must be a number, e.g. 0.05 for 5%" })
  .min(0, { error: "must be 0 or more, e.g. 0.05 for 5%" });

/** Defaults are the notifier's DEFAULT_POLICY, so a config that says nothing behaves like no config. */
const alertsSchema = strict({
  /** Alert when a tally is first seen, not only when it is revised. */
  onOpen: z.boolean({ error: "must be true or false" }).default(DEFAULT_POLICY.onOpen),
  /** A revision by fewer than this many people is recorded without an alert. */
  minAbsoluteDelta: z
    .number({ error: "must be a whole number, e.g. 10" })
    .int({ error: "must be a whole number, e.g. 10" })
    .min(0, { error: "must be 0 or more, e.g. 10" })
    .default(DEFAULT_POLICY.minAbsoluteDelta),
  /** A revision by less than this fraction of the old value is recorded without an alert. */
  minRelativeDelta: fraction.default(DEFAULT_POLICY.minRelativeDelta),
  /** Only these parties' tallies alert; null (the default) for every party. */
  parties: z
    .array(country, { error: 'must be a list of countries or null, e.g. ["Armenia", "Azerbaijan"]' })
    .nullable()
    .default(DEFAULT_POLICY.parties),
  categories: z
    .array(z.enum(CATEGORIES, { error: `must be one of ${CATEGORIES.join(", ")}` }), {
      error: 'must be a list of categories or null, e.g. ["killed", "missing"]',
    })
    .nullable()
    .default(DEFAULT_POLICY.categories),
  /** Alert on versions built from disputed figures (none are committed today). */
  disputed: z.boolean({ error: "must be true or false" }).default(DEFAULT_POLICY.disputed),
});

const sinkSchema = z.discriminatedUnion(
  "type",
  [
    strict({ type: z.literal("console") }),
    strict({ type: z.literal("jsonl"), path: text("a file path", '"alerts.jsonl"') }),
    strict({
      type: z.literal("webhook"),
      url: z
        .string({ error: 'must be an http(s) URL in quotes, e.g. "https://hooks.example/tollwatch"' })
        .refine((url) => URL.canParse(url) && /^https?:$/.test(new URL(url).protocol), {
          error: 'must be an http(s) URL, e.g. "https://hooks.example/tollwatch"',
        }),
      /** May be left out when TOLLWATCH_WEBHOOK_SECRET is set; checked after the environment is applied. */
      secret: z.string({ error: "must be a string in quotes" }).optional(),
    }),
    strict({
      type: z.literal("sns"),
      topicArn: z
        .string({
          error: 'must be an SNS topic ARN in quotes, e.g. "arn:aws:sns:eu-west-1:123456789012:alerts"',
        })
        .regex(SNS_ARN_RE, {
          error: 'must be an SNS topic ARN, e.g. "arn:aws:sns:eu-west-1:123456789012:alerts"',
        }),
      region: text("an AWS region", '"eu-west-1"').optional(),
    }),
  ],
  { error: `must have a "type" of ${SINK_TYPES.map((t) => JSON.stringify(t)).join(", ")}` },
);

/** Shorter than this and a feed would be polled more often than any news site updates one. */
const MIN_FEED_EVERY_MS = 60_000;

const httpUrl = (example: string) =>
  z
    .string({ error: `must be an http(s) URL in quotes, e.g. "${example}"` })
    .trim()
    .refine((url) => URL.canParse(url) && /^https?:$/.test(new URL(url).protocol), {
      error: `must be an http(s) URL, e.g. "${example}"`,
    })
    .refine((url) => new URL(url).username === "" && new URL(url).password === "", {
      error: "must not carry a user name or password: feeds are fetched without credentials",
    });

const feedSchema = strict({
  url: httpUrl("https://feeds.example.org/world/rss.xml").describe("The feed's http(s) URL"),
  /** Shown in `tollwatch feeds` and as the outlet when the feed does not name itself. */
  name: text("a name", '"Example World News"').optional().describe("Name shown in reports and alerts"),
  /** How often this feed is due, e.g. "30m"; default: every cycle. */
  every: z
    .string({ error: 'must be a duration in quotes, e.g. "30m" or "2h"' })
    .transform((value, ctx) => {
      const ms = parseDuration(value);
      if (ms === null || ms < MIN_FEED_EVERY_MS) {
        ctx.addIssue({
          code: "custom",
          message: `${JSON.stringify(value)} is not a duration of at least 1m: write e.g. "30m" or "2h"`,
        });
        return z.NEVER;
      }
      return ms;
    })
    .optional()
    .describe('How often the feed is due, e.g. "30m" or "2h"; default: every cycle'),
  /** Only items whose title, summary or link mention one of these (any case) are read. */
  keywords: z
    .array(text("a keyword", '"killed"'), { error: 'must be a list of words, e.g. ["killed", "missing"]' })
    .optional()
    .describe("Read only items whose title, summary or link contain one of these (any case)"),
});

const feedsSchema = z
  .array(feedSchema, { error: 'must be a list of feeds, e.g. [{"url": "https://..."}]' })
  .superRefine((feeds, ctx) => {
    const seen = new Set<string>();
    feeds.forEach((feed, i) => {
      const url = new URL(feed.url).href;
      if (seen.has(url)) {
        ctx.addIssue({
          code: "custom",
          path: [i, "url"],
          message: `${JSON.stringify(feed.url)} is listed twice: remove one`,
        });
      }
      seen.add(url);
    });
  });

const configSchema = strict({
  /** Editors read the JSON Schema named here; the monitor ignores it. */
  $schema: z.string().optional(),
  feeds: feedsSchema.default([]).describe("News feeds to poll (RSS, Atom or JSON Feed)"),
  watches: watchesSchema
    .default([])
    .describe("Events followed; each has its own tallies. None: one watch over every article"),
  aliases: aliasesSchema.default({}).describe('Names the text uses for a party, e.g. {"Artsakh": "Armenia"}'),
  alerts: alertsSchema.default(() => alertsSchema.parse({})).describe("Which revisions raise an alert"),
  sinks: z
    .array(sinkSchema, { error: 'must be a list of sinks, e.g. [{"type": "console"}]' })
    .default([{ type: "console" }])
    .describe("Where alerts go: console, jsonl file, webhook, SNS topic"),
});

type ParsedConfig = z.output<typeof configSchema>;
type ParsedSink = ParsedConfig["sinks"][number];

export type SinkConfig =
  | Exclude<ParsedSink, { type: "webhook" }>
  | { type: "webhook"; url: string; secret: string };
export type WatchConfig = ParsedConfig["watches"][number];
export type FeedConfig = ParsedConfig["feeds"][number];
export type AlertsConfig = ParsedConfig["alerts"];

export interface Config extends Omit<ParsedConfig, "sinks" | "$schema"> {
  sinks: SinkConfig[];
  /** The file it was read from; null for the defaults. */
  source: string | null;
}

/** The field path as a person writes it: watches[1].from, aliases["Artsakh"]. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else if (typeof part === "string" && /^[A-Za-z_$][\w$]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(String(part))}]`;
  }
  return out || "(top level)";
}

/**
 * Validates a config object (already parsed from JSON); `file` names it in messages and anchors relative
 * jsonl paths. The environment supplies the webhook secret over the file's.
 *
 * @throws ConfigError on the first problem, naming the file, the field, what is wrong and how to fix it.
 */
export function parseConfig(
  raw: unknown,
  file: string | null,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Config {
  const where = file ?? "config";
  const result = configSchema.safeParse(raw ?? {});
  if (!result.success) {
    const [first, ...rest] = result.error.issues;
    const more = rest.length === 0 ? "" : ` (and ${rest.length} more problem${rest.length === 1 ? "" : "s"})`;
    throw new ConfigError(`${where}: ${fieldPath(first?.path ?? [])}: ${first?.message ?? "invalid"}${more}`);
  }
  const envSecret = env[WEBHOOK_SECRET_ENV]?.trim() || undefined;
  const base = file === null ? process.cwd() : dirname(resolve(file));
  const sinks = result.data.sinks.map((sink, i): SinkConfig => {
    if (sink.type === "jsonl") return { ...sink, path: resolve(base, sink.path) };
    if (sink.type !== "webhook") return sink;
    const secret = envSecret ?? sink.secret?.trim() ?? "";
    if (secret === "") {
      throw new ConfigError(
        `${where}: sinks[${i}].secret: missing: set "secret" or the environment variable ${WEBHOOK_SECRET_ENV} so receivers can verify alerts`,
      );
    }
    return { ...sink, secret };
  });
  const { $schema: _schema, ...data } = result.data;
  return { ...data, sinks, source: file };
}

/** Reads and validates a JSON config file; null gives the defaults (one watch of everything, every alert on). */
export async function loadConfig(
  path: string | null,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<Config> {
  if (path === null) return parseConfig({}, null, env);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? "error";
    throw new ConfigError(`${path}: cannot be read (${code}): check the path given to --config`, { cause });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new ConfigError(
      `${path}: not valid JSON (${(cause as Error).message}): fix the syntax, e.g. quote every key`,
      {
        cause,
      },
    );
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new ConfigError(`${path}: (top level): must be a JSON object, e.g. {"watches": []}`);
  }
  return parseConfig(raw, path, env);
}

/**
 * The JSON Schema of the config file, for editor completion and checks (`tollwatch.config.schema.json`,
 * regenerated by `npm run schema`). It describes what may be written; the rules it cannot express
 * (known countries, real dates, durations) are still checked by parseConfig.
 */
export function configJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(configSchema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
}
