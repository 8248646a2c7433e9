import type { Figure, Population } from "../model/figure.ts";
import { attackersOf, eventParty, locativeParty, sidesOf } from "./attribution.ts";
import type { Claimant } from "./claimants.ts";
import type { Frame } from "./frames.ts";
import type { PartyMention } from "./parties.ts";

/**
 * Whose figure it is when the sentence does not say it next to the number: the figure before it
 * (elided heads), the clause's subject ("of its"), the claimant, or the place where the people died.
 */

/** What earlier sentences leave for later ones. */
export interface Context {
  party: string | null;
  /** The one country the article is about (see soleParty); null for two-sided or unclear stories. */
  sole?: string | null;
  claimant: Claimant | null;
  /**
   * The one party every figure so far has belonged to, while the article has named only one: a stand-in
   * for `sole` in stories whose later paragraphs name other countries in passing (aid, comparisons).
   */
  running?: string | null;
  last: { category: Figure["category"]; population: Population; party: string | null; unit: number } | null;
}

export interface Unit {
  text: string;
  start: number;
  end: number;
  paragraph: number;
  /** A title that the text does not repeat: figures from it have no span in the text. */
  detached: boolean;
}

const ITS_RE = /\b(?:its|their|it|they)\b/i;

export interface Resolved {
  party: string | null;
  population: Population;
  inferred: boolean;
  category?: Figure["category"];
}

