/**
 * Option values typed by the operator, checked the same way by every command: a wrong value is a usage
 * error naming the option, what it accepts and what was given, never a silently ignored filter.
 */
import { UsageError } from "./exit-codes.ts";

/** Commander collects a repeated option through this. */
export const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** A calendar day; "2021-02-30" is refused rather than rolled over into March. */
export function parseDay(value: string, option: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (date === null || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new UsageError(`${option} must be a date as YYYY-MM-DD, e.g. 2021-01-05; got "${value}"`);
  }
  return value;
}

/** One of a fixed word list, in any case. */
export function oneOf<T extends string>(value: string, allowed: readonly T[], option: string): T {
  const found = allowed.find((a) => a === value.toLowerCase());
  if (!found) throw new UsageError(`${option} must be one of ${allowed.join(", ")}; got "${value}"`);
  return found;
}

/** "Artsakh=Armenia" pairs: a phrase the text uses for a party, and the country it stands for. */
export function parseAliases(values: readonly string[]): Record<string, string> {
  const aliases: Record<string, string> = {};
  for (const value of values) {
    const [phrase = "", country = "", ...rest] = value.split("=").map((part) => part.trim());
    if (phrase === "" || country === "" || rest.length > 0) {
      throw new UsageError(`--alias must be "phrase=Country", e.g. "Artsakh=Armenia", got "${value}"`);
    }
    aliases[phrase] = country;
  }
  return aliases;
}
