/**
 * What the handlers share within one container: the environment they need, checked with messages that
 * say what to set; the config; the Powertools logger (JSON lines with a correlation id) and metrics
 * (EMF), flushed once per invocation. The AWS clients live in modules of their own (store-client.ts,
 * sns-client.ts, sqs-client.ts), built on first use and reused by later invocations: an SDK client
 * package costs 20-150 ms to import at a cold start, so each handler imports only those it calls.
 */

import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { Context } from "aws-lambda";
import { type DeployedConfig, readDeployedConfig, requireDeployedConfig } from "./deployed-config.ts";

/** Metric names in the TollWatch namespace; dashboards and alarms refer to them. */
export const METRIC = {
  feedsPolled: "FeedsPolled",
  feedsNotModified: "FeedsNotModified",
  feedFailures: "FeedFailures",
  articlesRead: "ArticlesRead",
  figures: "Figures",
  revisions: "Revisions",
  alertsSent: "AlertsSent",
  /** Planner: messages queued. */
  feedsQueued: "FeedsQueued",
  /** Sweep: alerts that stayed pending because a sink or the store failed. */
  alertsFailed: "AlertsFailed",
} as const;
export type MetricName = (typeof METRIC)[keyof typeof METRIC];

/** The function's environment lacks something the stack should have set. */
export class EnvironmentError extends Error {
  override name = "EnvironmentError";
}

const REQUIRED = {
  TABLE_NAME: "the DynamoDB table's name",
  TOPIC_ARN: "the ARN of the SNS topic alerts are published to",
  QUEUE_URL: "the URL of the SQS queue that carries one message per due feed",
  SCHEDULE_RATE_MINUTES: "the planner schedule's period in whole minutes, e.g. 15",
} as const;

export function requireEnv(name: keyof typeof REQUIRED): string {
  const value = process.env[name]?.trim();
  if (!value) {
    throw new EnvironmentError(
      `${name} is not set: it must hold ${REQUIRED[name]}; the stack sets it, so set it yourself only when running the handler outside it`,
    );
  }
  return value;
}

export function scheduleRateMinutes(): number {
  const text = requireEnv("SCHEDULE_RATE_MINUTES");
  if (!/^\d{1,6}$/.test(text) || Number(text) < 1) {
    throw new EnvironmentError(
      `SCHEDULE_RATE_MINUTES is ${JSON.stringify(text)}: it must be a whole number of minutes, at least 1, e.g. 15`,
    );
  }
  return Number(text);
}

/**
 * Comma-separated hosts on private addresses (127.0.0.1, a CIDR range) that article links may reach
 * although the SSRF guard refuses them. For local testing only: the stack never sets it, and set in AWS
 * it would let a feed's links reach into the VPC.
 */
export const ALLOW_PRIVATE_HOSTS_ENV = "TOLLWATCH_ALLOW_PRIVATE_HOSTS";

export function allowPrivateHosts(): string[] {
  return (process.env[ALLOW_PRIVATE_HOSTS_ENV] ?? "")
    .split(",")
    .map((host) => host.trim())
    .filter((host) => host !== "");
}

interface Built {
  config?: DeployedConfig | null;
  logger?: Logger;
  metrics?: Metrics;
}

let built: Built = {};
/** What the client modules registered to be torn down by resetForTests. */
const resets: Array<() => void> = [];

/** Lets a client module drop its cached client when a test resets the container. */
export function onReset(reset: () => void): void {
  resets.push(reset);
}

/** The config bundled into the function (or TOLLWATCH_CONFIG); throws when there is none. */
export function config(): DeployedConfig {
  built.config ??= requireDeployedConfig();
  return built.config;
}

/** The config when the function carries one; the sweep only takes watch titles from it. */
export function optionalConfig(): DeployedConfig | null {
  if (built.config === undefined) built.config = readDeployedConfig();
  return built.config;
}

export function logger(): Logger {
  // POWERTOOLS_SERVICE_NAME and POWERTOOLS_LOG_LEVEL are read by the Logger itself.
  built.logger ??= new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? "tollwatch" });
  return built.logger;
}

export function metrics(): Metrics {
  built.metrics ??= new Metrics({
    namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? "TollWatch",
    serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? "tollwatch",
  });
  return built.metrics;
}

/** Adds counts to this invocation's metrics; zeros too, so an alarm sees 0 rather than missing data. */
export function count(counts: Partial<Record<MetricName, number>>): void {
  for (const [name, value] of Object.entries(counts)) metrics().addMetric(name, MetricUnit.Count, value);
}

/**
 * Runs one invocation: the logger carries the Lambda context and the correlation id (SQS message id,
 * API request id) on every line; a failure is logged once and rethrown for Lambda's own retry; the
 * metrics are flushed whatever happens.
 */
export async function invocation<T>(
  handler: string,
  context: Context | undefined,
  correlationId: string | undefined,
  work: (log: Logger) => Promise<T>,
): Promise<T> {
  const log = logger();
  if (context) log.addContext(context);
  log.appendKeys({ handler });
  if (correlationId) log.setCorrelationId(correlationId);
  try {
    return await work(log);
  } catch (err) {
    log.error(`the ${handler} invocation failed`, asError(err));
    throw err;
  } finally {
    const m = metrics();
    if (m.hasStoredMetrics()) m.publishStoredMetrics();
    log.resetKeys();
  }
}

/** What the logger takes as an error: thrown non-Errors are wrapped. */
export function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

/**
 * Forgets the clients, config, logger and metrics, so the next invocation builds them again from the
 * environment. Tests switch endpoints between cases with it; Lambda never calls it.
 */
export function resetForTests(): void {
  for (const reset of resets) reset();
  built = {};
}
