/**
 * The cost model: what one feed costs a month in DynamoDB request units and Lambda GB-seconds, from
 * the counts the scale benches measured rather than from estimates. The steady state is the second
 * cycle of each bench (one feed in ten changed, the rest answered 304), repeated every 15 minutes,
 * plus what the second cycle, 15 minutes after the first, does not reach: the hourly pass over each
 * unchanged feed (fetched whole, its items' records read, written once: poll.ts PASS_MS), priced at
 * the measured cost of polling a changed full-text feed. The first cycle (every item new) is a one-off
 * cost, reported apart.
 */
import type { ScaleResult } from "./cycle-scale.ts";
import { type MeterCounts, readUnits, writeUnits } from "./dynamo-meter.ts";
import { fmt } from "./measure.ts";
import { type LambdaCycle, type LambdaResult, meanPoll } from "./poller-lambda.ts";

/** us-east-1 list prices, on-demand DynamoDB and arm64 Lambda. */
export const PRICES = {
  readRequestUnitUsd: 0.125 / 1e6,
  writeRequestUnitUsd: 0.625 / 1e6,
  lambdaGbSecondUsd: 0.0000133334,
  lambdaRequestUsd: 0.2 / 1e6,
} as const;

/** The poller's memory in the stack (lib/infra/pipeline.ts), which is what Lambda bills by. */
export const POLLER_MEMORY_GB = 1;
export const CYCLES_PER_MONTH = 30 * 24 * 4;
const PASSES_PER_MONTH = 30 * 24;

export interface FeedMonth {
  readUnits: number;
  writeUnits: number;
  gbSeconds: number;
  invocations: number;
  usd: number;
}

export interface CostModel {
  steady: FeedMonth;
  /** Reading a feed's 50 items the first time, once per feed. */
  onboarding: Omit<FeedMonth, "invocations"> & { invocations: number };
  heartbeatWriteUnits: number;
  /** Seconds of one hourly pass over an unchanged feed, as a changed full-text feed's poll measured. */
  passSeconds: number;
}

/** Billed duration: each invocation's wall time rounded up to the millisecond, times its memory. */
export function gbSeconds(cycle: LambdaCycle): number {
  return cycle.invocations.reduce((sum, inv) => sum + (Math.ceil(inv.wallMs) / 1000) * POLLER_MEMORY_GB, 0);
}

/** Write units of one feed-state write, as the first cycle measured them (every feed wrote its state once). */
export function heartbeatUnits(first: MeterCounts): number {
  const feed = first.writes.FEED;
  return feed && feed.requests > 0 ? feed.units / feed.requests : 1;
}

function usd(m: Omit<FeedMonth, "usd">): number {
  return (
    m.readUnits * PRICES.readRequestUnitUsd +
    m.writeUnits * PRICES.writeRequestUnitUsd +
    m.gbSeconds * PRICES.lambdaGbSecondUsd +
    m.invocations * PRICES.lambdaRequestUsd
  );
}

export function costModel(scale: ScaleResult, lambda: LambdaResult): CostModel {
  const feeds = scale.options.feeds;
  const heartbeat = heartbeatUnits(scale.first.dynamo);
  // Once an hour each unchanged feed is read whole: one record read per listed item, one state write.
  const unchangedShare = (feeds - scale.changed) / feeds;
  const polls = lambda.second.invocations.flatMap((inv) => inv.polls);
  const fullText = meanPoll(polls, (p) => p.status === "changed" && !lambda.teaserFeeds.has(p.feed));
  const passSeconds = Number.isNaN(fullText.ms) ? 0 : fullText.ms / 1000;
  const steadyParts = {
    readUnits:
      (readUnits(scale.second.dynamo) / feeds) * CYCLES_PER_MONTH +
      (scale.options.items + 1) * unchangedShare * PASSES_PER_MONTH,
    writeUnits:
      (writeUnits(scale.second.dynamo) / feeds) * CYCLES_PER_MONTH +
      heartbeat * unchangedShare * PASSES_PER_MONTH,
    gbSeconds:
      (gbSeconds(lambda.second) / lambda.feeds) * CYCLES_PER_MONTH +
      passSeconds * POLLER_MEMORY_GB * unchangedShare * PASSES_PER_MONTH,
    invocations: (lambda.second.invocations.length / lambda.feeds) * CYCLES_PER_MONTH,
  };
  const onboardingParts = {
    readUnits: readUnits(scale.first.dynamo) / feeds,
    writeUnits: writeUnits(scale.first.dynamo) / feeds,
    gbSeconds: gbSeconds(lambda.first) / lambda.feeds,
    invocations: lambda.first.invocations.length / lambda.feeds,
  };
  return {
    steady: { ...steadyParts, usd: usd(steadyParts) },
    onboarding: { ...onboardingParts, usd: usd(onboardingParts) },
    heartbeatWriteUnits: heartbeat,
    passSeconds,
  };
}

export function formatCostModel(model: CostModel, scale: ScaleResult, lambda: LambdaResult): string[] {
  const { steady: s, onboarding: o } = model;
  const money = (n: number) => `$${n < 0.01 ? n.toFixed(5) : n.toFixed(3)}`;
  return [
    `cost model per feed (us-east-1 list prices: $0.125/M RRU, $0.625/M WRU, $0.0000133334 per GB-s arm64, $0.20/M requests; poller ${POLLER_MEMORY_GB * 1024} MB)`,
    `  a month, polled every 15 minutes (${fmt(CYCLES_PER_MONTH, 0)} cycles; the second cycles above: ${scale.changed} of ${scale.options.feeds} feeds changed in the cycle bench, ${lambda.changed} of ${lambda.feeds} in the Lambda bench):`,
    `    DynamoDB ${fmt(s.readUnits, 0)} RRU + ${fmt(s.writeUnits, 0)} WRU; Lambda ${fmt(s.gbSeconds, 1)} GB-s in ${fmt(s.invocations, 0)} invocations; ${money(s.usd)} a feed, ${money(s.usd * 100)} for 100 feeds`,
    `    (the hourly pass over each unchanged feed included: ${scale.options.items + 1} reads, ${fmt(model.heartbeatWriteUnits, 1)} WRU and ${fmt(model.passSeconds, 2)} s of Lambda an hour)`,
    `  once, reading a new feed's 50 items: DynamoDB ${fmt(o.readUnits, 1)} RRU + ${fmt(o.writeUnits, 1)} WRU; Lambda ${fmt(o.gbSeconds, 1)} GB-s; ${money(o.usd)}`,
  ];
}
