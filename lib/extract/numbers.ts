import type { Qualifier } from "../model/figure.ts";
import {
  LABEL_WORDS_ANY_CASE,
  LABEL_WORDS_CAPITALISED,
  MONTH_PATTERN,
  NUMBER_WORD_ALTERNATION,
  ONE_NOT_FOLLOWED_BY,
  PEOPLE_PATTERN,
  parseNumberWords,
  QUALIFIER_WORDS,
  SCALES,
  UNIT_PATTERN,
} from "./number-words.ts";

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
const WORDS = String.raw`\b(?:an?\s+)?(?:${W})(?:(?:(?<=hundred|thousand|million)\s+and\s+|\s+|-)(?:${W}))*(?![\p{L}\d])`;
const SCAN_RE = new RegExp(`(?<digits>${DIGITS})${MULTIPLIER}|(?<words>${WORDS})`, "giu");

const QUALIFIER_OF = new Map(QUALIFIER_WORDS.map(([words, q]) => [words, q]));
const QUALIFIER_ALTERNATION = QUALIFIER_WORDS.map(([words]) => words.replaceAll(" ", "\\s+"))
  .sort((a, b) => b.length - a.length)
  .join("|");
const QUALIFIER_BEFORE_RE = new RegExp(`(?<![\\p{L}])(?:${QUALIFIER_ALTERNATION})\\s+$|~\\s*$`, "iu");
const BETWEEN_BEFORE_RE = /(?<!\p{L})between\s+$/iu;
const FROM_BEFORE_RE = /(?<!\p{L})(?:from|by)\s+$/iu;
const QUALIFIER_AFTER_RE =
  /\s+or\s+more(?!\p{L})|\s+and\s+(?:more|above|over)(?!\p{L})|\s*\+(?!\d)|-plus(?!\p{L})|\s+or\s+so(?!\p{L})|[\s-]odd(?!\p{L})/iuy;

const MONTH_BEFORE_RE = new RegExp(`(?<!\\p{L})${MONTH_PATTERN}\\s+$`, "u");
const MONTH_YEAR_BEFORE_RE = new RegExp(
  `(?<!\\p{L})${MONTH_PATTERN},?\\s+(?:\\d{1,2}(?:st|nd|rd|th)?,?\\s+)?$`,
  "u",
);
const MONTH_AFTER_RE = new RegExp(`\\s+(?:of\\s+)?${MONTH_PATTERN}(?!\\p{L})`, "uy");
const AGE_BEFORE_RE = /(?<!\p{L})(?:aged?|ages)\s+(?:(?:between|from|of)\s+)?$/iu;
const AGE_LIMIT_BEFORE_RE =
  /(?<!\p{L})(?:children|kids|people|those|men|women|adults|minors|boys|girls|youths|anyone|persons)\s+(?:under|over|below|above)\s+$/iu;
const LABEL_BEFORE_RE = new RegExp(
  `(?<!\\p{L})(?:(?:${LABEL_WORDS_ANY_CASE})\\s*|(?:us\\$|usd|eur|gbp|rs\\.?|inr)\\s*)$`,
  "iu",
);
const LABEL_CAPITALISED_BEFORE_RE = new RegExp(`(?<!\\p{L})(?:${LABEL_WORDS_CAPITALISED})\\s+$`, "u");
const VAGUE_BEFORE_RE = /(?<!\p{L})(?:several|few|many|couple(?:\s+of)?)\s+$/iu;
const PRONOUN_ONE_BEFORE_RE =
  /(?<!\p{L})(?:no|any|every|each|the|this|that|which|such|another|last|other|little|some|someone|anyone|everyone)\s+$/iu;
const YEAR_CONTEXT_BEFORE_RE =
  /(?<!\p{L})(?:in|since|by|until|till|from|of|during|before|after|early|late|mid|year|the|summer|spring|autumn|fall|winter)[\s-]+$/iu;

const UNIT_AFTER_RE = new RegExp(`(?:\\s*[-‐]\\s*|\\s*)(?:${UNIT_PATTERN})(?!\\p{L})`, "iuy");
const HYPHEN_WORD_AFTER_RE = /[-‐](\p{L}+)/uy;
const HYPHEN_WORDS_KEPT = new Set(["plus", "odd", "strong", "member", "man", "men", "person", "people"]);
const ONE_CASUALTY_AFTER_RE =
  /\s+(?:(?:was|is|has\s+been|had\s+been|were)\s+)?(?:also\s+)?(?:killed|dead|died|wounded|injured|hurt|missing|captured)(?!\p{L})/iuy;
