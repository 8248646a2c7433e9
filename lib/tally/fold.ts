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

/** Applies decide to each event in order (one article's figures most precise first). */
export function reconcileAll(events: readonly TallyEvent[]): FoldResult {
  const versions: TallyVersion[] = [];
  const observations: Observation[] = [];
  const latest = new Map<string, number>();

  for (const event of inArticleOrder(events)) {
    const key = tallyKey(event.watch, event.figure);
    if (key === null) continue;
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

function inArticleOrder(events: readonly TallyEvent[]): TallyEvent[] {
  const ordered: TallyEvent[] = [];
  let run: TallyEvent[] = [];
  for (const event of events) {
    const head = run[0];
    if (head !== undefined && (head.evidence.doc !== event.evidence.doc || head.watch !== event.watch)) {
      ordered.push(...precisionFirst(run));
      run = [];
    }
    run.push(event);
  }
  ordered.push(...precisionFirst(run));
  return ordered;
}
