/**
 * How every Lambda is bundled, once, as plain esbuild options: the stack turns them into NodejsFunction
 * bundling props and bench/lambda-bundles.ts hands them to esbuild directly, so the two cannot drift.
 */

import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BundlingOptions, OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";
import { type Config, ConfigError } from "../config.ts";
import { slimWorldCountries } from "./slim-data.ts";

export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

export const HANDLER_NAMES = ["planner", "poller", "sweep", "api"] as const;
export type HandlerName = (typeof HANDLER_NAMES)[number];

/** Handlers that read the user's config (feeds, watches, aliases, alert policy) from their bundle. */
export const CONFIG_HANDLERS: ReadonlySet<HandlerName> = new Set<HandlerName>(["planner", "poller", "sweep"]);

export function handlerEntry(name: HandlerName): string {
  return join(PROJECT_ROOT, "lambdas", `${name}.ts`);
}

/** The identifier the handlers read their config from; replaced at bundle time. */
export const CONFIG_GLOBAL = "__TOLLWATCH_CONFIG__";

// ESM output has no `require`, but some CommonJS dependencies still call it for Node built-ins.
export const CREATE_REQUIRE_BANNER =
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/** The subset of esbuild's BuildOptions used here, spelled so that it can be spread into esbuild.build. */
export interface LambdaEsbuildOptions {
  bundle: true;
  platform: "node";
  format: "esm";
  target: string;
  minify: boolean;
  sourcemap: true;
  mainFields: string[];
  banner: { js: string };
  /** The Lambda runtime ships AWS SDK v3, so bundling it would only add megabytes and cold-start time. */
  external: string[];
}

export const LAMBDA_ESBUILD_OPTIONS: Readonly<LambdaEsbuildOptions> = Object.freeze({
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node22",
  minify: true,
  sourcemap: true,
  mainFields: ["module", "main"],
  banner: { js: CREATE_REQUIRE_BANNER },
  external: ["@aws-sdk/*"],
});

// esbuild receives each --define as one command-line argument, and Linux caps one argument at 128 KiB.
const MAX_DEFINE_CHARS = 120_000;

/** The part of the config a Lambda needs; sinks stay out (they may hold webhook secrets). */
export function bundledConfig(config: Config): Record<string, unknown> {
  const { feeds, watches, aliases, alerts } = config as unknown as Record<string, unknown>;
  return { feeds, watches, aliases, alerts };
}

/**
 * The esbuild `define` that bakes the config into a bundle. A Lambda environment is capped at 4 KB and a
 * feed list is larger; a new bundle hash also makes a config change redeploy the functions.
 * @throws ConfigError when the config is too large to pass to esbuild.
 */
export function configDefine(config: Config): Record<string, string> {
  const json = JSON.stringify(bundledConfig(config));
  if (json.length > MAX_DEFINE_CHARS) {
    throw new ConfigError(
      `${config.source ?? "config"}: ${json.length} characters once serialised, more than the ${MAX_DEFINE_CHARS} a bundle can take: split the feeds across two deployments or shorten the watch phrases`,
    );
  }
  return { [CONFIG_GLOBAL]: json };
}

/** Packages swapped for slimmer copies in the bundles (esbuild's alias); written when first asked for. */
export function lambdaAliases(): Record<string, string> {
  return {
    "world-countries": slimWorldCountries(PROJECT_ROOT),
    undici: join(PROJECT_ROOT, "lib", "infra", "undici-slim.mjs"),
  };
}

/** NodejsFunction bundling props from the same options; local esbuild, never Docker. */
export function nodejsBundling(define: Record<string, string> = {}): BundlingOptions {
  const options = LAMBDA_ESBUILD_OPTIONS;
  const esbuildArgs = Object.fromEntries(
    Object.entries(lambdaAliases()).map(([name, path]) => [`--alias:${name}`, path]),
  );
  return {
    format: OutputFormat.ESM,
    target: options.target,
    minify: options.minify,
    sourceMap: options.sourcemap,
    mainFields: [...options.mainFields],
    banner: options.banner.js,
    externalModules: [...options.external],
    define,
    esbuildArgs,
    forceDockerBundling: false,
  };
}
