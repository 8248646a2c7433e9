/**
 * What one figure does to its tally, and the version it commits. Precision first: only exact counts and
 * floors ("at least 2,718") move a tally; rounded statements, recalls, disputed claims and increments
 * are recorded and never alerted.
 */
import type { Figure } from "../model/figure.ts";
import type { AlertState, DecisionKind, Evidence, TallyKey, TallyVersion, Watch } from "../model/tally.ts";
import { isApproximate, isCumulative, isLowerBound, restates } from "./intervals.ts";

export interface DecideContext {
  /** The sentence says the count was corrected or revised down: a lower killed/wounded value then counts. */
  correctionMarked?: boolean;
  /**
   * For a figure of unspecified population: the current versions of the same party's military and civilian
   * tallies of that category. "93 Azerbaijanis" restating a civilian toll of 94 must not open a third tally.
   */
  siblings?: readonly TallyVersion[];
  /** The article the figure comes from: an article restating its own figure (edited in place) corroborates nothing. */
  doc?: string;
  /**
   * Another figure of the same tally in the same article is that article's final word on it (see
   * fold.ts finalWordsFirst). An article is one observation per tally, so this one is recorded and never
   * acts: otherwise a story retelling a toll's growth ("10, then 11, then 12 ...") alerts once per step.
   */
  outranked?: boolean;
}

/** The populations an unspecified figure may be a loose restatement of. */
export const SPECIFIC_POPULATIONS = ["military", "civilian"] as const;

export type Timing = "older" | "same" | "newer" | "unknown";

const CORRECTION_RE = new RegExp(
  [
    String.raw`\brevis(?:ed|ing|es|ion)\s+(?:[\w'’-]+\s+){0,5}?down(?:wards?)?\b`,
    String.raw`\bdownward(?:ly)?\s+revis(?:ed|ion)\b`,
    String.raw`\b(?:corrected|correcting|correction)\b`,
    String.raw`\b(?:lowered|lowers|lowering|downgraded|downgrades|reduced|reduces|cut|cuts|scaled\s+back)\s+(?:[\w'’-]+\s+){0,4}?(?:tolls?|figures?|counts?|tally|number|estimates?)\b`,
    String.raw`\b(?:tolls?|figures?|counts?|tally|number|estimates?)\s+(?:\w+\s+){0,3}?(?:was|were|has\s+been|had\s+been)\s+(?:lowered|reduced|cut|downgraded)\b`,
    String.raw`\b(?:double[-\s]counted|counted\s+twice|erroneously|mistakenly|in\s+error)\b`,
    String.raw`\blower\s+than\s+(?:previously|initially|first)\s+(?:reported|announced|stated|thought)\b`,
  ].join("|"),
  "i",
);

/** Whether a sentence marks its figure as a correction ("revised the toll down to", "corrected figures"). */
export function correctionMarked(quote: string): boolean {
  return CORRECTION_RE.test(quote);
}

/**
 * The tally a figure belongs to, or null: figures with no single party, and figures of another, past
 * event (status historical), are observed by extraction but never tallied.
 */
export function tallyKey(watch: string | Pick<Watch, "id">, figure: Figure): TallyKey | null {
  if (figure.party === null || figure.party.trim() === "" || figure.status === "historical") return null;
  return {
    watch: typeof watch === "string" ? watch : watch.id,
    party: figure.party,
    population: figure.population,
    category: figure.category,
  };
}

/**
 * Rules, in order:
 * 1. historical never touches a tally (stale, defensively: tallyKey already refuses it);
 * 2. disputed claims and increments are recorded, never revisions;
 * 3. an empty tally opens on an exact count or a floor, current or recalled; approximations never open it,
 *    nor does an unspecified figure that restates (or recalls) the same party's military or civilian toll;
 * 4. the same value: corroborate (a current, non-approximate statement) or consistent;
 * 5. a statement whose interval holds the current value restates it: consistent;
 * 6. approximations and recalled ("earlier") statements never override: stale;
 * 7. an older statement is stale;
 * 8. an exact count under a round floor that merely rounded it up replaces the floor (a refinement);
 * 9. a larger count revises; a lower killed/wounded count revises only when a correction is marked, a
 *    lower missing/captured count only when stated on a later day. On one day the larger count wins, so
 *    the final tally does not depend on arrival order;
 * 10. a figure outranked by its article's final word on the tally acts on nothing: stale where it would
 *    have opened or revised the tally, consistent where it would have corroborated it.
 */
