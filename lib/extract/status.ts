import type { FigureStatus } from "../model/figure.ts";
import { readPast } from "./historical.ts";
import { MONTH_PATTERN as MONTH } from "./number-words.ts";

/**
 * Whether a figure is the current one, an earlier statement recalled, or another, past event's; and
 * whether the text disputes it. Decided from the sentence around the number, never from the article.
 */

/** Markers of a recalled statement, whatever verb reports it: "had earlier", "the previous toll". */
const EARLIER_BEFORE_RE = new RegExp(
  [
    "\\bhad\\s+(?:earlier|previously|initially|originally|first|already)\\b",
    "\\bhad\\s+stood\\b",
    "\\b(?:previously|initially|originally|at first|formerly)\\b",
    // "officials first put the toll at 39, then raised it": the first of two statements.
    "\\bfirst\\s+(?:put|said|reported|gave|announced|estimated|counted|stated|confirmed)\\b",
    // Wire and state-media recaps: "Let us remind that ...", "It is recalled that the previous time ...".
    "\\b(?:let\\s+us\\s+(?:remind|recall)|it\\s+(?:is|should\\s+be)\\s+recalled|as\\s+a\\s+reminder)\\b",
    "\\bthe\\s+(?:previous|last)\\s+time\\b",
    "\\b(?:said|announced|reported|put|gave|stated|estimated)\\s+earlier\\b",
    "\\bearlier\\s+(?:said|announced|reported|put|gave|stated|estimated|figures?|tolls?|counts?|statements?|reports?|tally)\\b",
    "\\b(?:an?|the|its|their)\\s+(?:previous|prior|former|earlier|older|initial)\\s+(?:[\\w-]+\\s+){0,2}?(?:figure|toll|count|tally|estimate|statement|report)\\b",
    "\\b(?:last|previous)\\s+(?:week|month)'s\\s+(?:figure|toll|count|tally)\\b",
    // "The toll had been 40 on Monday": a toll that was, before the one the article now gives.
    "\\bhad\\s+been\\s+(?:at\\s+)?(?:(?:about|around|some|nearly|almost|roughly|at least|more than|over)\\s+)?$",
    // "in September, when it said 5,937": a statement the text itself dates to a past month.
    `\\b(?:in|on|by)\\s+(?:early\\s+|late\\s+|mid-?)?${MONTH}(?:\\s+\\d{1,2})?(?:,?\\s+\\d{4})?,?\\s+when\\s+[^.;,]{0,40}?\\b(?:said|announced|reported|put|gave|stated|estimated|confirmed|published|released)\\b`,
  ].join("|"),
  "i",
);
/**
 * "It had announced 2,681 deaths": a pluperfect statement is a recalled one, unless a verb of speech
 * before it makes it reported speech ("said on Friday they had confirmed 27,423").
 */
const PLUPERFECT_RE =
  /\bhad\s+(?:said|announced|reported|put|given|stated|claimed|confirmed|estimated|declared|published|released|recorded|counted|registered|documented|spoken\s+of|talked\s+of)\b/i;
const REPORTING_RE =
  /\b(?:said|says|say|told|tells|announced|announces|reported|reports|stated|states|confirmed)\b/i;
/** After the number: "50 announced a day earlier", "41,156 reported last Sunday". */
const EARLIER_AFTER_RE =
  /^[^.;,]{0,30}?\b(?:announced|reported|given|released|published|recorded|cited|issued)\s+(?:(?:a|one|two|three|four|five|several|\d+)\s+(?:days?|weeks?|hours?|months?)\s+(?:earlier|before|ago)|(?:last|the previous)\s+(?:[A-Z][a-z]+day|week|month|night)|earlier\b)/;
/** "up from 2,317", "rose from 100 to 120", "revised from 100": the older value of a change. */
const FROM_BEFORE_RE =
  /\bto\s+(?:about\s+|around\s+|some\s+)?[\d,.]+\s+from\s*$|\b(?:up|down|increas\w*|ris\w*|rose|climb\w*|jump\w*|revis\w*|rais\w*|lower\w*|chang\w*|updat\w*|correct\w*|adjust\w*)\b[^.;]{0,40}\bfrom(?:\s+the)?\s*$|\b(?:up|down) from(?:\s+the)?\s*$/i;
