/** Calendar dates that a text gives for a statement ("said on Thursday", "on November 14"), resolved to YYYY-MM-DD. */
import { MONTH_PATTERN as MONTH } from "./number-words.ts";

export interface DateExpression {
  date: string;
  start: number;
  end: number;
  text: string;
}

const MONTH_INDEX: Readonly<Record<string, number>> = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  may: 4,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  oct: 9,
  nov: 10,
  dec: 11,
};
const WEEKDAY_INDEX: Readonly<Record<string, number>> = {
  sunday: 0,
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
};

// Weekday names must be capitalised, like months: "may" and "march" in lower case are verbs.
const WEEKDAY = "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";
const DAY = String.raw`\d{1,2}(?:st|nd|rd|th)?(?![\d:.,]\d)(?![\p{L}\d])`;
const YEAR = String.raw`(?:,?\s+(?<year>(?:19|20)\d\d)(?![\d\p{L}]))`;
const DATE_RE = new RegExp(
  [
    String.raw`(?<![\d\p{L}-])(?<isoYear>(?:19|20)\d\d)-(?<isoMonth>[01]\d)-(?<isoDay>[0-3]\d)(?![\d-])`,
    String.raw`(?:(?<![\p{L}])${WEEKDAY},?\s+)?(?:(?<![\p{L}])(?<month1>${MONTH})\s+(?<day1>${DAY})|(?<![\d,.])(?<day2>${DAY})\s+(?:of\s+)?(?<month2>${MONTH})(?!\p{L}))${YEAR}?`,
    String.raw`(?<![\p{L}])(?<rel>(?:[Ll]ast|[Nn]ext|[Tt]his)\s+)?(?<weekday>${WEEKDAY})(?!\p{L})`,
    String.raw`(?<![\p{L}])(?<today>[Tt]oday|[Tt]his\s+(?:morning|afternoon|evening)|[Tt]onight)(?!\p{L})`,
    String.raw`(?<![\p{L}])(?<yesterday>(?:[Tt]he\s+day\s+before\s+)?[Yy]esterday|[Ll]ast\s+night)(?!\p{L})`,
  ].join("|"),
  "gu",
);
const IN_BEFORE_RE = /(?<!\p{L})in\s+$/iu;
/** "Bloody Sunday", "Good Friday": named days of other events, not a weekday of this week. */
const NAMED_DAY_BEFORE_RE =
  /(?<!\p{L})(?:Black|Bloody|Good|Holy|Ash|Palm|Easter|Maundy|Super|Cyber|Shrove)\s+$/u;
const DAY_MS = 86_400_000;

export function findDateExpressions(text: string, published: string | null): DateExpression[] {
  const pub = parsePublished(published);
  const found: DateExpression[] = [];
  DATE_RE.lastIndex = 0;
  for (let m = DATE_RE.exec(text); m !== null; m = DATE_RE.exec(text)) {
    const date = resolve(m, pub, text);
    if (date !== null) found.push({ date, start: m.index, end: m.index + m[0].length, text: m[0] });
  }
  return found;
}

export function resolveStatedOn(text: string, published: string | null): string | null {
  return findDateExpressions(text, published)[0]?.date ?? null;
}

/** The publication's calendar date as written (an ISO timestamp's offset is not applied), as UTC midnight. */
function parsePublished(published: string | null): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(published ?? "");
  if (m === null) return null;
  return utcDate(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

function utcDate(year: number, month: number, day: number): number | null {
  if (month < 0 || month > 11 || day < 1 || day > 31) return null;
  const time = Date.UTC(year, month, day);
  const check = new Date(time);
  return check.getUTCMonth() === month && check.getUTCDate() === day ? time : null;
}

function resolve(m: RegExpExecArray, pub: number | null, text: string): string | null {
  const g = m.groups ?? {};
  if (g.isoYear !== undefined)
    return format(utcDate(Number(g.isoYear), Number(g.isoMonth) - 1, Number(g.isoDay)));
  const monthName = g.month1 ?? g.month2;
  if (monthName !== undefined) {
    const month = MONTH_INDEX[monthName.slice(0, 3).toLowerCase()] ?? -1;
    const day = Number.parseInt(g.day1 ?? g.day2 ?? "", 10);
    if (g.year !== undefined) return format(utcDate(Number(g.year), month, day));
    // "in December 30 soldiers died" names a month and a count, not a day.
    if (g.month1 !== undefined && IN_BEFORE_RE.test(text.slice(Math.max(0, m.index - 8), m.index)))
      return null;
    return pub === null ? null : format(latestOnOrBefore(pub, month, day));
  }
  if (pub === null) return null;
  if (g.weekday !== undefined) {
    const rel = g.rel?.trim().toLowerCase();
    if (rel === "next" || NAMED_DAY_BEFORE_RE.test(text.slice(Math.max(0, m.index - 10), m.index)))
      return null;
    const target = WEEKDAY_INDEX[g.weekday.toLowerCase()] ?? 0;
    let back = (new Date(pub).getUTCDay() - target + 7) % 7;
    // "last Thursday" in a Thursday article is a week ago; a bare "Thursday" is the same day.
    if (rel === "last" && back === 0) back = 7;
    return format(pub - back * DAY_MS);
  }
  if (g.today !== undefined) return format(pub);
  if (g.yesterday !== undefined)
    return format(pub - (g.yesterday.toLowerCase().startsWith("the") ? 2 : 1) * DAY_MS);
  return null;
}

function latestOnOrBefore(pub: number, month: number, day: number): number | null {
  const year = new Date(pub).getUTCFullYear();
  const sameYear = utcDate(year, month, day);
  if (sameYear !== null && sameYear <= pub) return sameYear;
  // Feb 29 may not exist last year; look back to the last year that had it.
  for (let y = year - 1; y >= year - 8; y--) {
    const earlier = utcDate(y, month, day);
    if (earlier !== null) return earlier;
  }
  return null;
}

function format(time: number | null): string | null {
  return time === null ? null : new Date(time).toISOString().slice(0, 10);
}
