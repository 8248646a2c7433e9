import { describe, expect, it } from "vitest";
import { RECHECK_AGES_MS, RECHECK_MS, recheckDue } from "../../lib/monitor/article-reader.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const FIRST_SEEN = Date.parse("2020-12-03T09:00:00Z");
const iso = (ms: number) => new Date(ms).toISOString();
const due = (lastAgeMs: number | null, ageMs: number) =>
  recheckDue(
    iso(FIRST_SEEN),
    lastAgeMs === null ? null : iso(FIRST_SEEN + lastAgeMs),
    new Date(FIRST_SEEN + ageMs),
  );

/** How often an article is re-checked over its life when its feed's items are read every `everyMs`. */
function rechecks(everyMs: number): number {
  let count = 0;
  for (let age = everyMs; age <= RECHECK_MS + everyMs; age += everyMs) {
    if (due(age - everyMs, age)) count++;
  }
  return count;
}

describe("recheckDue: the in-place re-check schedule", () => {
  it("re-checks at every poll in the article's first hour, however close the polls", () => {
    expect(due(0, 2 * MINUTE)).toBe(true);
    expect(due(14 * MINUTE, 29 * MINUTE)).toBe(true);
    expect(due(59 * MINUTE, HOUR)).toBe(true);
  });

  it("then only when the article's age crosses the next due age since the feed's last pass", () => {
    expect(due(HOUR, HOUR + 10 * MINUTE)).toBe(false);
    expect(due(HOUR + 10 * MINUTE, HOUR + 20 * MINUTE)).toBe(true); // crosses 1 h 15
    expect(due(20 * HOUR, 20 * HOUR + 15 * MINUTE)).toBe(false);
  });

  it("re-checks a 15-minute feed's article 22 times in 48 hours instead of 192", () => {
    expect(RECHECK_AGES_MS).toHaveLength(19);
    expect(rechecks(15 * MINUTE)).toBe(22);
  });

  it("misses no due age when the feed is read hourly or was down for a day", () => {
    expect(rechecks(HOUR)).toBeGreaterThanOrEqual(12);
    expect(due(2 * HOUR, 26 * HOUR)).toBe(true);
  });

  it("re-checks when the last pass is unknown, and never after 48 hours", () => {
    expect(due(null, 30 * HOUR)).toBe(true);
    expect(due(null, RECHECK_MS)).toBe(true);
    expect(due(null, RECHECK_MS + MINUTE)).toBe(false);
    expect(recheckDue("not a date", null, new Date(FIRST_SEEN))).toBe(false);
  });
});
