/**
 * Named errors of the ingestion edge. Each message is one line a person can act on:
 * which input, what is wrong, what to do. `cause` keeps the underlying error for logs.
 */
export class TollWatchError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export type FetchFailureKind =
  | "network" // DNS, connection refused or reset, TLS, a response that breaks HTTP framing
  | "timeout" // connect, headers or body took too long
  | "status" // an HTTP status that is not a success
  | "too-large" // the body (after decompression) passed the size cap
  | "too-many-redirects"
  | "blocked" // the SSRF guard refused the address or scheme
  | "content-type"; // a body that cannot be what was asked for, or cannot be decompressed

export class FeedFetchError extends TollWatchError {
  readonly url: string;
  readonly status: number | null;
  readonly kind: FetchFailureKind;
  /** Whether trying again later may succeed (network, timeout, 429, 5xx). */
  readonly retryable: boolean;
  constructor(
    message: string,
    details: {
      url: string;
      kind: FetchFailureKind;
      status?: number | null;
      retryable?: boolean;
      cause?: unknown;
    },
  ) {
    super(message, { cause: details.cause });
    this.url = details.url;
    this.kind = details.kind;
    this.status = details.status ?? null;
    this.retryable = details.retryable ?? false;
  }
}

/** The SSRF guard refused a URL: wrong scheme, or a host that resolves to a non-public address. */
export class BlockedUrlError extends FeedFetchError {
  constructor(message: string, url: string) {
    super(message, { url, kind: "blocked" });
  }
}

/** A body that is not a feed at all, or too broken to yield a single item. */
export class FeedParseError extends TollWatchError {
  readonly source: string;
  constructor(message: string, source: string, options?: { cause?: unknown }) {
    super(message, options);
    this.source = source;
  }
}

/** A page from which no article text could be extracted. */
export class ArticleParseError extends TollWatchError {
  readonly source: string;
  constructor(message: string, source: string, options?: { cause?: unknown }) {
    super(message, options);
    this.source = source;
  }
}
