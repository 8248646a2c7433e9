import { MONTH_PATTERN as MONTH } from "./number-words.ts";

/**
 * Figures of another, past event ("the 1999 quake that killed 17,000", "In June 2020, a ferry capsized,
 * killing 34") against figures that merely date their start ("since February 2022"). A year counts as
 * past when it is older than the article's reference year: its publication year, else the latest year
 * the article itself mentions.
 */

export type PastReading = "historical" | "earlier" | null;

const YEAR_RE = /\b(?:1[89]|20)\d0s\b|\b(?:1[89]|20)\d\d\b/g;
const EVENT =
  "(?:war|wars|conflict|earthquake|earthquakes|quake|quakes|tsunami|flood|floods|flooding|famine|genocide|massacre|" +
  "fighting|uprising|intifada|offensive|invasion|attack|attacks|bombing|bombings|disaster|hurricane|cyclone|typhoon|" +
  "storm|eruption|fire|fires|wildfire|wildfires|blast|explosion|crash|shipwreck|sinking|stampede|heatwave|epidemic|" +
  "outbreak|crisis|campaign|siege|clashes|riots|revolution)";
/** "the 2014 war", "a 1999 earthquake near Izmit", "the 2010 Haiti earthquake". */
const EVENT_AFTER_YEAR_RE = new RegExp(`^\\s*(?:[\\p{Lu}][\\p{L}-]*\\s+){0,2}${EVENT}\\b`, "u");
/** "the war in 2014", "the floods of 2010", "a war in the 1990s", "the quake in August 1999". */
const EVENT_BEFORE_YEAR_RE = new RegExp(
  `\\b${EVENT}\\s+(?:of|in|during)\\s+(?:the\\s+)?(?:(?:early|late|mid-?)\\s*)?(?:\\d{1,2}\\s+)?(?:${MONTH}\\s+)?(?:\\d{1,2},?\\s+)?$`,
  "i",
);
/** The year starts something still going on: "since February 2022", "the war that began in 2014". */
const ONGOING_BEFORE_YEAR_RE = new RegExp(
  `\\b(?:since|began|begun|beginning|started|starting|erupted|broke out|launched|from|as of)\\s+(?:(?:in|on|at)\\s+)?(?:the\\s+(?:start|beginning|end)\\s+of\\s+)?(?:(?:early|late|mid-?)\\s*)?(?:\\d{1,2}\\s+)?(?:${MONTH}\\s+)?(?:\\d{1,2},?\\s+)?$`,
  "i",
);
/** A clause opened by a past date or event: "In June 2020,", "After the 2014 war,", "On Aug. 7, 1998,". */
const OPENING_RE = new RegExp(
  `^\\s*(?:back\\s+)?(?:in|on|during|after|following|in the wake of)\\s+(?:the\\s+|an?\\s+)?(?:(?:early|late|mid-?)\\s*)?(?:\\d{1,2}\\s+)?(?:${MONTH}\\s+)?(?:\\d{1,2},?\\s+)?$`,
  "i",
);
const SPEECH_RE =
  /\b(?:said|says|say|announced|announces|reported|reports|confirmed|told|stated|added|published|put|gave|estimated|counted|recorded)\b/i;
const PRESENT_SPEECH_RE = /\b(?:says|say|puts|estimates|reports|counts|states)\b/i;
/** Present perfect, "so far", "this": the figure runs up to now. */
const NOW_BETWEEN_RE =
  /\b(?:has|have)\s+(?:now\s+|so far\s+|since\s+|already\s+)?(?:killed|claimed|left|died|been|cost|taken|risen|reached)\b|\b(?:so far|to date|now|currently|this year|latest|this (?:war|conflict|quake|earthquake|disaster))\b/i;
const RELATIVE_KILL_RE =
  /\b(?:that|which|in which|when|where)\b[^.;]{0,60}?\b(?:killed|killing|claimed|claiming|left|leaving|took|taking|cost|costing|died|dead)\b/i;
const KILL_RE =
  /\b(?:killed|killing|kills|claimed|claiming|left|leaving|took the lives|cost the lives|died|dead|deaths|perished|drowned)\b/i;
/**
 * After the number: "2,251 were killed in the 2014 war", "killing 30,000 in the 1990s". Another number or
 * a comparison in between ("passed 9,000, far above the 604 killed in the 2011 quake") dates that one.
 */
const YEAR_AFTER_RE = new RegExp(
  `^(?:(?!\\b(?:than|above|below|exceeding|surpassing|compared)\\b)[^.;\\d]){0,70}?\\b(?:in|during|of)\\s+(?:the\\s+)?(?:((?:1[89]|20)\\d0s)\\b|((?:1[89]|20)\\d\\d)\\s+(?:[\\p{Lu}][\\p{L}-]*\\s+){0,2}${EVENT}\\b|${EVENT}\\s+(?:of|in)\\s+(?:${MONTH}\\s+)?((?:1[89]|20)\\d\\d)\\b)`,
  "iu",
);

