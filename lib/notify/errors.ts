/**
 * A sink could not deliver an alert. The message is one line a person can act on; the caller keeps
 * the alert pending so that the next sweep sends it again.
 */
export class AlertDeliveryError extends Error {
  /** The sink that failed: "sns", "webhook", "jsonl", "console". */
  readonly sink: string;
  /** Whether trying again later may succeed (throttling, 5xx, network, timeout). */
  readonly retryable: boolean;
  /** The HTTP status the destination answered, when it answered. */
  readonly status: number | null;
  constructor(
    message: string,
    details: { sink: string; retryable: boolean; status?: number | null; cause?: unknown },
  ) {
    super(message, { cause: details.cause });
    this.name = "AlertDeliveryError";
    this.sink = details.sink;
    this.retryable = details.retryable;
    this.status = details.status ?? null;
  }
}

/** The cause's own words, for the one-line message: "TimeoutError: ...". */
export function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    const text = `${cause.name}: ${cause.message}`.replace(/\s+/g, " ").trim();
    return text.length > 200 ? `${text.slice(0, 199)}…` : text;
  }
  return String(cause);
}