export function decide(
  figure: Figure,
  current: TallyVersion | null,
  context: DecideContext = {},
): DecisionKind {
  const decision = decideAlone(figure, current, context);
  if (context.outranked !== true) return decision;
  if (decision === "open" || decision === "revise") return "stale";
  return decision === "corroborate" ? "consistent" : decision;
}

function decideAlone(figure: Figure, current: TallyVersion | null, context: DecideContext): DecisionKind {
  if (figure.status === "historical") return "stale";
  if (figure.disputed || figure.increment) return "disputed";
  const approximate = isApproximate(figure.qualifier);
  if (current === null) {
    if (approximate) return "consistent";
    return shadowsSibling(figure, context.siblings ?? []) ? "consistent" : "open";
  }
  if (figure.value === current.value) {
    const sameArticle = context.doc !== undefined && current.evidence.some((e) => e.doc === context.doc);
    return !approximate && figure.status === "current" && !sameArticle ? "corroborate" : "consistent";
  }
  const currentExact = current.qualifier === "exact";
  if (restates(figure, { value: current.value, exact: currentExact }, figure.category)) return "consistent";
  if (approximate || figure.status === "earlier") return "stale";

  const timing = compareStatements(figure.statedOn, current.statedOn);
  if (timing === "older") return "stale";
  if (refines(figure, current)) return "revise";
  if (figure.value > current.value) return "revise";
  // Lower from here on: killed and wounded fall only by a marked correction; missing and captured fall
  // only in a statement known to be later (an undated or same-day smaller count may be an old or partial one).
  if (isCumulative(figure.category)) return context.correctionMarked === true ? "revise" : "stale";
  return timing === "newer" ? "revise" : "stale";
}

function shadowsSibling(figure: Figure, siblings: readonly TallyVersion[]): boolean {
  if (figure.population !== "unspecified") return false;
  return siblings.some(
    (s) =>
      figure.status === "earlier" ||
      figure.value === s.value ||
      restates(figure, { value: s.value, exact: s.qualifier === "exact" }, figure.category),
  );
}

/** The version an open or revise commits; a corroboration or any other decision commits none. */
export function nextVersion(
  key: TallyKey,
  figure: Figure,
  current: TallyVersion | null,
  evidence: Evidence,
  alertState: AlertState,
): TallyVersion {
  return {
    key,
    version: (current?.version ?? 0) + 1,
    kind: current === null ? "open" : "revise",
    value: figure.value,
    qualifier: figure.qualifier,
    claimant: figure.claimant,
    // An undated statement that replaced a dated one was made no earlier than it: keeping that date stops
    // an old article read later from flipping the tally back.
    statedOn: figure.statedOn ?? current?.statedOn ?? null,
    observedAt: evidence.observedAt,
    previousValue: current?.value ?? null,
    evidence: [evidence],
    corroborations: 0,
    alertState,
  };
}

/** How a statement's date relates to the current version's: an undated current yields to a dated one. */
export function compareStatements(statedOn: string | null, currentStatedOn: string | null): Timing {
  const mine = isoDay(statedOn);
  const theirs = isoDay(currentStatedOn);
  if (mine === null && theirs === null) return "same";
  if (theirs === null) return "newer";
  if (mine === null) return "unknown";
  if (mine === theirs) return "same";
  return mine < theirs ? "older" : "newer";
}

function isoDay(date: string | null): string | null {
  const m = /^\d{4}-\d{2}-\d{2}/.exec(date ?? "");
  return m === null ? null : m[0];
}

/** An exact count under a round floor that only rounded it up ("more than 2,800" for 2,783) replaces it. */
function refines(figure: Figure, current: TallyVersion): boolean {
  return (
    figure.qualifier === "exact" &&
    isLowerBound(current.qualifier) &&
    figure.value < current.value &&
    restates(current, { value: figure.value, exact: true }, figure.category)
  );
}
