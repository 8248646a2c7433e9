/**
 * Assertions shared by the hostile-input tables: each outcome is held to its case's expectation, its
 * time bound and its memory bound, with a message that says which case and what happened instead.
 * Every measurement is also kept in the ledger, printed at the end when HOSTILE_LEDGER=1.
 */
import { expect } from "vitest";
import type { FeedExpect } from "./feed-cases.ts";
import type { PageExpect } from "./page-cases.ts";
import type { Outcome } from "./sandbox.ts";

/** Peak RSS growth allowed to a case that states no bound of its own. */
export const DEFAULT_RSS_MB = 100;

export const ledger: Array<{ group: string; name: string; ms: number; rssGrowthMb: number }> = [];

export function record(group: string, name: string, ms: number, rssGrowthMb: number): void {
  ledger.push({ group, name, ms, rssGrowthMb });
}

export function printLedger(): void {
  if (process.env.HOSTILE_LEDGER !== "1") return;
  const rows = ledger.map(
    (r) =>
      `${r.group.padEnd(10)} ${String(r.ms).padStart(6)} ms ${String(r.rssGrowthMb).padStart(5)} MB  ${r.name}`,
  );
  console.log(`hostile inputs: time and peak RSS growth per case\n${rows.join("\n")}`);
}

/** The sandbox finished the case in time and within its memory bound. */
export function expectBounded(outcome: Outcome, withinMs: number, maxRssMb = DEFAULT_RSS_MB): void {
  expect(outcome.kind, `still running after ${withinMs} ms (a hang or a quadratic parse)`).not.toBe(
    "timeout",
  );
  expect(outcome.ms, "time").toBeLessThanOrEqual(withinMs);
  expect(outcome.rssGrowthMb, "peak RSS growth, MB").toBeLessThan(maxRssMb);
}

function describeOutcome(outcome: Outcome): string {
  if (outcome.kind === "error") return `${outcome.name}: ${outcome.message}`;
  if (outcome.kind === "result") return JSON.stringify(outcome.result).slice(0, 600);
  return "timeout";
}

/** A parse error must start with the input's name (its URL) and say what is wrong. */
function expectNamedError(outcome: Outcome, errorName: string, source: string, says: RegExp[]): void {
  expect(outcome.kind, describeOutcome(outcome)).toBe("error");
  if (outcome.kind !== "error") return;
  expect(outcome.name).toBe(errorName);
  expect(outcome.message.startsWith(`${source}: `), `names ${source}: ${outcome.message}`).toBe(true);
  for (const phrase of says) expect(outcome.message).toMatch(phrase);
}

export function expectFeed(outcome: Outcome, expected: FeedExpect, url: string): void {
  if ("error" in expected) {
    expectNamedError(outcome, "FeedParseError", url, expected.error);
    return;
  }
  expect(outcome.kind, describeOutcome(outcome)).toBe("result");
  if (outcome.kind !== "result") return;
  const { items, titles = [], warnings = [] } = outcome.result;
  expect(items).toBe(expected.items);
  if (expected.titles) expect(titles).toEqual(expected.titles.slice(0, 3));
  if (expected.warning) expect(warnings.join("\n")).toMatch(expected.warning);
  if (expected.titlesNot) for (const title of titles) expect(title).not.toMatch(expected.titlesNot);
}

export function expectPage(outcome: Outcome, expected: PageExpect, url: string): void {
  if ("either" in expected) {
    const refused = outcome.kind === "error" && outcome.name === "ArticleParseError";
    if (refused) expectNamedError(outcome, "ArticleParseError", url, expected.either.error);
    else expectPage(outcome, { text: expected.either.text }, url);
    return;
  }
  if ("error" in expected) {
    expectNamedError(outcome, "ArticleParseError", url, expected.error);
    return;
  }
  expect(outcome.kind, describeOutcome(outcome)).toBe("result");
  if (outcome.kind === "result") expect(outcome.result.text ?? "").toMatch(expected.text);
}

/** A config message is one line: the file, the field, what is wrong, and what to write instead. */
export const FIX_HINT = /e\.g\.|remove|give |swap|set |fix |use |write /;
