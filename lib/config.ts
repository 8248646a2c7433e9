/**
 * The config file (JSON): what to watch, what the text calls each party, which alerts to send and where.
 * Every object is strict, so a misspelt key is an error rather than a setting silently ignored; new
 * sections (feeds, schedule) are added as new top-level keys with their own defaults.
 */

import { createReadStream } from "node:fs";
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
/** More than this is not a config file but a wrong --config path (a log, a disk image, /dev/zero). */
const MAX_CONFIG_BYTES = 32 * 2 ** 20;
/** How much of a value a message repeats: enough to recognise it, never enough to flood a terminal. */
const QUOTE_CHARS = 40;
/** Unknown keys named in one message; the rest are counted. */
const KEYS_SHOWN = 3;

/**
 * A value from the file as a message repeats it: JSON-quoted, so blanks and control characters show,
 * and cut to its first 40 characters, so a 10 MB value still gives a one-line message.
 */
function quote(value: unknown): string {
  if (typeof value !== "string") return kindOf(value);
  if (value.length <= QUOTE_CHARS) return JSON.stringify(value);
  let cut = value.slice(0, QUOTE_CHARS);
  // Half a surrogate pair would come out as an escape no one wrote.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return JSON.stringify(`${cut}…`);
}

/** What a wrong value is, in the file's own terms (JSON), without repeating it. */
function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  switch (typeof value) {
    case "string":
      return "a string";
    case "number":
      return "a number";
    case "boolean":
      return value ? "true" : "false";
    case "object":
      return "an object";
    default:
      return "nothing";
  }
}

/**
 * A strict object whose "unknown key" message lists the keys it does know, and whose "not an object"
 * message shows what one looks like (`example`).
 */
function strict<Shape extends z.core.$ZodLooseShape>(shape: Shape, example: string) {
  const known = Object.keys(shape).join(", ");
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code === "invalid_type")
        return `must be an object, not ${kindOf(issue.input)}, e.g. ${example}`;
      if (issue.code !== "unrecognized_keys") return undefined;
      const shown = issue.keys.slice(0, KEYS_SHOWN).map(quote).join(", ");
      const more = issue.keys.length > KEYS_SHOWN ? ` and ${issue.keys.length - KEYS_SHOWN} more` : "";
      const [s, it, its] = issue.keys.length === 1 ? ["", "it", "its"] : ["s", "them", "their"];
      return `unknown key${s} ${shown}${more}: remove ${it} or fix ${its} spelling (known keys: ${known})`;
    },
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
        message: `${quote(name)} is not a known country: use its English short name, e.g. "Armenia"`,
      });
      return z.NEVER;
    }
    return canonical;
  });

