/**
 * Feed and page dates → ISO 8601 UTC. Feeds write RFC 822 (often mangled), ISO 8601 / W3C-DTF, and
 * local variants; anything not confidently understood becomes null, never an exception and never a
 * guess about day/month order.
 */

// Abbreviations are matched on their first three letters (accents removed), so "Sept", "September",
// "Set" (pt/it) and "Dez" (de/pt) all land here. French "juin"/"juillet" need four.
// biome-ignore format: a table reads better one month per line
const MONTHS: Record<string, number> = {
  jan: 1, ene: 1, gen: 1, janv: 1,
  feb: 2, fev: 2,
  mar: 3, maa: 3, mrt: 3,
  apr: 4, abr: 4, avr: 4,
  may: 5, mai: 5, mag: 5, mei: 5,
  jun: 6, giu: 6, juin: 6,
  jul: 7, lug: 7, juil: 7,
  aug: 8, ago: 8, aou: 8,
  sep: 9, set: 9,
  oct: 10, okt: 10, out: 10, ott: 10,
  nov: 11,
  dec: 12, dic: 12, dez: 12,
};

// Hours east of UTC. Only names that mean one thing in practice; others are read as UTC.
// biome-ignore format: a table reads better grouped by region
const ZONES: Record<string, number> = {
  z: 0, ut: 0, utc: 0, gmt: 0, wet: 0,
  est: -5, edt: -4, cst: -6, cdt: -5, mst: -7, mdt: -6, pst: -8, pdt: -7,
  akst: -9, akdt: -8, hst: -10, ast: -4, adt: -3, nst: -3.5, ndt: -2.5,
  bst: 1, cet: 1, met: 1, west: 1, cest: 2, mest: 2, eet: 2, eest: 3, msk: 3,
  ist: 5.5, pkt: 5, ict: 7, wib: 7, sgt: 8, hkt: 8, awst: 8, pht: 8, jst: 9, kst: 9,
  acst: 9.5, aest: 10, acdt: 10.5, aedt: 11, nzst: 12, nzdt: 13,
};

const TIME = String.raw`(?<hour>\d{1,2}):(?<minute>\d{2})(?::(?<second>\d{2}))?(?:[.,](?<fraction>\d{1,9}))?(?:\s*(?<meridiem>[ap])\.?m\.?)?`;
const ZONE = String.raw`(?:(?:gmt|utc|ut)\s*)?(?<offset>[+-]\d{1,2}(?::?\d{2})?)|(?<zoneName>[a-z]{1,5})`;
const ISO = new RegExp(
  String.raw`^(?<year>\d{4})(?:[-/](?<month>\d{1,2})(?:[-/](?<day>\d{1,2}))?)?(?:(?:t|\s+)${TIME})?\s*(?:${ZONE})?$`,
  "iu",
);
const ISO_BASIC =
  /^(?<year>\d{4})(?<month>\d{2})(?<day>\d{2})(?:t(?<hour>\d{2})(?<minute>\d{2})(?<second>\d{2})?)?(?:(?<zoneName>z)|(?<offset>[+-]\d{2}(?::?\d{2})?))?$/i;
// "Mon, 6 Sep 2010 18:00:00 +0100" and its many relatives: optional weekday, two-digit years.
const DAY_FIRST = new RegExp(
  String.raw`^(?:\p{L}+\.?,?\s*)?(?<day>\d{1,2})(?:st|nd|rd|th)?[\s./-]*(?<monthName>\p{L}+)\.?[\s./,-]*(?<year>\d{2,4})(?:(?:\s*,?\s+|t)${TIME})?\s*(?:${ZONE})?$`,
  "iu",
);
// "Sep 6, 2010 6:00 PM EST"
const MONTH_FIRST = new RegExp(
  String.raw`^(?:\p{L}+,?\s+)?(?<monthName>\p{L}+)\.?\s+(?<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?<year>\d{4})(?:\s*,?\s+${TIME})?\s*(?:${ZONE})?$`,
  "iu",
);
// Order matters: the first pattern that matches decides, even when its date is invalid, so that a
// rejected date is never re-read by a looser pattern with a different field order.
const PATTERNS = [ISO, ISO_BASIC, DAY_FIRST, MONTH_FIRST];

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  fraction: string | undefined;
  meridiem: string | undefined;
  offset: string | undefined;
  zoneName: string | undefined;
}

function num(value: string | undefined, fallback = 0): number {
  return value === undefined ? fallback : Number.parseInt(value, 10);
}

