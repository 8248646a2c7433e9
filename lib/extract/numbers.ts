import type { Qualifier } from "../model/figure.ts";
import { BETWEEN_BEFORE_RE, before, judge, type Raw } from "./number-context.ts";
import { NUMBER_WORD_ALTERNATION, parseNumberWords, SCALES } from "./number-words.ts";

export interface NumberMention {
  /** Integer value of the numeral (the lower bound of a range). */
  value: number;
  /** Qualifier words + numeral(s) + trailing "or more"/"-plus": "at least 93", "between 50 and 60". */
  start: number;
  end: number;
  /** The numeral alone; for a range, from the first numeral to the end of the second ("50-60"). */
  numberStart: number;
  numberEnd: number;
  qualifier: Qualifier;
  /** Upper bound of "between 50 and 60", "50 to 60", "50-60", "two or three"; null otherwise. */
  rangeTo: number | null;
}

const W = NUMBER_WORD_ALTERNATION;
const DIGITS = String.raw`\d{1,3}(?<sep>[,\u00A0\u202F ])\d{3}(?:\k<sep>\d{3})*(?!\d)(?:\.\d+)?|\d+(?:\.\d+)*`;
const MULTIPLIER = String.raw`(?:\s+(?<mult>hundred|thousand|million|billion|dozen)(?!\p{L}))?`;
// At most 21 number words: a numeral below a trillion has at most 19, and an unbounded run ("one one one ...") would be
// matched again after each numeral parsed from it, which is quadratic in the run's length.
const WORDS = String.raw`\b(?:an?\s+)?(?:${W})(?:(?:(?<=hundred|thousand|million)\s+and\s+|\s+|-)(?:${W})){0,20}(?![\p{L}\d])`;
const SCAN_RE = new RegExp(`(?<digits>${DIGITS})${MULTIPLIER}|(?<words>${WORDS})`, "giu");
const FROM_BEFORE_RE = /(?<!\p{L})(?:from|by)\s+$/iu;
const BAD_PREVIOUS_CHAR = /[\p{L}\p{N}_$€£¥₼₽₹#@\\/:.+&]/u;
const LETTER = /\p{L}/u;
const DIGIT = /\d/;
const FRACTION_BEFORE_RE = /(?<!\p{L})(?:an?\s+)?(half|quarter|third|fraction)(?:\s+of)?\s+$/iu;

type Link = "range" | "none";

/** The numerals of one sentence that may count people, with their qualifiers and ranges, in text order. */
export function findNumbers(sentence: string): NumberMention[] {
  const raws = scan(sentence);
  if (raws.length === 0) return [];
  const links = linkNeighbours(sentence, raws);
  const mentions: NumberMention[] = [];
  for (let i = 0; i < raws.length; i++) {
    const first = raws[i] as Raw;
    const linked = links[i] === "range";
    const last = linked ? (raws[i + 1] as Raw) : first;
    if (linked) i++;
    if (!first.ok || !last.ok) continue;
    const mention = judge(sentence, first, last, linked);
    if (mention !== null) mentions.push(mention);
  }
  return mentions;
}

function scan(s: string): Raw[] {
  const raws: Raw[] = [];
  SCAN_RE.lastIndex = 0;
  for (let m = SCAN_RE.exec(s); m !== null; m = SCAN_RE.exec(s)) {
    const groups = m.groups ?? {};
    const digits = groups.digits;
    if (digits !== undefined) {
      raws.push(readDigits(s, m.index, digits, groups.sep, groups.mult, m.index + m[0].length));
      continue;
    }
    const words = parseNumberWords(m[0]);
    if (words === null) continue;
    let numStart = m.index + words.start;
    const numEnd = m.index + words.end;
    if (numEnd < m.index + m[0].length) SCAN_RE.lastIndex = numEnd;
    const text = s.slice(numStart, numEnd).toLowerCase();
    let value = words.value;
    let ok = !LETTER.test(s[numStart - 1] ?? " ");
    const prefix = before(s, numStart);
    const fraction = text.startsWith("a") ? FRACTION_BEFORE_RE.exec(prefix) : null;
    if (fraction !== null) {
      numStart -= prefix.length - fraction.index;
      // "half a million", "a quarter of a million": the article's "a" is a fraction's unit, not one.
      const divisor = { half: 2, quarter: 4 }[(fraction[1] ?? "").toLowerCase()];
      value = divisor === undefined ? Number.NaN : value / divisor;
      ok &&= Number.isInteger(value);
    }
    raws.push({
      value,
      numStart,
      numEnd,
      ok,
      plain: false,
      bareYear: false,
      digits: false,
      loneOne: text === "one",
      bareDozen: text === "dozen",
    });
  }
  return raws;
}

function readDigits(
  s: string,
  numStart: number,
  digits: string,
  sep: string | undefined,
  mult: string | undefined,
  numEnd: number,
): Raw {
  let ok = true;
  let value: number;
  const parts = digits.split(".");
  const head = parts[0] ?? "";
  if (sep !== undefined) {
    value = Number(head.replaceAll(sep, "")) + (parts[1] === undefined ? 0 : Number(`0.${parts[1]}`));
  } else if (parts.length === 1) {
    value = Number(digits);
    // Leading zeros and long unbroken digit runs are codes, phone numbers or clock times ("0300").
    if ((digits.length > 1 && digits.startsWith("0")) || digits.length >= 8) ok = false;
  } else if (
    parts.slice(1).every((p) => p.length === 3) &&
    head.length <= 3 &&
    !head.startsWith("0") &&
    (parts.length > 2 || mult === undefined)
  ) {
    // "2.855": a continental thousands separator; "2.855 million" stays a decimal below.
    value = Number(parts.join(""));
  } else if (parts.length === 2) {
    value = Number(digits);
    // "18.00" is a clock time and "7.0" a magnitude; only a multiplier ("2.0 million") makes a decimal a count.
    if (mult === undefined) ok = false;
  } else {
    value = Number.NaN;
    ok = false;
  }
  if (mult !== undefined) value = Math.round(value * (SCALES[mult.toLowerCase()] ?? 1));
  // A bare decimal ("7.8", "2.5") measures something; it never counts people.
  if (!Number.isInteger(value)) ok = false;
  const digitsEnd = numStart + digits.length;
  if (ok) ok = cleanEdges(s, numStart, digitsEnd);
  const plain = sep === undefined && parts.length === 1 && mult === undefined;
  return {
    value,
    numStart,
    numEnd,
    ok,
    plain,
    bareYear: plain && digits.length === 4 && value >= 1900 && value <= 2100,
    digits: true,
    loneOne: false,
    bareDozen: false,
  };
}

/** Rejects numerals glued to letters, symbols or other digits: "F-16", "3rd", "14:30", "$3", "40%", "1/3". */
function cleanEdges(s: string, start: number, end: number): boolean {
  const before = s[start - 1];
  if (before !== undefined) {
    if (BAD_PREVIOUS_CHAR.test(before)) return false;
    if ((before === "-" || before === "‐") && LETTER.test(s[start - 2] ?? " ")) return false;
    if (before === "," && DIGIT.test(s[start - 2] ?? " ")) return false;
  }
  const after = s[end];
  if (after === undefined) return true;
  if (LETTER.test(after) || after === "%" || after === "°") return false;
  const next = s[end + 1] ?? "";
  const digitNext = next >= "0" && next <= "9";
  return !((after === ":" || after === "/" || after === ",") && digitNext);
}

/**
 * Pairs each numeral with the next when they form a range, and voids digit pairs that read as codes,
 * scores, spans of years, ratios or phone numbers ("3-1", "1992-94", "one in five", "555-1234-567", "12 34 56").
 */
function linkNeighbours(s: string, raws: Raw[]): Link[] {
  const links: Link[] = raws.map(() => "none");
  for (let i = 0; i + 1 < raws.length; i++) {
    const a = raws[i] as Raw;
    const b = raws[i + 1] as Raw;
    const between = s.slice(a.numEnd, b.numStart);
    if (between.length > 12) continue;
    if (isHyphen(between)) {
      const chained = i + 2 < raws.length && isHyphen(s.slice(b.numEnd, (raws[i + 2] as Raw).numStart));
      if (chained || !(b.value > a.value) || !a.ok || !b.ok) {
        a.ok = false;
        b.ok = false;
        if (chained) (raws[i + 2] as Raw).ok = false;
        continue;
      }
      links[i] = "range";
      i++;
      continue;
    }
    const word = between.trim().toLowerCase().replace(/\s+/g, " ");
    if (between.trim() === "" && a.digits && b.digits) {
      a.ok = false;
      b.ok = false;
    } else if (word === "in" || word === "out of") {
      a.ok = false;
      b.ok = false;
    } else if (!a.ok || !b.ok || !(b.value > a.value) || !/^\s+\S+\s+$/.test(between)) {
    } else if (
      word === "or" ||
      word === "–" ||
      (word === "to" && !FROM_BEFORE_RE.test(before(s, a.numStart)))
    ) {
      links[i] = "range";
      i++;
    } else if (word === "and" && BETWEEN_BEFORE_RE.test(before(s, a.numStart))) {
      links[i] = "range";
      i++;
    }
  }
  return links;
}

function isHyphen(text: string): boolean {
  return text === "-" || text === "–" || text === "‐";
}
