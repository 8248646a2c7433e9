/**
 * The four Lambda bundles, built exactly as the stack builds them (the same esbuild options): size of
 * each, and the time a fresh Node process takes to import it, which is most of a Lambda cold start
 * that is ours. `npx tsx bench/lambda-bundles.ts`
 */

import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { build } from "esbuild";
import { type Config, loadConfig } from "../lib/config.ts";
import {
  CONFIG_HANDLERS,
  configDefine,
  HANDLER_NAMES,
  type HandlerName,
  handlerEntry,
  LAMBDA_ESBUILD_OPTIONS,
  lambdaAliases,
  PROJECT_ROOT,
} from "../lib/infra/bundling.ts";
import { ENV, METRICS_NAMESPACE, SERVICE_NAME } from "../lib/infra/functions.ts";
import { fmt } from "./measure.ts";

const run = promisify(execFile);

/** Inside the project's node_modules, so the external @aws-sdk/* imports resolve as the runtime's would. */
export const BUNDLE_CACHE = join(PROJECT_ROOT, "node_modules", ".cache", "tollwatch-bundles");
const IMPORT_RUNS = 5;

export interface LambdaBundle {
  handler: HandlerName;
  file: string;
  bytes: number;
  mapBytes: number;
}

export interface BundleMeasurement extends LambdaBundle {
  /** Median over IMPORT_RUNS fresh processes; null when the bundle failed to import. */
  importMs: number | null;
  minMs: number | null;
  maxMs: number | null;
  error: string | null;
}

/** A fresh directory under BUNDLE_CACHE; the caller removes it. */
export async function bundleDirectory(): Promise<string> {
  await mkdir(BUNDLE_CACHE, { recursive: true });
  return mkdtemp(join(BUNDLE_CACHE, "run-"));
}

/** Bundles each handler into `outDir` with the stack's options; planner and poller get the config. */
export async function bundleLambdas(config: Config, outDir: string): Promise<LambdaBundle[]> {
  const define = configDefine(config);
  const alias = lambdaAliases();
  const bundles: LambdaBundle[] = [];
  for (const handler of HANDLER_NAMES) {
    const file = join(outDir, `${handler}.mjs`);
    await build({
      ...LAMBDA_ESBUILD_OPTIONS,
      entryPoints: [handlerEntry(handler)],
      outfile: file,
      define: CONFIG_HANDLERS.has(handler) ? define : {},
      alias,
      logLevel: "error",
    });
    bundles.push({
      handler,
      file,
      bytes: (await stat(file)).size,
      mapBytes: (await stat(`${file}.map`)).size,
    });
  }
  return bundles;
}

// What the stack sets, with stand-in values: handlers check their environment when they load.
const LAMBDA_ENV: Record<string, string> = {
  [ENV.tableName]: "tollwatch-bench",
  [ENV.topicArn]: "arn:aws:sns:eu-west-1:123456789012:tollwatch-bench",
  [ENV.queueUrl]: "https://sqs.eu-west-1.amazonaws.com/123456789012/tollwatch-bench",
  [ENV.scheduleRateMinutes]: "15",
  POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
  POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
  AWS_REGION: "eu-west-1",
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
};

/** Milliseconds to import the bundle in a new Node process (Node's own start-up excluded). */
async function coldImportMs(file: string): Promise<number> {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(String(performance.now() - t));`;
  const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], {
    env: { PATH: process.env.PATH ?? "", ...LAMBDA_ENV },
    timeout: 30_000,
  });
  return Number(stdout.trim());
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

export async function measureBundle(bundle: LambdaBundle): Promise<BundleMeasurement> {
  const samples: number[] = [];
  try {
    // One after the other: parallel processes would measure each other.
    for (let i = 0; i < IMPORT_RUNS; i++) samples.push(await coldImportMs(bundle.file));
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr?.trim().split("\n").at(-1);
    return { ...bundle, importMs: null, minMs: null, maxMs: null, error: stderr || (err as Error).message };
  }
  return {
    ...bundle,
    importMs: median(samples),
    minMs: Math.min(...samples),
    maxMs: Math.max(...samples),
    error: null,
  };
}

export function formatBundleTable(rows: readonly BundleMeasurement[]): string[] {
  const lines = [
    `handler   bundle KB    map KB   cold import ms (median of ${IMPORT_RUNS}, min-max)`,
    "--------  ---------  --------  ------------------------------------",
  ];
  for (const row of rows) {
    const timing =
      row.importMs === null
        ? `import failed: ${row.error}`
        : `${fmt(row.importMs)} (${fmt(row.minMs ?? 0)}-${fmt(row.maxMs ?? 0)})`;
    lines.push(
      `${row.handler.padEnd(8)}  ${fmt(row.bytes / 1024).padStart(9)}  ${fmt(row.mapBytes / 1024).padStart(8)}  ${timing}`,
    );
  }
  return lines;
}

/** Bundles and measures the four handlers, prints the table and returns the rows. */
export async function benchLambdaBundles(): Promise<BundleMeasurement[]> {
  const configPath = join(PROJECT_ROOT, "tollwatch.config.json");
  const config = await loadConfig(existsSync(configPath) ? configPath : null);
  const dir = await bundleDirectory();
  try {
    const rows: BundleMeasurement[] = [];
    for (const bundle of await bundleLambdas(config, dir)) rows.push(await measureBundle(bundle));
    console.log(
      `lambda bundles: esbuild ${LAMBDA_ESBUILD_OPTIONS.format} ${LAMBDA_ESBUILD_OPTIONS.target}, minified, @aws-sdk/* external; config ${config.source ?? "defaults (no tollwatch.config.json)"}; imported by node ${process.version} (Lambda runs Node 22)`,
    );
    for (const line of formatBundleTable(rows)) console.log(`  ${line}`);
    return rows;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  await benchLambdaBundles();
}