/** A later marker resets the earlier one: "had earlier said 50, but now says 80". */
const NOW_RE =
  /\b(?:now|has since|have since|latest|updated|new|currently|but|however|later|revis\w*|rais\w*|updat\w*|lower\w*)\b/i;

/** "The Soviet Union acknowledged about 15,000 dead": a state that no longer exists counts a past war. */
const DEFUNCT = "(?:Soviet Union|USSR|Yugoslavia)";
const DEFUNCT_BEFORE_RE = new RegExp(`\\b${DEFUNCT}\\b[^.;,]{0,60}$`);
const DEFUNCT_AFTER_RE = new RegExp(
  `^[^.;,]{0,40}\\b(?:${DEFUNCT}|Soviet\\s+(?:troops|soldiers|army|forces|war))\\b`,
);

/**
 * @param reference the article's "now" year (publication, else the latest year it mentions); see
 *   referenceYear in historical.ts.
 */
export function readStatus(
  sentence: string,
  start: number,
  end: number,
  reference: number | null,
): FigureStatus {
  const before = sentence.slice(0, start);
  const past = readPast(sentence, start, end, reference);
  if (past === "historical") return "historical";
  if (DEFUNCT_BEFORE_RE.test(before) || DEFUNCT_AFTER_RE.test(sentence.slice(end, end + 50)))
    return "historical";
  if (FROM_BEFORE_RE.test(before)) return "earlier";
  const marker = EARLIER_BEFORE_RE.exec(before);
  if (marker && !NOW_RE.test(before.slice(marker.index + marker[0].length))) return "earlier";
  const pluperfect = PLUPERFECT_RE.exec(before);
  if (
    pluperfect &&
    !REPORTING_RE.test(before.slice(0, pluperfect.index)) &&
    !NOW_RE.test(before.slice(pluperfect.index + pluperfect[0].length))
  ) {
    return "earlier";
  }
  if (EARLIER_AFTER_RE.test(sentence.slice(end, end + 80))) return "earlier";
  return past ?? "current";
}

/** "The toll was 40 on Monday": a toll dated to a day, earlier when that day is before publication. */
const WAS_BEFORE_RE =
  /\b(?:toll|tally|count|total|number of)\b[^.;,\d]{0,40}?\s+was\s+(?:(?:about|around|some|nearly|almost|at least|more than|over)\s+)?$/i;
const ON_DAY_AFTER_RE = /^\s+(?:[\p{Ll}]+\s+)?(?:on|by|as of)\s+\p{Lu}/u;

/** Whether a past-tense toll names its own day; the caller compares that day with publication. */
export function isDatedPastToll(sentence: string, start: number, end: number): boolean {
  return (
    WAS_BEFORE_RE.test(sentence.slice(Math.max(0, start - 80), start)) &&
    ON_DAY_AFTER_RE.test(sentence.slice(end, end + 30))
  );
}

const DISPUTE_RE =
  /\b(?:denied|denies|deny|denying|rejected|rejects|rejecting|dismissed|dismisses|refuted|refutes|allegedly|alleged|disinformation|propaganda|exaggerated|unfounded|baseless|fabricated|false|fake)\b/i;
const CLAIM_RE = /\bclaim(?:s|ed|ing)?\b(?!\s+(?:the\s+)?(?:lives|\d))/i;
const DENIAL_FOLLOWS_RE =
  /\b(?:denied|denies|rejected|rejects|dismissed|dismisses|refuted|refutes|disputed|disputes)\b[^.]{0,80}\b(?:figures?|claims?|reports?|numbers?|tolls?|allegations?|statements?)\b|\b(?:figures?|claims?|numbers?)\b[^.]{0,40}\b(?:denied|rejected|dismissed|refuted)\b/i;

/** "Ukraine says it killed 500 Russian soldiers": a side counting the enemy dead it claims to have made. */
const SPEAKER_KILLED_RE =
  /\b(?:says?|said|claims?|claimed)\s+(?:that\s+)?(?:it|they|its\s+(?:forces|troops|army|units))\s+(?:had\s+|has\s+|have\s+)?(?:killed|destroyed|eliminated|neutrali[sz]ed|wiped out)\b/i;