const watchSchema = strict(
  {
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
  },
  '{"id": "karabakh-2020", "title": "Nagorno-Karabakh war 2020", "phrases": ["Nagorno-Karabakh"]}',
).superRefine((watch, ctx) => {
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
          message: `${quote(watch.id)} is used by an earlier watch: give each watch its own id`,
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

const TRUE_OR_FALSE = "must be true or false: write true or false without quotes";

/** Defaults are the notifier's DEFAULT_POLICY, so a config that says nothing behaves like no config. */
const alertsSchema = strict(
  {
    /** Alert when a tally is first seen, not only when it is revised. */
    onOpen: z.boolean({ error: TRUE_OR_FALSE }).default(DEFAULT_POLICY.onOpen),
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
      .array(z.enum(CATEGORIES, { error: `must be one of ${CATEGORIES.join(", ")}, e.g. "killed"` }), {
        error: 'must be a list of categories or null, e.g. ["killed", "missing"]',
      })
      .nullable()
      .default(DEFAULT_POLICY.categories),
    /** Alert on versions built from disputed figures (none are committed today). */
    disputed: z.boolean({ error: TRUE_OR_FALSE }).default(DEFAULT_POLICY.disputed),
  },
  '{"onOpen": false, "minAbsoluteDelta": 10}',
);

const SINK_EXAMPLE = '{"type": "console"}';

const sinkSchema = z.discriminatedUnion(
  "type",
  [
    strict({ type: z.literal("console") }, SINK_EXAMPLE),
    strict({ type: z.literal("jsonl"), path: text("a file path", '"alerts.jsonl"') }, SINK_EXAMPLE),
    strict(
      {
        type: z.literal("webhook"),
        url: z
          .string({ error: 'must be an http(s) URL in quotes, e.g. "https://hooks.example/tollwatch"' })
          .refine((url) => URL.canParse(url) && /^https?:$/.test(new URL(url).protocol), {
            error: 'must be an http(s) URL, e.g. "https://hooks.example/tollwatch"',
          }),
        /** May be left out when TOLLWATCH_WEBHOOK_SECRET is set; checked after the environment is applied. */
        secret: z
          .string({
            error: `must be a string in quotes, e.g. "a-long-random-string", or leave it out and set ${WEBHOOK_SECRET_ENV}`,
          })
          .optional(),
      },
      SINK_EXAMPLE,
    ),
    strict(
      {
        type: z.literal("sns"),
        topicArn: z
          .string({
            error: 'must be an SNS topic ARN in quotes, e.g. "arn:aws:sns:eu-west-1:123456789012:alerts"',
          })
          .regex(SNS_ARN_RE, {
            error: 'must be an SNS topic ARN, e.g. "arn:aws:sns:eu-west-1:123456789012:alerts"',
          }),
        region: text("an AWS region", '"eu-west-1"').optional(),
      },
      SINK_EXAMPLE,
    ),
  ],
  {
    error: (issue) => {
      // Typed as a union issue only, but a sink that is no object at all arrives here too.
      const input: unknown = issue.input;
      if (input === null || typeof input !== "object" || Array.isArray(input)) {
        return `must be an object with a "type", not ${kindOf(input)}, e.g. ${SINK_EXAMPLE}`;
      }
      const type = (input as { type?: unknown }).type;
      const not = type === undefined ? "" : ` (not ${quote(type)})`;
      return `must have a "type" of ${SINK_TYPES.map((t) => JSON.stringify(t)).join(", ")}${not}, e.g. ${SINK_EXAMPLE}`;
    },
  },
);

/** Shorter than this and a feed would be polled more often than any news site updates one. */
const MIN_FEED_EVERY_MS = 60_000;

/** What is wrong with a feed's URL, or null when it is an http(s) URL without credentials. */
function feedUrlProblem(url: string, example: string): string | null {
  if (url === "") return `must not be empty: give the feed's http(s) URL, e.g. "${example}"`;
  // "feeds.example.org:8080/rss" would parse with "feeds.example.org" as its scheme.
  if (!/^[a-z][a-z0-9+.-]*:/i.test(url) || /^[^:/]+:\d+(?:[/?#]|$)/.test(url)) {
    const suggested = `https://${url.replace(/^\/+/, "")}`;
    return `must be an http(s) URL, and ${quote(url)} has no scheme: write it with https://, e.g. ${quote(suggested)}`;
  }
  if (!URL.canParse(url)) {
    return `must be an http(s) URL, and ${quote(url)} is not one: fix it, e.g. "${example}"`;
  }
  const parsed = new URL(url);
  if (!/^https?:$/.test(parsed.protocol)) {
    return `must be an http(s) URL, not ${quote(parsed.protocol)}: use the feed's https:// address, e.g. "${example}"`;
  }
  // The URL itself is not repeated: it holds a password, and messages end up in logs.
  if (parsed.username !== "" || parsed.password !== "") {
    return 'must not carry a user name or password (feeds are fetched without credentials): remove the "user:password@" part';
  }
  return null;
}

const httpUrl = (example: string) =>
  z
    .string({ error: `must be an http(s) URL in quotes, e.g. "${example}"` })
    .trim()
    .superRefine((url, ctx) => {
      const problem = feedUrlProblem(url, example);
      if (problem !== null) ctx.addIssue({ code: "custom", message: problem });
    });

const FEED_URL_EXAMPLE = "https://feeds.example.org/world/rss.xml";

const feedSchema = strict(
  {
    url: httpUrl(FEED_URL_EXAMPLE).describe("The feed's http(s) URL"),
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
            message: `${quote(value)} is not a duration of at least 1m: write e.g. "30m" or "2h"`,
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
  },
  `{"url": "${FEED_URL_EXAMPLE}"}`,
);

const feedsSchema = z
  .array(feedSchema, { error: 'must be a list of feeds, e.g. [{"url": "https://..."}]' })
  .superRefine((feeds, ctx) => {
    const seen = new Set<string>();
    feeds.forEach((feed, i) => {
      // Runs even when a URL was refused above (zod goes on after a refinement fails).
      if (!URL.canParse(feed.url)) return;
      const url = new URL(feed.url).href;
      if (seen.has(url)) {
        ctx.addIssue({
          code: "custom",
          path: [i, "url"],
          message: `${quote(feed.url)} is listed twice: remove one`,
        });
      }
      seen.add(url);
    });
  });

const configSchema = strict(
  {
    /** Editors read the JSON Schema named here; the monitor ignores it. */
    $schema: z
      .string({
        error:
          'must be the path of the JSON Schema in quotes, e.g. "./tollwatch.config.schema.json", or remove it',
      })
      .optional(),
    feeds: feedsSchema.default([]).describe("News feeds to poll (RSS, Atom or JSON Feed)"),
    watches: watchesSchema
      .default([])
      .describe("Events followed; each has its own tallies. None: one watch over every article"),
    aliases: aliasesSchema
      .default({})
      .describe('Names the text uses for a party, e.g. {"Artsakh": "Armenia"}'),
    alerts: alertsSchema.default(() => alertsSchema.parse({})).describe("Which revisions raise an alert"),
    sinks: z
      .array(sinkSchema, { error: 'must be a list of sinks, e.g. [{"type": "console"}]' })
      .default([{ type: "console" }])
      .describe("Where alerts go: console, jsonl file, webhook, SNS topic"),
  },
  '{"watches": []}',
);

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

const EXPECTED: Record<string, string> = {
  string: "text in quotes",
  number: "a number",
  boolean: "true or false",
  object: "an object",
  array: "a list",
};

/**
 * Words for any issue a schema above leaves to zod ("Invalid input: expected object, received
 * array"), so that a field added without a message of its own still says what to write.
 */
const fallbackMessage: z.core.$ZodErrorMap = (issue) =>
  issue.code === "invalid_type"
    ? `must be ${EXPECTED[issue.expected] ?? issue.expected}, not ${kindOf(issue.input)}: fix the value (see tollwatch.config.schema.json)`
    : `is not valid here: fix the value (see tollwatch.config.schema.json)`;

/** The field path as a person writes it: watches[1].from, aliases["Artsakh"]. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else if (typeof part === "string" && part.length <= QUOTE_CHARS && /^[A-Za-z_$][\w$]*$/.test(part)) {
      out += out ? `.${part}` : part;
    } else out += `[${quote(String(part))}]`;
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
  const result = configSchema.safeParse(raw ?? {}, { error: fallbackMessage });
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

/** The file's text, read no further than MAX_CONFIG_BYTES: a --config aimed at /dev/zero must not eat the memory. */
async function readConfigText(path: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of createReadStream(path, { end: MAX_CONFIG_BYTES })) {
      chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? "error";
    throw new ConfigError(`${path}: cannot be read (${code}): check the path given to --config`, { cause });
  }
  if (size > MAX_CONFIG_BYTES) {
    throw new ConfigError(
      `${path}: over ${MAX_CONFIG_BYTES / 2 ** 20} MB, too big for a config file: check the path given to --config`,
    );
  }
  // Windows editors save UTF-8 with a byte order mark, which JSON.parse takes for a stray character.
  return Buffer.concat(chunks, size)
    .toString("utf8")
    .replace(/^\uFEFF/, "");
}

/**
 * JSON.parse's complaint on one short line, with the line and column a person can find: V8 counts
 * characters from the start of the file and may quote a snippet of it, newlines and all.
 */
function jsonProblem(error: Error, text: string): string {
  const reason = error.message.replace(/[\s\p{Cc}]+/gu, " ").slice(0, 160);
  const at = /at position (\d+)/.exec(reason);
  if (at === null) return reason;
  const position = Number(at[1]);
  let line = 1;
  let lineStart = 0;
  for (let nl = text.indexOf("\n"); nl !== -1 && nl < position; nl = text.indexOf("\n", nl + 1)) {
    line++;
    lineStart = nl + 1;
  }
  return `${reason}, line ${line} column ${position - lineStart + 1}`;
}

/** Reads and validates a JSON config file; null gives the defaults (one watch of everything, every alert on). */
export async function loadConfig(
  path: string | null,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<Config> {
  if (path === null) return parseConfig({}, null, env);
  const text = await readConfigText(path);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new ConfigError(
      `${path}: not valid JSON (${jsonProblem(cause as Error, text)}): fix the syntax, e.g. quote every key`,
      { cause },
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