function monthNumber(name: string): number | null {
  const key = name.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  if (key.length > 10) return null;
  return MONTHS[key.slice(0, 4)] ?? MONTHS[key.slice(0, 3)] ?? null;
}

function fullYear(year: string): number {
  const y = Number.parseInt(year, 10);
  if (year.length === 2) return y < 50 ? 2000 + y : 1900 + y;
  if (year.length === 3) return 1900 + y; // RFC 2822 obsolete three-digit years count from 1900
  return y;
}

/** Parts of a match of any of PATTERNS; null when a month name is not one we know. */
function toParts(g: Record<string, string | undefined>): Parts | null {
  const month = g.monthName === undefined ? num(g.month, 1) : monthNumber(g.monthName);
  if (month === null) return null;
  return {
    year: fullYear(g.year ?? ""),
    month,
    day: num(g.day, 1),
    hour: num(g.hour),
    minute: num(g.minute),
    second: num(g.second),
    fraction: g.fraction,
    meridiem: g.meridiem,
    offset: g.offset,
    zoneName: g.zoneName,
  };
}

/** Minutes east of UTC, or null for an offset no place uses. */
function offsetMinutes(offset: string | undefined, zoneName: string | undefined): number | null {
  if (offset) {
    const m = /^([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(offset);
    if (!m) return null;
    const hours = num(m[2]);
    const minutes = num(m[3]);
    if (hours > 14 || minutes > 59) return null;
    return (m[1] === "-" ? -1 : 1) * (hours * 60 + minutes);
  }
  if (zoneName) {
    const hours = ZONES[zoneName.toLowerCase()];
    if (hours !== undefined) return Math.round(hours * 60);
    // An unknown abbreviation ("CAT", "ART") is read as UTC: hours off at worst, the day still right.
    // Lower-case words are not zones at all but trailing junk.
    return /^[A-Z]{2,5}$/.test(zoneName) ? 0 : null;
  }
  return 0; // no zone at all: UTC is the only reading that is not a guess about the server
}

function toIso(p: Parts): string | null {
  let hour = p.hour;
  if (p.meridiem) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (p.meridiem.toLowerCase() === "p" ? 12 : 0);
  }
  const second = p.second === 60 ? 59 : p.second; // leap second
  if (p.month < 1 || p.month > 12 || p.day < 1 || hour > 23 || p.minute > 59 || second > 59) return null;
  // Before 1990 no news feed or page existed; such dates are placeholders (the 1970 epoch, "0001-01-01")
  // that would sort an article as ancient. Unknown is more honest than wrong.
  if (p.year < 1990 || p.year > 2200) return null;
  const offset = offsetMinutes(p.offset, p.zoneName);
  if (offset === null) return null;
  const millis = p.fraction ? Math.min(999, Math.round(Number(`0.${p.fraction}`) * 1000)) : 0;
  const local = new Date(Date.UTC(p.year, p.month - 1, p.day, hour, p.minute, second, millis));
  // Date.UTC rolls 31 April over into May, and maps years below 100 to the 1900s.
  local.setUTCFullYear(p.year);
  if (local.getUTCDate() !== p.day || local.getUTCMonth() !== p.month - 1) return null;
  const utc = new Date(local.getTime() - offset * 60_000);
  return Number.isNaN(utc.getTime()) ? null : utc.toISOString();
}

export interface ParseDateOptions {
  /**
   * Refuse a date written with a month name ("9 March 2024") unless it names its zone. Article
   * pages print such dates in the site's local time, so reading them as UTC would be a guess.
   */
  requireZoneForText?: boolean;
}

/** A date as ISO 8601 UTC (`2016-05-04T06:53:45.000Z`), or null when absent or unreadable. */
export function parseDate(input: string | null | undefined, options: ParseDateOptions = {}): string | null {
  if (typeof input !== "string") return null;
  const text = input
    .replace(/\([^)]*\)/g, " ") // "+0000 (UTC)"
    .replace(/\s+/g, " ")
    .trim();
  if (text.length < 4 || text.length > 80) return null;

  for (const pattern of PATTERNS) {
    const groups = pattern.exec(text)?.groups;
    if (groups === undefined) continue;
    const parts = toParts(groups);
    if (parts === null) return null;
    if (options.requireZoneForText && groups.monthName !== undefined && !parts.offset && !parts.zoneName) {
      return null;
    }
    return toIso(parts);
  }
  return null;
}