/** Denied, rejected, alleged, or an enemy's claim: recorded, never a revision. */
export function isDisputed(
  sentence: string,
  nextSentence: string | null,
  claimantParty: string | null,
  figureParty: string | null,
): boolean {
  if (DISPUTE_RE.test(sentence)) return true;
  if (
    CLAIM_RE.test(sentence) &&
    claimantParty !== null &&
    figureParty !== null &&
    claimantParty !== figureParty
  ) {
    return true;
  }
  if (
    SPEAKER_KILLED_RE.test(sentence) &&
    claimantParty !== null &&
    figureParty !== null &&
    claimantParty !== figureParty
  )
    return true;
  return nextSentence !== null && DENIAL_FOLLOWS_RE.test(nextSentence);
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
/** "- February 6: AFAD reported ...", "6 February -": a dated entry of a timeline or a live blog. */
const TIMELINE_ENTRY_RE = new RegExp(
  `^\\s*(?:[-–—•*]\\s*)?(?:(${MONTH})\\.?\\s+(\\d{1,2})|(\\d{1,2})\\s+(${MONTH}))(?:,?\\s+((?:19|20)\\d\\d))?\\s*[:–—]\\s`,
  "i",
);
/** "In mid-April President X said ...": a statement the text dates to a whole past month. */
const MONTH_OPENING_RE = new RegExp(
  `^\\s*(?:back\\s+)?(?:in|by|during)\\s+(?:early\\s+|late\\s+|mid-?)?(${MONTH})(?!\\s*\\d{1,2}\\b)(?:,?\\s+((?:19|20)\\d\\d))?\\b`,
  "i",
);

/**
 * Whether the sentence opens on a date before publication that dates the whole statement: a timeline
 * entry for an earlier day, or "In mid-April" for an earlier month. A weekday ("On Sunday") is left to
 * the caller, as wire copy dates today's statement to yesterday.
 */
export function opensOnPastDate(sentence: string, published: string | null): boolean {
  const pub = /^(\d{4})-(\d{2})-(\d{2})/.exec(published ?? "");
  if (!pub) return false;
  const [pubYear, pubMonth, pubDay] = [Number(pub[1]), Number(pub[2]) - 1, Number(pub[3])];
  const entry = TIMELINE_ENTRY_RE.exec(sentence);
  if (entry) {
    const month = monthIndex(entry[1] ?? entry[4] ?? "");
    const day = Number(entry[2] ?? entry[3]);
    const year = entry[5] ? Number(entry[5]) : month > pubMonth ? pubYear - 1 : pubYear;
    return year * 400 + month * 32 + day < pubYear * 400 + pubMonth * 32 + pubDay;
  }
  const opening = MONTH_OPENING_RE.exec(sentence);
  if (!opening || !/^\p{Lu}/u.test(opening[1] ?? "")) return false;
  const month = monthIndex(opening[1] ?? "");
  const year = opening[2] ? Number(opening[2]) : month > pubMonth ? pubYear - 1 : pubYear;
  return year * 12 + month < pubYear * 12 + pubMonth;
}

function monthIndex(name: string): number {
  return MONTHS.indexOf(name.slice(0, 3).toLowerCase());
}

const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
const SERIES_DAY_RE =
  /^\s*(?:on|by|late|early)?\s*(sunday|monday|tuesday|wednesday|thursday|friday|saturday)\b/i;

/**
 * A member of a dated series ("1,297 on Sunday and 1,419 on Monday") is an earlier snapshot when the member
 * before it already was, or, when it names a weekday, when that is not the day of publication.
 */
export function seriesIsPast(
  sentence: string,
  end: number,
  published: string | null,
  before: readonly { status: FigureStatus }[],
): boolean {
  const inherited = before.at(-1)?.status === "earlier";
  const day = SERIES_DAY_RE.exec(sentence.slice(end, end + 30))?.[1]?.toLowerCase();
  const time = published ? Date.parse(`${published.slice(0, 10)}T00:00:00Z`) : Number.NaN;
  if (!day || Number.isNaN(time)) return inherited;
  return WEEKDAYS[new Date(time).getUTCDay()] !== day;
}