/** A when-clause opened right after the year and still open at the number: ", when nearly 2,000". */
const WHEN_CLAUSE_RE = /^,?\s+when\s+[^,.;:]{0,60}$/i;
/** "..., when Russia invaded, 8,000 have been killed": a count that runs up to now. */
const HAVE_AFTER_RE = /^[^.;]{0,25}?\b(?:has|have)\b/i;

const FUTURE_BEFORE_RE = /\b(?:by|until|till|through|before)\s+$/i;
const IN_DATE_RE = new RegExp(`\\bin\\s+(?:${MONTH}\\s+)?$`, "i");

/** The year the article counts as "now": publication, else the latest plausible year it mentions. */
export function referenceYear(published: string | null, text: string): number | null {
  const year = /^(\d{4})-\d{2}/.exec(published ?? "")?.[1];
  if (year) return Number(year);
  let latest: number | null = null;
  for (const m of text.matchAll(/\b(?:19[5-9]\d|20[0-4]\d)\b(?!s)/g)) {
    // A target or forecast ("by 2030") is not now.
    if (FUTURE_BEFORE_RE.test(text.slice(Math.max(0, m.index - 10), m.index))) continue;
    const y = Number(m[0]);
    if (latest === null || y > latest) latest = y;
  }
  return latest;
}

/** Historical, earlier (a past-dated statement), or null when no past year governs the number. */
export function readPast(
  sentence: string,
  start: number,
  end: number,
  reference: number | null,
): PastReading {
  if (reference === null) return null;
  const before = sentence.slice(0, start);
  YEAR_RE.lastIndex = 0;
  let verdict: PastReading = null;
  for (let m = YEAR_RE.exec(before); m !== null; m = YEAR_RE.exec(before)) {
    const text = m[0];
    const year = Number.parseInt(text, 10);
    if (!isPast(year, text.endsWith("s"), reference)) continue;
    const head = sentence.slice(0, m.index);
    const yearEnd = m.index + text.length;
    const between = sentence.slice(yearEnd, start);
    // "the worst since 2010, when nearly 2,000 died": the when-clause tells what happened that year.
    const when = WHEN_CLAUSE_RE.test(between) && !HAVE_AFTER_RE.test(sentence.slice(end, end + 40));
    if (when && !SPEECH_RE.test(between)) return "historical";
    if (when) {
      verdict ??= "earlier";
      continue;
    }
    if (ONGOING_BEFORE_YEAR_RE.test(head.slice(-50))) continue;
    const eventYear = EVENT_AFTER_YEAR_RE.test(between) || EVENT_BEFORE_YEAR_RE.test(head.slice(-40));
    const clauseStart = Math.max(head.lastIndexOf(";") + 1, 0);
    const opening = OPENING_RE.test(head.slice(clauseStart)) || OPENING_RE.test(head);
    if (NOW_BETWEEN_RE.test(between)) continue;
    // "Since the 2011 uprising, the war killed ...": the event opens a period that runs to now.
    if (/\bsince\s+(?:the|an?)\s+$/i.test(head.slice(-12)) && /^[^.;]*?,/.test(between)) continue;
    // "After the 2020 war, 3,825 soldiers were killed, Yerevan says": today's count of an old war.
    if (opening && PRESENT_SPEECH_RE.test(sentence)) continue;
    if (opening) {
      // "In June 2020, a ferry capsized, killing 34" tells an old event; "In September 2022, the minister
      // said 5,937" recalls an old statement, unless the date names an event ("After the 2014 war, ...").
      verdict = eventYear || !SPEECH_RE.test(between) ? "historical" : "earlier";
      continue;
    }
    if (between.length > 120 || /[;]/.test(between)) continue;
    if (SPEECH_RE.test(between)) {
      if (IN_DATE_RE.test(head.slice(-16)) && !eventYear) verdict ??= "earlier";
      continue;
    }
    if (RELATIVE_KILL_RE.test(between) && between.length <= 90) return "historical";
    if (eventYear && KILL_RE.test(between)) return "historical";
  }
  if (verdict) return verdict;
  const after = YEAR_AFTER_RE.exec(sentence.slice(end, end + 120));
  if (after) {
    const year = Number.parseInt(after[1] ?? after[2] ?? after[3] ?? "", 10);
    const clause = sentence.slice(0, start);
    // "Baku says 2,908 servicemen died in the 2020 war": a fresh statement about an old war is current.
    if (
      isPast(year, after[1] !== undefined, reference) &&
      !SPEECH_RE.test(clause) &&
      !/\b(?:has|have)\s+(?:\w+\s+)?$/i.test(clause.slice(-30))
    )
      return "historical";
  }
  return null;
}

function isPast(year: number, decade: boolean, reference: number): boolean {
  return decade ? year + 9 < reference : year < reference;
}
