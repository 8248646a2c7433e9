import type { Figure, Population } from "../model/figure.ts";
import { locativeParty } from "./attribution.ts";
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
  claimant: Claimant | null;
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
  if (frame.partyHow === "anaphoric") {
    const party = subject ?? claimant?.party ?? (ITS_RE.test(unit.text) || claimant ? context.party : null);
    return { party, population: pop, inferred: true };
  }
  if (frame.partyHow === "object") {
    const place = pop === "military" ? null : (frame.place ?? locativeParty(unit.text, parties));
    return { party: place, population: pop, inferred: true };
  }
  // A people noun with no owner: the claimant's own, else the place where they died.
  if (claimant?.party) return { party: claimant.party, population: pop, inferred: true };
  if (subject && /\b(?:lost|losing|loses)\b/i.test(unit.text))
    return { party: subject, population: pop, inferred: true };
  if (pop !== "military") {
    const place = frame.place ?? locativeParty(unit.text, parties);
    if (place) return { party: place, population: pop, inferred: true };
  }
  return { party: null, population: pop, inferred: false };
}
