/**
 * The config a Lambda runs with. `cdk synth` validates tollwatch.config.json with parseConfig and bakes
 * the result ({feeds, watches, aliases, alerts}, durations already in milliseconds) into the bundle as
 * `__TOLLWATCH_CONFIG__`; outside a bundle (tests, a handler run by hand) the environment variable
 * TOLLWATCH_CONFIG holds the same JSON. This module only checks that shape: parseConfig itself would
 * pull zod's locales and the country gazetteer into bundles that need neither.
 */
import * as z from "zod/mini";
import { CATEGORIES } from "../lib/model/figure.ts";
import { DEFAULT_POLICY } from "../lib/notify/policy.ts";
import "./zod-messages.ts";

// Replaced by esbuild's `define` when the stack bundles a handler; undeclared anywhere else.
declare const __TOLLWATCH_CONFIG__: unknown;

export const CONFIG_ENV = "TOLLWATCH_CONFIG";

/** A config the handler cannot run with; the invocation fails with this message. */
export class DeployedConfigError extends Error {
  override name = "DeployedConfigError";
}

const text = () => z.string().check(z.minLength(1));
const words = z.array(text());

/** feeds[2].url, as a person finds it in the config file. */
function fieldPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) out += typeof part === "number" ? `[${part}]` : `${out ? "." : ""}${String(part)}`;
  return out || "(top level)";
}

function schema() {
  const feed = z.object({
    url: z.string().check(
      z.refine((url) => URL.canParse(url) && /^https?:$/.test(new URL(url).protocol), {
        error: "must be an http(s) URL",
      }),
    ),
    name: z.optional(text()),
    every: z.optional(z.int().check(z.positive({ error: "must be a number of milliseconds" }))),
    keywords: z.optional(words),
  });
  const watch = z.object({
    id: z.string().check(z.regex(/^[a-z0-9-]+$/)),
    title: text(),
    phrases: words.check(z.minLength(1)),
    from: z.optional(z.string()),
    to: z.optional(z.string()),
  });
  const alerts = z.object({
    onOpen: z._default(z.boolean(), DEFAULT_POLICY.onOpen),
    minAbsoluteDelta: z._default(z.int().check(z.nonnegative()), DEFAULT_POLICY.minAbsoluteDelta),
    minRelativeDelta: z._default(z.number().check(z.nonnegative()), DEFAULT_POLICY.minRelativeDelta),
    parties: z._default(z.nullable(z.array(z.string())), DEFAULT_POLICY.parties),
    categories: z._default(z.nullable(z.array(z.enum(CATEGORIES))), DEFAULT_POLICY.categories),
    disputed: z._default(z.boolean(), DEFAULT_POLICY.disputed),
  });
  return z.object({
    feeds: z._default(z.array(feed), []),
    watches: z._default(z.array(watch), []),
    aliases: z._default(z.record(text(), text()), {}),
    alerts: z.prefault(alerts, {}),
  });
}

export type DeployedConfig = z.output<ReturnType<typeof schema>>;

/** Where the config came from, for messages; null when there is none (the sweep can do without). */
function rawConfig(env: NodeJS.ProcessEnv): { source: string; raw: unknown } | null {
  if (typeof __TOLLWATCH_CONFIG__ !== "undefined") {
    return { source: "the config bundled into this function", raw: __TOLLWATCH_CONFIG__ };
  }
  const text = env[CONFIG_ENV];
  if (text === undefined || text.trim() === "") return null;
  return { source: `the environment variable ${CONFIG_ENV}`, raw: text };
}

/**
 * The deployed config, or null when the function carries none.
 * @throws DeployedConfigError naming the source and the first wrong field.
 */
export function readDeployedConfig(env: NodeJS.ProcessEnv = process.env): DeployedConfig | null {
  const found = rawConfig(env);
  if (found === null) return null;
  let raw = found.raw;
  // The define may carry the JSON as an object literal or as a string; the variable is always text.
  if (typeof raw === "string") {
    try {
      raw = JSON.parse(raw);
    } catch (cause) {
      throw new DeployedConfigError(
        `${found.source} is not valid JSON (${(cause as Error).message}): set it to the JSON of {feeds, watches, aliases, alerts}`,
        { cause },
      );
    }
  }
  const result = z.safeParse(schema(), raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new DeployedConfigError(
      `${found.source}: ${fieldPath(issue?.path ?? [])}: ${issue?.message ?? "invalid"}: redeploy with a config that \`tollwatch feeds --config FILE\` accepts`,
    );
  }
  return result.data;
}

/** The deployed config, required: the planner and the poller cannot work without one. */
export function requireDeployedConfig(env: NodeJS.ProcessEnv = process.env): DeployedConfig {
  const config = readDeployedConfig(env);
  if (config === null) {
    throw new DeployedConfigError(
      `no config: this function was bundled without __TOLLWATCH_CONFIG__ and ${CONFIG_ENV} is not set; deploy with the stack (it bundles tollwatch.config.json) or set ${CONFIG_ENV} to its JSON`,
    );
  }
  return config;
}
