import type { Category, Figure, Population, Qualifier } from "./figure.ts";

/** One count followed over time: watch x party x population x category. */
export interface TallyKey {
  /** The watch (one event the user follows, from the config) the figure's article belongs to. */
  watch: string;
  party: string;
  population: Population;
  category: Category;
}

/** What reconciliation decides for one figure against its tally's current version. */
export type DecisionKind = "open" | "revise" | "corroborate" | "consistent" | "stale" | "disputed";

/** Where a figure was read: the article and the words that state it. */
export interface Evidence {
  /** The article's URL, or its file path for local runs. */
  doc: string;
  outlet: string | null;
  quote: string;
  /** When Toll Watch read it (ISO 8601). */
  observedAt: string;
}

/** Alert state of a version: pending until published and marked, suppressed when the policy says no alert. */
export type AlertState = "pending" | "sent" | "suppressed";

/** One version of a tally: the commit point of a revision. Version 1 opens the tally. */
export interface TallyVersion {
  key: TallyKey;
  version: number;
  kind: "open" | "revise";
  value: number;
  qualifier: Qualifier;
  claimant: string | null;
  /** The statement's date (YYYY-MM-DD); orders statements, not the order articles arrive in. */
  statedOn: string | null;
  observedAt: string;
  /** The value this version replaced; null when opening. */
  previousValue: number | null;
  /** The article(s) behind this version; corroborating articles are added to observations. */
  evidence: Evidence[];
  /** How many other outlets stated the same value since this version was committed. */
  corroborations: number;
  alertState: AlertState;
}

/** Every sighting of a figure, with its decision, kept for audit and corroboration counts. */
export interface Observation {
  key: TallyKey;
  figure: Figure;
  evidence: Evidence;
  decision: DecisionKind;
  /** The version the decision was made against (0 when the tally was empty). */
  againstVersion: number;
}

/** One event the user follows: its articles are those that match any of its phrases (and its date window). */
export interface Watch {
  id: string;
  title: string;
  phrases: string[];
  /** Inclusive YYYY-MM-DD bounds on the article's publication date. */
  from?: string | null;
  to?: string | null;
}
