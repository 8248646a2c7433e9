/**
 * The commit step: one article's figures against the stored tallies. The same rules as the pure fold
 * (lib/tally/fold.ts reconcileAll), applied one conditional write at a time so that workers racing on a
 * tally never both commit its next version: the loser re-reads and decides again against the winner.
 */
import type { Figure } from "../model/figure.ts";
import type { DecisionKind, Evidence, TallyKey, TallyVersion, Watch } from "../model/tally.ts";
import { type AlertPolicy, alertStateFor } from "../notify/policy.ts";
import type { TallyStore } from "../store/ports.ts";
import {
  correctionMarked,
  decide,
  finalWordsFirst,
  matchWatches,
  nextVersion,
  SPECIFIC_POPULATIONS,
  tallyKey,
} from "../tally/index.ts";

/** Past this many lost races on one figure the tally is too busy to decide now; the article is retried. */
const MAX_ATTEMPTS = 8;

export interface CommitDeps {
  store: TallyStore;
  policy: AlertPolicy;
  now: () => Date;
}

/** An article as the commit step needs it; `doc` is its URL, or its path on local runs. */
export interface CommittedArticle {
  doc: string;
  outlet: string | null;
  title: string | null;
  text: string;
  published: string | null;
}

/** What one figure did to one watch's tally. */
export interface CommitOutcome {
  watch: string;
  key: TallyKey;
  figure: Figure;
  decision: DecisionKind;
  /** The version decided against: 0 when the tally was empty. */
  againstVersion: number;
  /** The version committed (open, revise), or the one corroborated; null for every other decision. */
  version: TallyVersion | null;
}

/** The tally was rewritten under us on every attempt; nothing of this figure was recorded. */
export class CommitContentionError extends Error {
  constructor(key: TallyKey, attempts: number) {
    super(
      `tally ${key.watch}/${key.party}/${key.population}/${key.category} changed under ${attempts} attempts in a row; retry the article later`,
    );
    this.name = "CommitContentionError";
  }
}

/**
 * Records every tallied figure of an article for each watch it belongs to (DEFAULT_WATCH when none is
 * configured), as the fold does: the article's final word on each tally first, the only figure that may
 * act on it, then the figures it outranks; an observation for each.
 *
 * @throws CommitContentionError after MAX_ATTEMPTS lost races on one tally; store errors as they come.
 */
export async function recordArticle(
  deps: CommitDeps,
  article: CommittedArticle,
  figures: readonly Figure[],
  watches: readonly Watch[],
): Promise<CommitOutcome[]> {
  const outcomes: CommitOutcome[] = [];
  for (const watch of matchWatches(article, watches)) {
    const tallied = figures.flatMap((figure) => {
      const key = tallyKey(watch, figure);
      return key === null ? [] : [{ key, figure }];
    });
    for (const { event, outranked } of finalWordsFirst(tallied)) {
      const { key, figure } = event;
      const evidence: Evidence = {
        doc: article.doc,
        outlet: article.outlet,
        quote: figure.quote,
        observedAt: deps.now().toISOString(),
      };
      const outcome = await recordFigure(deps, watch, key, figure, evidence, outranked);
      await deps.store.addObservation({
        key,
        figure,
        evidence,
        decision: outcome.decision,
        againstVersion: outcome.againstVersion,
      });
      outcomes.push(outcome);
    }
  }
  return outcomes;
}

async function recordFigure(
  deps: CommitDeps,
  watch: string,
  key: TallyKey,
  figure: Figure,
  evidence: Evidence,
  outranked: boolean,
): Promise<CommitOutcome> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const current = await deps.store.currentVersion(key);
    // Only an unspecified figure on an empty tally needs its siblings: two extra reads, rarely.
    const siblings =
      current === null && key.population === "unspecified"
        ? (
            await Promise.all(
              SPECIFIC_POPULATIONS.map((population) => deps.store.currentVersion({ ...key, population })),
            )
          ).filter((v): v is TallyVersion => v !== null)
        : [];
    const decision = decide(figure, current, {
      correctionMarked: correctionMarked(figure.quote),
      siblings,
      doc: evidence.doc,
      outranked,
    });
    const outcome = { watch, key, figure, decision, againstVersion: current?.version ?? 0, version: null };
    if (decision === "open" || decision === "revise") {
      const next = nextVersion(key, figure, current, evidence, "pending");
      const version: TallyVersion = { ...next, alertState: alertStateFor(next, deps.policy) };
      if ((await deps.store.commitVersion(version)) === "conflict") continue;
      return { ...outcome, version };
    }
    if (decision === "corroborate" && current !== null) {
      const count = await deps.store.incrementCorroboration(key, current.version, evidence.doc);
      // null: the version read a moment ago is gone, which only a reset table does; decide afresh.
      if (count === null) continue;
      return { ...outcome, version: { ...current, corroborations: count } };
    }
    return outcome;
  }
  throw new CommitContentionError(key, MAX_ATTEMPTS);
}
