import type { FigureStatus } from "../model/figure.ts";

/**
 * Whether a figure is the current one, an earlier statement recalled, or another, past event's; and
 * whether the text disputes it. Decided from the sentence around the number, never from the article.
 */

const EARLIER_BEFORE_RE = new RegExp(
  [
    "\\bhad\\s+(?:earlier|previously|initially|originally|first|already)\\b",
    "\\bhad\\s+(?:said|announced|reported|put|given|stated|claimed|confirmed|estimated|declared)\\b",
    "\\b(?:previously|initially|originally|at first|formerly)\\b",
    "\\b(?:said|announced|reported|put|gave|stated|estimated)\\s+earlier\\b",
    "\\bearlier\\s+(?:said|announced|reported|put|gave|stated|estimated|figures?|tolls?|counts?|statements?|reports?|tally)\\b",
    "\\b(?:an?|the)\\s+(?:previous|prior|former|earlier|older|initial)\\s+(?:figure|toll|count|tally|estimate|statement|report)\\b",
    "\\b(?:last|previous)\\s+(?:week|month)'s\\s+(?:figure|toll|count|tally)\\b",
  ].join("|"),
  "i",
);
/** "up from 2,317", "rose from 100 to 120", "revised from 100": the older value of a change. */
const FROM_BEFORE_RE =
  /\bto\s+(?:about\s+|around\s+|some\s+)?[\d,.]+\s+from\s*$|\b(?:up|down|increas\w*|ris\w*|rose|climb\w*|jump\w*|revis\w*|rais\w*|lower\w*|chang\w*|updat\w*|correct\w*|adjust\w*)\b[^.;]{0,40}\bfrom(?:\s+the)?\s*$|\b(?:up|down) from(?:\s+the)?\s*$/i;
/** A later marker resets the earlier one: "had earlier said 50, but now says 80". */
const NOW_RE =
  /\b(?:now|has since|have since|latest|updated|new|currently|but|however|later|revis\w*|rais\w*|updat\w*|lower\w*)\b/i;

const DECADE_RE = /\b(?:1[89]\d0|20[0-2]0)s\b|\b(?:1[89]|20)\d\d\b/g;
const EVENT_RE =
  /\b(?:war|conflict|earthquake|quake|tsunami|flood|floods|famine|genocide|massacre|fighting|uprising|attack|attacks|bombing|disaster|hurricane|cyclone|typhoon)\b/i;
const RELATIVE_RE = /\b(?:that|which|in which|when|where)\b/i;
const SPEECH_RE = /\b(?:said|says|say|announced|announces|reported|reports|confirmed|told|stated|added)\b/i;

export function readStatus(
  sentence: string,
  start: number,
  end: number,
  publishedYear: number | null,
): FigureStatus {
  const before = sentence.slice(0, start);
  if (isHistorical(sentence, start, end, publishedYear)) return "historical";
  if (FROM_BEFORE_RE.test(before)) return "earlier";
  const marker = EARLIER_BEFORE_RE.exec(before);
  if (marker && !NOW_RE.test(before.slice(marker.index + marker[0].length))) return "earlier";
  return "current";
}

/** A year or decade older than the article, in the same stretch of the sentence as the number. */
function isHistorical(sentence: string, start: number, end: number, publishedYear: number | null): boolean {
  DECADE_RE.lastIndex = 0;
  for (let m = DECADE_RE.exec(sentence); m !== null; m = DECADE_RE.exec(sentence)) {
    if (m.index >= start && m.index < end) continue;
    const text = m[0];
    const year = Number.parseInt(text, 10);
    const decade = text.endsWith("s");
    // Without a publication date only a decade ("the 1990s") is surely another time.
    const reference = publishedYear ?? 0;
    if (!decade && (publishedYear === null || year >= reference - 1)) continue;
    if (decade && publishedYear !== null && year + 10 >= reference - 1) continue;
    // Only a number told as part of that other event: "a war in the 1990s that killed", "the 1999 quake killed".
    if (m.index > start) continue;
    const between = sentence.slice(m.index + text.length, start);
    if (between.length > 90 || SPEECH_RE.test(between)) continue;
    const event = EVENT_RE.test(sentence.slice(Math.max(0, m.index - 25), start));
    if (
      RELATIVE_RE.test(between) ||
      (event && /^\s*(?:[\p{L}-]+\s+){0,2}?(?:killed|claimed|left)\b/u.test(between.replace(EVENT_RE, "")))
    ) {
      return true;
    }
  }
  return false;
}

const DISPUTE_RE =
  /\b(?:denied|denies|deny|denying|rejected|rejects|rejecting|dismissed|dismisses|refuted|refutes|allegedly|alleged|disinformation|propaganda|exaggerated|unfounded|baseless|fabricated|false|fake)\b/i;
const CLAIM_RE = /\bclaim(?:s|ed|ing)?\b(?!\s+(?:the\s+)?(?:lives|\d))/i;
const DENIAL_FOLLOWS_RE =
  /\b(?:denied|denies|rejected|rejects|dismissed|dismisses|refuted|refutes|disputed|disputes)\b[^.]{0,80}\b(?:figures?|claims?|reports?|numbers?|tolls?|allegations?|statements?)\b|\b(?:figures?|claims?|numbers?)\b[^.]{0,40}\b(?:denied|rejected|dismissed|refuted)\b/i;

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
  return nextSentence !== null && DENIAL_FOLLOWS_RE.test(nextSentence);
}
