/** Spelled-out numerals ("two hundred and fifty", "a dozen") and the word lists numbers.ts matches around numerals. */
import type { Qualifier } from "../model/figure.ts";

const SMALL: Readonly<Record<string, number>> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const TENS: Readonly<Record<string, number>> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
export const SCALES: Readonly<Record<string, number>> = {
  hundred: 100,
  thousand: 1_000,
  million: 1_000_000,
  billion: 1_000_000_000,
  dozen: 12,
};

/** Longest first, so that "seventeen" wins over "seven" without relying on backtracking. */
export const NUMBER_WORD_ALTERNATION = [...Object.keys(SMALL), ...Object.keys(TENS), ...Object.keys(SCALES)]
  .sort((a, b) => b.length - a.length)
  .join("|");

export interface WordNumber {
  value: number;
  /** Offset, within the run, where the numeral starts (after a dropped article) and ends. */
  start: number;
  end: number;
}

const TOKEN_RE = /[a-z]+/g;
type State = "start" | "article" | "count" | "tens" | "tensUnit" | "hundred" | "scale" | "and" | "dozen";

/**
 * Reads the longest well-formed numeral at the start of a run of number words ("two hundred and fifty",
 * "a thousand"); the caller rescans what is left, so "three two" yields 3 then 2. Null when the run is a bare
 * scale word ("hundred" in "several hundred"), which is a vague amount rather than a figure.
 */
export function parseNumberWords(run: string): WordNumber | null {
  const lower = run.toLowerCase();
  let total = 0;
  let group = 0;
  let state: State = "start";
  let start = -1;
  let end = -1;
  TOKEN_RE.lastIndex = 0;
  for (let m = TOKEN_RE.exec(lower); m !== null; m = TOKEN_RE.exec(lower)) {
    const word = m[0];
    const small = SMALL[word];
    const tens = TENS[word];
    const scale = SCALES[word];
    let wordStart = m.index;
    if ((word === "a" || word === "an") && state === "start") {
      state = "article";
      start = m.index;
      continue;
    }
    if (state === "article" && scale === undefined) {
      // "a" only counts before a scale word ("a hundred"); otherwise the numeral starts here.
      state = "start";
      start = -1;
    }
    const fresh = state === "start" || state === "hundred" || state === "scale" || state === "and";
    if (word === "and") {
      if (state !== "hundred" && state !== "scale") break;
      state = "and";
      continue;
    }
    if (small !== undefined) {
      if (fresh) group += small;
      else if (state === "tens" && small < 10) group += small;
      else break;
      state = state === "tens" ? "tensUnit" : "count";
    } else if (tens !== undefined) {
      if (!fresh) break;
      group += tens;
      state = "tens";
    } else if (scale !== undefined) {
      const counted = state === "count" || state === "tens" || state === "tensUnit";
      if (word === "hundred") {
        if (!counted && state !== "article") break;
        group = (group || 1) * 100;
        state = "hundred";
      } else if (word === "dozen") {
        // A bare "dozen" is still twelve ("killed dozen people" is rare; "several dozen" is filtered by the caller).
        if (!counted && state !== "article" && state !== "start") break;
        group = (group || 1) * 12;
        state = "dozen";
      } else {
        if (!counted && state !== "hundred" && state !== "article") break;
        total += (group || 1) * scale;
        group = 0;
        state = "scale";
      }
      if (start >= 0) wordStart = start;
    } else {
      break;
    }
    if (start < 0) start = wordStart;
    end = m.index + word.length;
    if (state === "dozen") break;
  }
  if (end < 0) return null;
  const value = total + group;
  return value > 0 ? { value, start, end } : null;
}

/** Words before a numeral that qualify it; "over"/"under" count only when directly before the numeral. */
const QUALIFIER_PHRASES: Readonly<Record<Exclude<Qualifier, "exact">, string>> = {
  at_least:
    "at least|at the very least|no fewer than|not fewer than|no less than|not less than|a minimum of|minimum of",
  more_than:
    "more than|over|well over|just over|upwards of|in excess of|exceeded|exceeding|exceeds|surpassed|surpassing|passed|topped|topping|above|greater than",
  nearly: "nearly|almost|close to|just under|just below|just shy of|approaching|not quite",
  about: "about|around|some|roughly|approximately|an estimated|estimated|an approximate|circa",
  up_to:
    "up to|as many as|could reach|as high as|at most|at the most|maximum of|a maximum of|no more than|not more than",
  fewer_than: "fewer than|less than|under|below",
};
export const QUALIFIER_WORDS: ReadonlyArray<readonly [string, Qualifier]> = Object.entries(
  QUALIFIER_PHRASES,
).flatMap(([qualifier, phrases]) =>
  phrases.split("|").map((words) => [words, qualifier as Qualifier] as const),
);

