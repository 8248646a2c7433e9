/**
 * The deploy-time settings of the stack, read from CDK context (`cdk.json` "context" or `-c key=value`)
 * and validated once before any construct is built. `-c` gives strings and cdk.json gives numbers or
 * lists, so every key accepts both.
 */

import { existsSync } from "node:fs";
import type { Node } from "constructs";
import { z } from "zod";
import { type Config, fieldPath, loadConfig } from "../config.ts";
import { defaultGazetteer } from "../extract/parties.ts";
import { CATEGORIES, POPULATIONS } from "../model/figure.ts";

/** Bad context: the message names the key, what is wrong and how to set it. */
export class ContextError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ContextError";
  }
}

/** An SNS filter policy: message attribute -> the values a subscriber wants. */
export type FilterPolicy = Partial<Record<AlertAttribute, string[]>>;

export interface StackSettings {
  /** The user's config file (feeds, watches, aliases, alert policy). */
  configPath: string;
  scheduleRateMinutes: number;
  pollerReservedConcurrency: number;
  sweepRateMinutes: number;
  alertEmails: string[];
  alertPhones: string[];
  /** Subscription endpoint (an address of alertEmails or alertPhones) -> its filter policy. */
  alertFilters: Record<string, FilterPolicy>;
  /** Where alarms are e-mailed; none subscribes nobody to the ops topic. */
  opsEmail: string | undefined;
}

export interface StackInputs {
  settings: StackSettings;
  config: Config;
}

export const CONTEXT_DEFAULTS = {
  config: "./tollwatch.config.json",
  scheduleRateMinutes: 15,
  pollerReservedConcurrency: 5,
  sweepRateMinutes: 10,
} as const;

// The message attributes lib/notify/sns.ts publishes with every alert; "kind" is a TallyVersion kind.
const ALERT_ATTRIBUTES = ["party", "population", "category", "kind"] as const;
type AlertAttribute = (typeof ALERT_ATTRIBUTES)[number];
const KINDS = ["open", "revise"] as const;

const EMAIL_RE = /^[^\s@,]+@[^\s@,]+\.[^\s@,]+$/;
// E.164: "+", a country code that does not start with 0, at most 15 digits in all.
const E164_RE = /^\+[1-9]\d{6,14}$/;

const wholeNumber = (key: keyof typeof CONTEXT_DEFAULTS, min: number, max: number, what: string) => {
  const error = (issue: { input?: unknown }) =>
    `${JSON.stringify(issue.input)} is not a whole number from ${min} to ${max} (${what}): e.g. -c ${key}=${CONTEXT_DEFAULTS[key]}`;
  return z.preprocess(
    (value) => (typeof value === "string" && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value),
    z.number({ error }).int({ error }).min(min, { error }).max(max, { error }),
  );
};

/** "a, b" from -c, or a JSON list from cdk.json; empty means none, and a repeated address counts once. */
const commaList = (item: z.ZodString, example: string) =>
  z.preprocess(
    (value) =>
      value === undefined || value === null
        ? []
        : typeof value === "string"
          ? value
              .split(",")
              .map((part) => part.trim())
              .filter((part) => part !== "")
          : value,
    z
      .array(item, { error: `must be a comma-separated list, e.g. -c ${example}` })
      .transform((items) => [...new Set(items)]),
  );

const email = (key: string) =>
  z
    .string({ error: `must be an e-mail address, e.g. -c ${key}=you@example.org` })
    .trim()
    .regex(EMAIL_RE, {
      error: (issue) =>
        `${JSON.stringify(issue.input)} is not an e-mail address: write it as name@domain, e.g. -c ${key}=you@example.org`,
    });

const phone = z
  .string({ error: "must be a phone number in quotes, e.g. -c alertPhones=+37491234567" })
  .trim()
  .regex(E164_RE, {
    error: (issue) =>
      `${JSON.stringify(issue.input)} is not an E.164 phone number: write "+", the country code and the number without spaces, e.g. -c alertPhones=+37491234567`,
  });

/** Filter values are checked against what the publisher sends, so a typo cannot silently match nothing. */
const filterValues: Record<AlertAttribute, z.ZodType<string>> = {
  party: z.string().transform((name, ctx) => {
    const canonical = defaultGazetteer.canonical(name);
    if (canonical !== null) return canonical;
    ctx.addIssue({
      code: "custom",
      message: `${JSON.stringify(name)} is not a known country: use its English short name, e.g. "Armenia"`,
    });
    return z.NEVER;
  }),
  population: z.enum(POPULATIONS, { error: `must be one of ${POPULATIONS.join(", ")}` }),
  category: z.enum(CATEGORIES, { error: `must be one of ${CATEGORIES.join(", ")}` }),
  kind: z.enum(KINDS, { error: `must be one of ${KINDS.join(", ")}` }),
};

