/** Backoff for retried requests: exponential with full jitter, or the server's Retry-After when it gives one. */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the fetch fails and the next cycle tries again. */
  maxRetryAfterMs: number;
}

/** Delay before retry number `attempt` (1-based): a random point in [0, min(max, base * 2^(attempt-1))]. */
export function backoffDelay(
  policy: RetryPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling * random());
}

/** Parses Retry-After (delta seconds or an HTTP date) into milliseconds from `now`; null when absent or invalid. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}

/** HTTP statuses worth another try: rate limiting and server-side failures. Other 4xx are final. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 408 || (status >= 500 && status <= 599);
}
