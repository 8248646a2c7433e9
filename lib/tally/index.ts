export type { FoldResult, TallyEvent, Weighed } from "./fold.ts";
export { currentTallies, finalWordsFirst, keyString, precisionFirst, reconcileAll } from "./fold.ts";
export { isCumulative, qualifierInterval } from "./intervals.ts";
export type { DecideContext, Timing } from "./reconcile.ts";
export {
  compareStatements,
  correctionMarked,
  decide,
  nextVersion,
  SPECIFIC_POPULATIONS,
  tallyKey,
} from "./reconcile.ts";
export type { WatchedArticle } from "./watches.ts";
export { DEFAULT_WATCH, matchWatches, mentions } from "./watches.ts";
