/** Which committed versions deserve an alert (pure): the answer is stored as the version's alert state. */
import type { Category } from "../model/figure.ts";
import type { TallyVersion } from "../model/tally.ts";

export interface AlertPolicy {
  /** Alert when a tally gets its first official figure, not only when it is revised. */
  onOpen: boolean;
  /** A revision alerts only if |new − old| is at least this many people... */
  minAbsoluteDelta: number;
  /** ...and at least this fraction of the old value (0.05 = 5 %). Both thresholds must be met. */
  minRelativeDelta: number;
  /** Parties to alert on (matched without regard to case); null = every party. */
  parties: string[] | null;
  categories: Category[] | null;
  /**
   * Alert on versions built from disputed figures (denied, "allegedly"). Reconciliation records
   * disputed figures as observations and never commits a version from them today, so this switch
   * changes nothing yet; it exists so that a future "disputed" version is silenced by default.
   */
  disputed: boolean;
}

export const DEFAULT_POLICY: AlertPolicy = {
  onOpen: true,
  minAbsoluteDelta: 0,
  minRelativeDelta: 0,
  parties: null,
  categories: null,
  disputed: false,
};

/** A version may one day carry the disputed flag of its figure; today none does. */
function isDisputed(version: TallyVersion): boolean {
  return (version as TallyVersion & { disputed?: unknown }).disputed === true;
}

/** |to − from| / from; a change from 0 is infinitely large, no change from 0 is none. */
export function relativeDelta(from: number, to: number): number {
  const delta = Math.abs(to - from);
  if (delta === 0) return 0;
  return from === 0 ? Number.POSITIVE_INFINITY : delta / Math.abs(from);
}

export function alertStateFor(version: TallyVersion, policy: AlertPolicy): "pending" | "suppressed" {
  return wantsAlert(version, policy) ? "pending" : "suppressed";
}

function wantsAlert(version: TallyVersion, policy: AlertPolicy): boolean {
  if (isDisputed(version) && !policy.disputed) return false;
  if (policy.parties !== null) {
    const party = version.key.party.toLowerCase();
    if (!policy.parties.some((p) => p.toLowerCase() === party)) return false;
  }
  if (policy.categories !== null && !policy.categories.includes(version.key.category)) return false;
  // A "revise" without a previous value cannot be measured against the thresholds: it is an opening.
  if (version.kind === "open" || version.previousValue === null) return policy.onOpen;
  const from = version.previousValue;
  return (
    Math.abs(version.value - from) >= policy.minAbsoluteDelta &&
    relativeDelta(from, version.value) >= policy.minRelativeDelta
  );
}