export function resolve(
  frame: Frame,
  unit: Unit,
  index: number,
  parties: readonly PartyMention[],
  claimant: Claimant | null,
  subject: string | null,
  context: Context,
  before: readonly Figure[],
  previousEnd: readonly number[],
): Resolved | null {
  const population = frame.population;
  if (frame.fromContext) {
    const prev = before.at(-1);
    const last = context.last;
    if (prev)
      return {
        party: prev.party,
        population: population ?? prev.population,
        inferred: true,
        category: prev.category,
      };
    if (last && index - last.unit <= 3) {
      return {
        party: last.party,
        population: population ?? last.population,
        inferred: true,
        category: last.category,
      };
    }
    return null;
  }
  if (frame.partyHow === "np")
    return { party: frame.party, population: population ?? "unspecified", inferred: false };
  if (frame.partyHow === "elided") {
    const prev = before.at(-1);
    if (prev) return { party: prev.party, population: population ?? prev.population, inferred: true };
    const last = context.last;
    if (last && index - last.unit <= 2) {
      return { party: last.party, population: population ?? last.population, inferred: true };
    }
    const party = claimant?.party ?? subject ?? null;
    return { party, population: population ?? "unspecified", inferred: true };
  }
  if (frame.partyHow === "headless") {
    const prev = before.at(-1);
    const prevEnd = previousEnd.at(-1) ?? -1000;
    if (prev && frame.mention.start - prevEnd < 60) {
      return { party: prev.party, population: prev.population, inferred: true };
    }
  }
  const pop = population ?? "unspecified";
  const at = frame.mention.start;
  const after = unit.text.slice(frame.mention.end, frame.mention.end + 50);
  // "Israel said 160 of those killed were fighters": a claimant counting the enemy or others' dead.
  const partitive = PARTITIVE_AFTER_RE.test(after);
  const others = partitive || ENEMY_AFTER_RE.test(after);
  if (partitive && frame.partyHow !== "object") {
    const last = before.at(-1) ?? (context.last && index - context.last.unit <= 2 ? context.last : null);
    if (last) return { party: last.party, population: pop, inferred: true };
  }
  // "The ministry said its overall toll stood at 7,028": the toll is the speaker's, as "of its" would be.
  const ownToll = frame.partyHow === "bare" && OWN_TOLL_RE.test(unit.text.slice(Math.max(0, at - 60), at));
  if (frame.partyHow === "anaphoric" || ownToll) {
    // "The defence ministry of Nagorno-Karabakh said 772 of its servicemen": "its" is that unknown side.
    if (claimant?.ownerUnknown) return { party: null, population: pop, inferred: false };
    if (others) return fallback(unit, parties, claimant, context, pop, at, false);
    const party = subject ?? claimant?.party ?? (ITS_RE.test(unit.text) || claimant ? context.party : null);
    if (party) return { party, population: pop, inferred: true };
    return fallback(unit, parties, claimant, context, pop, at);
  }
  if (frame.partyHow === "object") {
    const prev = before.at(-1);
    const prevEnd = previousEnd.at(-1);
    // "killed 232 Palestinians ... and wounded more than 1,900": one subject, one set of victims.
    if (prev && prevEnd !== undefined && AND_VERB_GAP_RE.test(unit.text.slice(prevEnd, at)))
      return { party: prev.party, population: pop, inferred: true };
    const place =
      pop === "military"
        ? null
        : (frame.place ?? locativeParty(unit.text, parties) ?? eventParty(unit.text, parties, at));
    if (place) return { party: place, population: pop, inferred: true };
    return fallback(unit, parties, claimant, context, pop, at, !others);
  }
  // "The ministry said 40 prisoners died" right after its count of the enemy's POWs: the captives are the
  // side just counted, not the speaker's, whose side holds them.
  const lastHere = context.last && index - context.last.unit <= 3 ? context.last : null;
  if (
    claimant?.party &&
    CAPTIVES_AFTER_RE.test(after) &&
    lastHere?.population === "military" &&
    lastHere.party &&
    lastHere.party !== claimant.party
  )
    return { party: lastHere.party, population: "military", inferred: true };
  // "Kyiv claims Russia lost 1,030 soldiers": the loser named before "lost", whoever speaks.
  const loser = loserBefore(unit.text, parties, at);
  if (loser) return { party: loser, population: pop, inferred: true };
  // A people noun with no owner: the claimant's own, else the place where they died.
  if (claimant?.party && !others) return { party: claimant.party, population: pop, inferred: true };
  // "Indonesia revises stadium crush toll down to 125": a country reporting its own toll, as a claimant would.
  if (subject && pop !== "military" && !others && reportsOwn(unit.text, parties, subject, at))
    return { party: subject, population: pop, inferred: true };
  if (subject && /\b(?:lost|losing|loses)\b/i.test(unit.text))
    return { party: subject, population: pop, inferred: true };
  // "bringing the combined toll in both countries to 46,900": a sum over places is no one place's.
  if (BOTH_SIDES_RE.test(unit.text.slice(Math.max(0, at - 60), at)))
    return { party: null, population: pop, inferred: false };
  if (pop !== "military") {
    const place = frame.place ?? locativeParty(unit.text, parties);
    if (place) return { party: place, population: pop, inferred: true };
  }
  if (others && claimant?.party) return { party: null, population: pop, inferred: false };
  return fallback(unit, parties, claimant, context, pop, at, !others);
}

const REPORTS_AFTER_RE =
  /^\s+(?:(?:has|have|had)\s+)?(?:says?|said|revis\w+|rais\w+|lower\w+|updat\w+|reports?|reported|confirms?|confirmed|puts?)\b[^.;\d]*$/i;

/** The subject names itself and then reports: "Ukraine says 21 dead", "Indonesia revises toll to 125". */
function reportsOwn(text: string, parties: readonly PartyMention[], subject: string, at: number): boolean {
  const mention = parties.findLast((p) => p.party === subject && p.end <= at && p.kind !== "demonym");
  if (!mention || parties.some((p) => p.party !== subject && p.start < at)) return false;
  return REPORTS_AFTER_RE.test(text.slice(mention.end, at));
}

const CAPTIVES_AFTER_RE = /^\s+(?:[\p{Ll}-]+\s+)?(?:prisoners|POWs|captives|detainees)\b/u;
const LOST_GAP_RE =
  /^\s+(?:(?:has|have|had)\s+)?(?:lost|loses|losing)\s+(?:(?:about|around|some|nearly|almost|roughly|at least|more than|over|up to|as many as)\s+)?$/i;

