import type { Qualifier } from "../model/figure.ts";
import {
  LABEL_WORDS_ANY_CASE,
  LABEL_WORDS_CAPITALISED,
  MONTH_PATTERN,
  ONE_NOT_FOLLOWED_BY,
  PEOPLE_PATTERN,
  QUALIFIER_WORDS,
  UNIT_PATTERN,
} from "./number-words.ts";
import type { NumberMention } from "./numbers.ts";

/**
 * The words around a numeral that qualify it ("at least", "or more") or show it counts no people (a date,
 * an age, a label, a unit). Split from numbers.ts, which finds the numerals; every pattern is compiled once
 * here because judge() runs on every numeral of every sentence.
 */

/** One numeral as scanned, before its neighbours and context are weighed. */
export interface Raw {
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

const QUALIFIER_OF = new Map(QUALIFIER_WORDS.map(([words, q]) => [words, q]));
const QUALIFIER_ALTERNATION = QUALIFIER_WORDS.map(([words]) => words.replaceAll(" ", "\\s+"))
  .sort((a, b) => b.length - a.length)
  .join("|");
const QUALIFIER_BEFORE_RE = new RegExp(`(?<![\\p{L}])(?:${QUALIFIER_ALTERNATION})\\s+$|~\\s*$`, "iu");
export const BETWEEN_BEFORE_RE = /(?<!\p{L})between\s+$/iu;
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

/** The 40 characters before `index`: enough for any qualifier or label phrase, and cheap to test. */
export function before(s: string, index: number): string {
  return s.slice(Math.max(0, index - 40), index);
}

function stickyAt(re: RegExp, s: string, index: number): RegExpExecArray | null {
  re.lastIndex = index;
  return re.exec(s);
}

/** Weighs the words around one numeral (or range) and returns it as a mention, or null when it is no figure. */
export function judge(s: string, first: Raw, last: Raw, range: boolean): NumberMention | null {
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
