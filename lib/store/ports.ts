import type { Observation, TallyKey, TallyVersion } from "../model/tally.ts";
import type { ArticleRecord, FeedState, Page, PageOptions } from "./records.ts";

/**
 * The small ports the pipeline depends on. DynamoStore implements them all against one table; tests
 * of the pipeline may implement them in memory.
 */
export interface TallyStore {
  /** The newest version, read consistently: the base for the next decision. */
  currentVersion(key: TallyKey): Promise<TallyVersion | null>;
  getVersion(key: TallyKey, version: number): Promise<TallyVersion | null>;
  /** "conflict": someone else committed that version number first; re-read and re-decide. */
  commitVersion(version: TallyVersion): Promise<"committed" | "conflict">;
  addObservation(observation: Observation): Promise<void>;
  /**
   * Counts `doc` as corroborating the version, once however often it is asked (a retried request, an
   * article read again): the version's corroboration count, or null when that version does not exist.
   */
  incrementCorroboration(key: TallyKey, version: number, doc: string): Promise<number | null>;
}

export interface HistoryStore {
  /** Newest first. */
  versions(key: TallyKey, options?: PageOptions): Promise<Page<TallyVersion>>;
  observations(key: TallyKey, options?: PageOptions): Promise<Page<Observation>>;
  /** The newest version of every tally. */
  allTallies(): Promise<TallyVersion[]>;
  /** Versions of all tallies observed at or after an ISO 8601 UTC time, oldest first. */
  revisionsSince(isoTime: string, options?: PageOptions): Promise<Page<TallyVersion>>;
}

export interface AlertStore {
  /** Versions whose alert is still pending, oldest first. */
  pendingAlerts(options?: { limit?: number }): Promise<TallyVersion[]>;
  /** True for the one caller that moved it from pending to sent; false if it was not pending. */
  markAlertSent(key: TallyKey, version: number): Promise<boolean>;
}

export interface FeedStateStore {
  getFeedState(id: string): Promise<FeedState | null>;
  putFeedState(state: FeedState): Promise<void>;
}

export interface ArticleStore {
  getArticle(url: string): Promise<ArticleRecord | null>;
  putArticle(record: ArticleRecord): Promise<void>;
}