function loserBefore(text: string, parties: readonly PartyMention[], at: number): string | null {
  for (let i = parties.length - 1; i >= 0; i--) {
    const p = parties[i];
    if (!p || p.end > at) continue;
    return p.kind !== "demonym" && LOST_GAP_RE.test(text.slice(p.end, at)) ? p.party : null;
  }
  return null;
}

const OWN_TOLL_RE =
  /\b(?:its|their)\s+(?:[\p{Ll}-]+\s+){0,2}?(?:death\s+)?(?:toll|count|tally)\b[^.;,\d]{0,30}$/u;
const AND_VERB_GAP_RE =
  /^[^.;\d]{0,50}\band\s+(?:(?:has|have|had)\s+)?(?:wounded|injured|hurt|killed)\b[^.;,\d]{0,20}$/i;
const ENEMY_AFTER_RE =
  /^\s*(?:[\p{Ll}-]+\s+){0,2}?(?:militants?|terrorists?|insurgents?|fighters?|gunmen|rebels?|separatists?|jihadists?|enemy|attackers?|assailants?)\b/iu;
const PARTITIVE_AFTER_RE = /^\s+of\s+(?:those|the dead|the victims|them|whom|the killed)\b/i;
const TEASER_RE = /^\s*(?:READ MORE|RELATED|ALSO READ|SEE ALSO|WATCH|MORE)\s*:/i;
/** "in the early 1990s", "the first war": another event than the one the article is about. */
const PAST_ERA_RE =
  /\b1[89]\d\d\b|\b(?:1[89]|20)\d0s\b|\b(?:first|previous|last|earlier|former)\s+(?:war|conflict|round)\b/i;
const BOTH_SIDES_RE = /\b(?:both sides|either side|each side|combined|(?:two|both) countries)\b/i;

/**
 * The last resort for a figure the sentence leaves unowned: the place whose toll or event it is
 * ("Sudan fighting has killed"), else the article's one country when the sentence names no other side.
 */
function fallback(
  unit: Unit,
  parties: readonly PartyMention[],
  claimant: Claimant | null,
  context: Context,
  population: Population,
  at: number,
  /** false when the figure counts the speaker's enemy: the article's own country is then no guess. */
  ownSide = true,
): Resolved {
  const event = eventParty(unit.text, parties, at);
  if (event) return { party: event, population, inferred: true };
  // People counted without a side are where the story's dead so far were; soldiers may be either side's.
  const sole = context.sole ?? (population === "military" ? null : context.running);
  const usable =
    ownSide &&
    sole &&
    !PAST_ERA_RE.test(unit.text) &&
    !claimant?.ownerUnknown &&
    (claimant?.party ?? sole) === sole &&
    !TEASER_RE.test(unit.text) &&
    !BOTH_SIDES_RE.test(unit.text) &&
    sidesOf(unit.text, parties).every((p) => p.party === sole) &&
    !attackersOf(unit.text, parties).includes(sole);
  return usable ? { party: sole, population, inferred: true } : { party: null, population, inferred: false };
}

/**
 * "Russia raises Makiivka toll to 89" above "the number of Russian servicemen killed has risen to 89": the
 * same party's same count, restated with its people named, tells whom the bare figure counts.
 */
export function specifyPopulations(figures: Figure[]): Figure[] {
  return figures.map((f) => {
    if (f.population !== "unspecified" || f.party === null) return f;
    const named = new Set(
      figures
        .filter((g) => g.party === f.party && g.category === f.category && g.value === f.value)
        .map((g) => g.population)
        .filter((p) => p !== "unspecified"),
    );
    const [only] = named;
    return named.size === 1 && only ? { ...f, population: only } : f;
  });
}
