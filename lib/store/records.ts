/** What the poller remembers about one feed between polls. */
export interface FeedState {
  id: string;
  /** Validators for the next conditional GET. */
  etag: string | null;
  lastModified: string | null;
  /** ISO 8601: the last poll, and the last poll that found a changed feed. */
  checkedAt: string | null;
  changedAt: string | null;
  /**
   * ISO 8601: the last poll that read the feed's items, changed or not (the re-check schedule's last
   * pass). Absent in states written before it existed: changedAt stands in.
   */
  readAt?: string | null;
  /** Consecutive failed polls; reset to 0 by a success. */
  failures: number;
  lastError: string | null;
}

/** What is remembered about one article, to skip it unless its content changed. */
export interface ArticleRecord {
  url: string;
  contentHash: string;
  /** ISO 8601. */
  firstSeen: string;
  lastSeen: string;
  figureCount: number;
  /** Validators of the page's last fetch, for the conditional re-check of a recent article. */
  etag: string | null;
  lastModified: string | null;
  /** Epoch seconds (DynamoDB TTL's unit) after which the record may be deleted. */
  expiresAt: number;
}

/** One page of a paginated read; cursor is null on the last page and opaque otherwise. */
export interface Page<T> {
  items: T[];
  cursor: string | null;
}

export interface PageOptions {
  limit?: number;
  cursor?: string | null;
}
