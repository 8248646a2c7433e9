/**
 * Durations as people write them in a config file or on the command line: "90s", "15m", "1h30m", "2d".
 * One parser for `watch --every`, a feed's "every" and the demo, so they all accept the same spellings.
 */

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const PART_RE = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;
// The longest honest spelling ("1d23h59m59s999ms") is 16 characters. Anything far longer is no
// duration, and its digits could add up to Infinity, which would pass any "at least" check.
const MAX_LENGTH = 64;

/** Milliseconds, or null when the text is not a duration; "0" and "0m" are durations of zero. */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed.length > MAX_LENGTH) return null;
  const value = trimmed.toLowerCase();
  if (value === "0") return 0;
  if (value === "") return null;
  PART_RE.lastIndex = 0;
  let total = 0;
  let consumed = 0;
  for (let match = PART_RE.exec(value); match !== null; match = PART_RE.exec(value)) {
    total += Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
    consumed = PART_RE.lastIndex;
  }
  return consumed === value.length ? Math.round(total) : null;
}

/** The shortest readable spelling: 900000 -> "15m", 5400000 -> "1h30m". */
export function formatDuration(ms: number): string {
  if (ms === 0) return "0s";
  let rest = Math.round(ms);
  let out = "";
  for (const [unit, size] of [
    ["d", UNIT_MS.d],
    ["h", UNIT_MS.h],
    ["m", UNIT_MS.m],
    ["s", UNIT_MS.s],
  ] as const) {
    const count = Math.floor(rest / size);
    if (count > 0) out += `${count}${unit}`;
    rest -= count * size;
  }
  return rest > 0 ? `${out}${rest}ms` : out;
}