const NAME_COMMA_BEFORE_RE = /\p{Lu}\p{Ll}+,\s*$/u;
const NEXT_WORD_RE = /\s+(\p{L}[\p{L}'’]*)/uy;
const PEOPLE_AFTER_RE = new RegExp(
  `(?:\\s+(?:\\p{Lu}[\\p{L}'’-]*|more|other|additional|armed|military|civilian|foreign|local|young|unarmed|of\\s+(?:its|their|the)))` +
    `{0,2}\\s+(?:${PEOPLE_PATTERN})(?!\\p{L})`,
  "uy",
);
const BAD_PREVIOUS_CHAR = /[\p{L}\p{N}_$€£¥₼₽₹#@\\/:.+&]/u;
const LETTER = /\p{L}/u;
const DIGIT = /\d/;
const FRACTION_BEFORE_RE = /(?<!\p{L})(?:an?\s+)?(half|quarter|third|fraction)(?:\s+of)?\s+$/iu;

/** One numeral as scanned, before its neighbours and context are weighed. */
interface Raw {
  value: number;
  numStart: number;
  numEnd: number;
  ok: boolean;
  /** Digits with no separator, dot or multiplier ("14", "2020"): the forms days, years and IDs take. */
  plain: boolean;
  bareYear: boolean;
  digits: boolean;
  loneOne: boolean;
  bareDozen: boolean;
}

type Link = "range" | "none";

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
    const hyphen = between === "-" || between === "–" || between === "‐";
    if (hyphen) {
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

function before(s: string, index: number): string {
  return s.slice(Math.max(0, index - 40), index);
}

function stickyAt(re: RegExp, s: string, index: number): RegExpExecArray | null {
  re.lastIndex = index;
  return re.exec(s);
}

/** Weighs the words around one numeral (or range) and returns it as a mention, or null when it is no figure. */
function judge(s: string, first: Raw, last: Raw, range: boolean): NumberMention | null {
  const prefix = before(s, first.numStart);
  let start = first.numStart;
  if (range) {
    const between = BETWEEN_BEFORE_RE.exec(prefix);
    if (between !== null) start = first.numStart - prefix.length + between.index;
  }
  if (rejectedByPrefix(prefix, first)) return null;

  const qualifierPrefix = start === first.numStart ? prefix : before(s, start);
  const qualifierMatch = QUALIFIER_BEFORE_RE.exec(qualifierPrefix);
  let qualifier: Qualifier | null = null;
  if (qualifierMatch !== null) {
    start -= qualifierPrefix.length - qualifierMatch.index;
    const words = qualifierMatch[0].trim().toLowerCase().replace(/\s+/g, " ");
    qualifier = words === "~" ? "about" : (QUALIFIER_OF.get(words) ?? null);
    if (AGE_LIMIT_BEFORE_RE.test(prefix) && first.value <= 120) return null;
  }

  let end = last.numEnd;
  const after = stickyAt(QUALIFIER_AFTER_RE, s, end);
  if (after !== null) {
    const words = after[0].toLowerCase();
    qualifier ??= words.includes("so") || words.includes("odd") ? "about" : "at_least";
    end += after[0].length;
  }
  if (rejectedBySuffix(s, last, last.numEnd) || (end !== last.numEnd && rejectedBySuffix(s, last, end)))
    return null;
  if (first.bareYear || last.bareYear) {
    const strong = qualifier !== null && qualifier !== "about";
    const counted =
      stickyAt(PEOPLE_AFTER_RE, s, last.numEnd) !== null &&
      !YEAR_CONTEXT_BEFORE_RE.test(prefix) &&
      !MONTH_YEAR_BEFORE_RE.test(prefix);
    if (!strong && !counted) return null;
  }
  // A range with no qualifier words is still an approximation: the article commits to neither bound.
  qualifier ??= range ? "about" : "exact";
  return {
    value: first.value,
    start,
    end,
    numberStart: first.numStart,
    numberEnd: last.numEnd,
    qualifier,
    rangeTo: range ? last.value : null,
  };
}

function rejectedByPrefix(prefix: string, first: Raw): boolean {
  if (first.plain && first.value <= 31 && MONTH_BEFORE_RE.test(prefix)) return true;
  if (
    AGE_BEFORE_RE.test(prefix) ||
    LABEL_BEFORE_RE.test(prefix) ||
    LABEL_CAPITALISED_BEFORE_RE.test(prefix)
  ) {
    return true;
  }
  if (first.bareDozen && VAGUE_BEFORE_RE.test(prefix)) return true;
  return first.loneOne && PRONOUN_ONE_BEFORE_RE.test(prefix);
}

function rejectedBySuffix(s: string, last: Raw, end: number): boolean {
  if (stickyAt(UNIT_AFTER_RE, s, end) !== null) return true;
  if (last.value <= 31 && !last.bareDozen && stickyAt(MONTH_AFTER_RE, s, end) !== null) return true;
  const hyphenWord = stickyAt(HYPHEN_WORD_AFTER_RE, s, end);
  if (hyphenWord !== null && !HYPHEN_WORDS_KEPT.has((hyphenWord[1] ?? "").toLowerCase())) return true;
  // "Smith, 45, was among the dead": an age in apposition.
  if (
    last.plain &&
    last.value <= 110 &&
    s[end] === "," &&
    NAME_COMMA_BEFORE_RE.test(before(s, last.numStart))
  ) {
    return true;
  }
  if (last.loneOne && end === last.numEnd && stickyAt(ONE_CASUALTY_AFTER_RE, s, end) === null) {
    const next = stickyAt(NEXT_WORD_RE, s, end);
    if (next === null || ONE_NOT_FOLLOWED_BY.has((next[1] ?? "").toLowerCase())) return true;
  }
  return false;
}
