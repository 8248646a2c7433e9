/** The whole of reconciliation as one pure fold: what the replay command and the tests run. */
import type { Figure } from "../model/figure.ts";
import type { Evidence, Observation, TallyKey, TallyVersion } from "../model/tally.ts";
import { precisionRank } from "./intervals.ts";
import { correctionMarked, decide, nextVersion, SPECIFIC_POPULATIONS, tallyKey } from "./reconcile.ts";

export interface TallyEvent {
  watch: string;
  figure: Figure;
  evidence: Evidence;
}

type KeyedEvent = TallyEvent & { key: TallyKey };

export interface FoldResult {
  /** Every committed version, in commit order; corroborations are counted on the version they confirm. */
  versions: TallyVersion[];
  /** Every tallied figure with its decision; figures with no tally (no party, historical) are left out. */
  observations: Observation[];
}

export function keyString(key: TallyKey): string {
  return [key.watch, key.party, key.population, key.category].join("#");
}

/**
 * Within one article, exact counts before floors before approximations: a headline's "more than 2,800"
 * must not run ahead of the body's 2,855. Stable, so figures of equal precision keep text order.
 */
export function precisionFirst<T extends { figure: Figure }>(events: readonly T[]): T[] {
  return events
    .map((event, index) => ({ event, index }))
    .sort(
      (a, b) =>
        precisionRank(b.event.figure.qualifier) - precisionRank(a.event.figure.qualifier) ||
        a.index - b.index,
    )
    .map(({ event }) => event);
}

/** One figure of an article, and whether the article's final word on its tally is another figure. */
export interface Weighed<T> {
  event: T;
  outranked: boolean;
}

/** Weighing figures of one article needs no provenance: only their order and values matter. */
const WEIGHING: Evidence = { doc: "", outlet: null, quote: "", observedAt: "" };

/**
 * One article is one observation per tally. Its figures of one tally are first reconciled with each
 * other, by the rules that reconcile articles (most precise first, then decide): the figure left standing
 * is the article's final word on that tally, the newest statement of it, and the only one that may open,
 * revise or corroborate the stored tally. Final words come first, the rest after them, outranked, so
 * that they are decided against what the final word left and recorded without acting. An article that
 * retells a toll's growth ("10 on Monday, 25 by Wednesday") then opens or revises it once, at its end.
 */
export function finalWordsFirst<T extends { key: TallyKey; figure: Figure }>(
  events: readonly T[],
): Weighed<T>[] {
  const ordered = precisionFirst(events);
  const standing = new Map<string, { event: T; version: TallyVersion }>();
  for (const event of ordered) {
    const id = keyString(event.key);
    const held = standing.get(id)?.version ?? null;
    const decision = decide(event.figure, held, { correctionMarked: correctionMarked(event.figure.quote) });
    if (decision === "open" || decision === "revise") {
      standing.set(id, { event, version: nextVersion(event.key, event.figure, held, WEIGHING, "pending") });
    }
  }
  const finals = new Set([...standing.values()].map(({ event }) => event));
  return [
    ...ordered.filter((event) => finals.has(event)).map((event) => ({ event, outranked: false })),
    ...ordered.filter((event) => !finals.has(event)).map((event) => ({ event, outranked: true })),
  ];
}

/** Applies decide to each event in order (one article's final words on its tallies first). */
export function reconcileAll(events: readonly TallyEvent[]): FoldResult {
  const versions: TallyVersion[] = [];
  const observations: Observation[] = [];
  const latest = new Map<string, number>();

  for (const { event, outranked } of inArticleOrder(events)) {
    const { key } = event;
    const id = keyString(key);
    const at = latest.get(id);
    const current = at === undefined ? null : (versions[at] ?? null);
    const siblings =
      key.population === "unspecified"
        ? SPECIFIC_POPULATIONS.flatMap((population) => {
            const index = latest.get(keyString({ ...key, population }));
            const version = index === undefined ? undefined : versions[index];
            return version === undefined ? [] : [version];
          })
        : [];
    const decision = decide(event.figure, current, {
      correctionMarked: correctionMarked(event.figure.quote),
      siblings,
      doc: event.evidence.doc,
      outranked,
    });
    observations.push({
      key,
      figure: event.figure,
      evidence: event.evidence,
      decision,
      againstVersion: current?.version ?? 0,
    });
    if (decision === "open" || decision === "revise") {
      latest.set(id, versions.length);
      versions.push(nextVersion(key, event.figure, current, event.evidence, "pending"));
    } else if (decision === "corroborate" && current !== null && at !== undefined) {
      versions[at] = { ...current, corroborations: current.corroborations + 1 };
    }
  }
  return { versions, observations };
}

/** The current version of every tally after a fold, keyed by keyString. */
export function currentTallies(versions: readonly TallyVersion[]): Map<string, TallyVersion> {
  const current = new Map<string, TallyVersion>();
  for (const version of versions) {
    const id = keyString(version.key);
    if ((current.get(id)?.version ?? 0) < version.version) current.set(id, version);
  }
  return current;
}

function inArticleOrder(events: readonly TallyEvent[]): Weighed<KeyedEvent>[] {
  const ordered: Weighed<KeyedEvent>[] = [];
  let run: KeyedEvent[] = [];
  let head: TallyEvent | undefined;
  for (const event of events) {
    if (head !== undefined && (head.evidence.doc !== event.evidence.doc || head.watch !== event.watch)) {
      ordered.push(...finalWordsFirst(run));
      run = [];
    }
    head = event;
    const key = tallyKey(event.watch, event.figure);
    if (key !== null) run.push({ ...event, key });
  }
  ordered.push(...finalWordsFirst(run));
  return ordered;
}