const MONTHS_FULL = "January|February|March|April|May|June|July|August|September|October|November|December";
/** Capitalised only: lower-case "may" and "march" are a verb far more often than a month. */
export const MONTH_PATTERN = `(?:${MONTHS_FULL}|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\\.?)`;

/** Measures, durations, money, rates and clock times: the numeral before one of these counts no people. */
export const UNIT_PATTERN = [
  "km|kms|kilomet(?:er|re)s?|mi|miles?|met(?:er|re)s?|m|ft|feet|foot|inch(?:es)?|cm|mm|yards?",
  "kg|kilos?|kilograms?|grams?|lbs?|pounds?|tons?|tonnes?|lit(?:er|re)s?|gallons?|barrels?",
  "hectares?|ha|acres?|sq|square|cubic|degrees?|knots?|mph|kph|km/h|calibre|caliber|mw|kw|gw|megawatts?",
  "seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|fortnights?|months?|years?|yrs?",
  "decades?|centuries|century|millennia|millennium",
  "a\\.m\\.|p\\.m\\.|am|pm|o['’]clock|gmt|utc|local time",
  "dollars?|euros?|sterling|cents?|usd|eur|gbp|azn|manats?|rubles?|roubles?|drams?|liras?|lira|shekels?",
  "yuan|yen|rupees?|riyals?|rials?|dinars?|hryvnias?|francs?|pesos?",
  "%|per ?cent|pct|percentage points?|times|fold|per",
  "an? (?:day|week|month|year|hour|night)(?! (?:after|before|later|earlier|ago))",
  "each (?:day|week)|every (?:day|week|hour)|daily|weekly|annually",
].join("|");

/** Nouns that make a bare year-like numeral ("2000 soldiers") a count rather than a year. */
export const PEOPLE_PATTERN = [
  "people|persons|soldiers|troops|servicemen|servicemembers|service members|military personnel|personnel",
  "civilians|fighters|militants|rebels|insurgents|police|policemen|officers|men|women|children|kids",
  "residents|villagers|citizens|refugees|migrants|victims|casualties|dead|deaths|bodies|killed|died",
  "wounded|injured|missing|prisoners|captives|hostages|detainees|protesters|demonstrators|workers",
  "journalists|medics|peacekeepers|volunteers|conscripts|recruits|sailors|marines|guards|pilots|others",
].join("|");

/** Words that name a thing by number ("Resolution 2334", "Flight 752", "No. 5"): never a count. */
export const LABEL_WORDS_ANY_CASE =
  "no\\.|nos\\.?|nr\\.?|number|resolutions?|articles?|sections?|chapters?|paragraphs?|clauses?|pages?|pp\\.?" +
  "|vol\\.?|volume|magnitude|flight|route|highway|platform|terminal|gate|room|apollo|boeing|airbus|iphone" +
  "|windows|model|version|mk\\.?|protocol|amendment|decree|episode|season|grade|category|level|tier" +
  "|apartment|apt\\.?|exit|junction|precinct|channel|bus|series|item";
/** Capitalised only, because the lower-case word is common before a real count ("that day 50 died"). */
export const LABEL_WORDS_CAPITALISED =
  "No|Phase|Stage|Unit|Day|Week|Round|Camp|Sector|Zone|District|Type|Class|Mark";

/** Words after "one" that make it a pronoun or an idiom ("one of", "no one", "one day"), not a count. */
export const ONE_NOT_FOLLOWED_BY = new Set(
  (
    "of another who whom whose which that in on at by to for from with or and but nor is was are were has had " +
    "have be been being will would can could should may might must does did do says said day time side way " +
    "thing things point hand reason example such more less least than as if so too else though also only " +
    "after before other the a an this these those its their his her our my your morning evening night " +
    "moment place part year month week hour minute second another's where when while here there either"
  ).split(" "),
);