const filterPolicy = z.strictObject(
  Object.fromEntries(
    ALERT_ATTRIBUTES.map((attribute) => [
      attribute,
      z
        .array(filterValues[attribute], { error: 'must be a list of values, e.g. ["killed", "missing"]' })
        .min(1, { error: "must list at least one value, or leave the attribute out" })
        .optional(),
    ]),
  ) as Record<AlertAttribute, z.ZodOptional<z.ZodArray<z.ZodType<string>>>>,
  {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `unknown attribute ${issue.keys.map((k) => JSON.stringify(k)).join(", ")}: alerts carry only ${ALERT_ATTRIBUTES.join(", ")}`
        : 'must be an object of attribute -> values, e.g. {"category": ["killed"]}',
  },
);

const alertFilters = z.preprocess(
  (value) => {
    if (value === undefined || value === null || value === "") return {};
    if (typeof value !== "string") return value;
    try {
      return JSON.parse(value);
    } catch {
      return Symbol("not JSON");
    }
  },
  z.record(z.string(), filterPolicy, {
    error:
      'must be a JSON object of endpoint -> filter policy, e.g. -c alertFilters=\'{"you@example.org":{"party":["Armenia"],"category":["killed"]}}\'',
  }),
);

const schemas = {
  config: z
    .string({ error: "must be the path of the config file, e.g. -c config=./tollwatch.config.json" })
    .trim()
    .min(1, {
      error: "must not be empty: give the path of the config file, e.g. -c config=./tollwatch.config.json",
    }),
  scheduleRateMinutes: wholeNumber("scheduleRateMinutes", 1, 1440, "minutes between feed polls"),
  // At least 2: the SQS event source's maximum concurrency is set to the same number and cannot be lower.
  pollerReservedConcurrency: wholeNumber(
    "pollerReservedConcurrency",
    2,
    1000,
    "concurrent pollers; an SQS event source needs at least 2",
  ),
  sweepRateMinutes: wholeNumber("sweepRateMinutes", 1, 1440, "minutes between re-sends of pending alerts"),
  alertEmails: commaList(email("alertEmails"), "alertEmails=you@example.org,desk@example.org"),
  alertPhones: commaList(phone, "alertPhones=+37491234567,+994501234567"),
  alertFilters,
  opsEmail: z.preprocess((value) => (value === "" ? undefined : value), email("opsEmail").optional()),
};

type Key = keyof typeof schemas;

function read<K extends Key>(node: Node, key: K): z.output<(typeof schemas)[K]> {
  const raw: unknown = node.tryGetContext(key) ?? (CONTEXT_DEFAULTS as Record<string, unknown>)[key];
  const result = schemas[key].safeParse(raw);
  if (result.success) return result.data as z.output<(typeof schemas)[K]>;
  const issue = result.error.issues[0];
  const message = issue?.message ?? "invalid";
  const how = message.includes("-c ") ? "" : ` (set it with -c ${key}=... or under "context" in cdk.json)`;
  throw new ContextError(`context ${fieldPath([key, ...(issue?.path ?? [])])}: ${message}${how}`);
}

/** Reads and validates every context key the stack uses. @throws ContextError */
export function readSettings(node: Node): StackSettings {
  const settings: StackSettings = {
    configPath: read(node, "config"),
    scheduleRateMinutes: read(node, "scheduleRateMinutes"),
    pollerReservedConcurrency: read(node, "pollerReservedConcurrency"),
    sweepRateMinutes: read(node, "sweepRateMinutes"),
    alertEmails: read(node, "alertEmails"),
    alertPhones: read(node, "alertPhones"),
    alertFilters: read(node, "alertFilters"),
    opsEmail: read(node, "opsEmail"),
  };
  const endpoints = new Set([...settings.alertEmails, ...settings.alertPhones]);
  for (const endpoint of Object.keys(settings.alertFilters)) {
    if (!endpoints.has(endpoint)) {
      throw new ContextError(
        `context alertFilters[${JSON.stringify(endpoint)}]: no such subscriber: a filter applies to an address of alertEmails or alertPhones, so add it there or fix its spelling`,
      );
    }
  }
  return settings;
}

/**
 * Reads the settings, then the config file they name, validated with the CLI's own schema.
 * @throws ContextError for bad context or a missing file, ConfigError (the CLI's message) for a bad config.
 */
export async function readStackInputs(node: Node): Promise<StackInputs> {
  const settings = readSettings(node);
  if (!existsSync(settings.configPath)) {
    throw new ContextError(
      `context config: ${settings.configPath} does not exist: create it (watches, feeds, alerts as the README shows) or point to yours with -c config=path/to/tollwatch.config.json`,
    );
  }
  return { settings, config: await loadConfig(settings.configPath) };
}
