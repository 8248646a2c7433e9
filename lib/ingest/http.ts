import type { lookup as dnsLookup } from "node:dns";
import { Agent, type Dispatcher, request } from "undici";
import { USER_AGENT } from "../version.ts";
import { AddressGuard } from "./address-guard.ts";
import { BodyTooLargeError, readCappedBody } from "./body.ts";
import { BlockedUrlError, FeedFetchError } from "./errors.ts";
import { HostLimiter } from "./host-limiter.ts";
import { backoffDelay, isRetryableStatus, parseRetryAfter, type RetryPolicy } from "./retry.ts";

/** Every knob of the HTTP policy, with the defaults below. Times in milliseconds, sizes in bytes. */
export interface HttpPolicy {
  connectTimeoutMs: number;
  /** Time to the response headers. */
  headersTimeoutMs: number;
  /** Longest silence between two chunks of the body. */
  bodyTimeoutMs: number;
  /** Whole request, body included: a server that drips one byte a second cannot hold a worker. */
  totalTimeoutMs: number;
  /** Cap on the body, applied on the wire and again after decompression. */
  maxBodyBytes: number;
  maxRedirects: number;
  userAgent: string;
  perHostConcurrency: number;
  /** Minimum time between the starts of two requests to one host. */
  perHostDelayMs: number;
  retry: RetryPolicy;
  /** Non-public hosts that may be reached anyway (local testing): names, addresses or CIDR ranges. */
  allowPrivateHosts: readonly string[];
  /** Apply the SSRF guard to feed URLs too, not only to article links. Off: feed URLs come from the owner's config. */
  guardFeedUrls: boolean;
}

export const DEFAULT_HTTP_POLICY: HttpPolicy = {
  connectTimeoutMs: 10_000,
  headersTimeoutMs: 15_000,
  bodyTimeoutMs: 15_000,
  totalTimeoutMs: 45_000,
  maxBodyBytes: 5 * 1024 * 1024,
  maxRedirects: 5,
  userAgent: USER_AGENT,
  perHostConcurrency: 2,
  perHostDelayMs: 1_000,
  retry: { retries: 3, baseDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: 60_000 },
  allowPrivateHosts: [],
  guardFeedUrls: false,
};

/** Seams for tests: DNS, time and randomness. */
export interface HttpDependencies {
  lookup?: typeof dnsLookup;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export interface FetchRequest {
  url: string;
  /** What is asked for: decides the Accept header and which content types are acceptable. */
  purpose: "feed" | "article";
  /**
   * Where the URL came from. "config": the operator wrote it (a configured feed, a URL typed on the command
   * line), so it is fetched unguarded unless the policy says otherwise. "feed": read from a feed someone else
   * wrote, always behind the SSRF guard. Defaults: "config" for feeds, "feed" for articles.
   */
  origin?: "config" | "feed";
  etag?: string | null;
  lastModified?: string | null;
  signal?: AbortSignal;
}

interface Validators {
  etag: string | null;
  lastModified: string | null;
}

type Fetched =
  | ({
      status: "ok";
      /** The URL that answered, after redirects. */
      url: string;
      httpStatus: number;
      contentType: string | null;
      bytes: Uint8Array;
    } & Validators)
  | ({ status: "not-modified"; url: string } & Validators);

/** What a fetch returns; `attempts` counts the tries it took (1 when the first one answered). */
export type FetchResult = Fetched & { attempts: number };

const ACCEPT = {
  feed: "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5",
  article: "text/html, application/xhtml+xml;q=0.9, text/plain;q=0.5",
} as const;

// Feeds are often served as text/html or octet-stream, so the parser decides for those; these can never be one.
const NEVER_TEXT = /^(image|audio|video|font)\/|^application\/(pdf|zip|gzip|x-tar|vnd\.|msword)/i;
const ARTICLE_TYPES = /^(text\/html|application\/xhtml\+xml|text\/plain)\b/i;

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The one place Toll Watch touches the network. A fetch either returns the body (or "not modified")
 * or throws a FeedFetchError that says which URL, what went wrong and whether a retry may help.
 */
export class HttpClient {
  readonly policy: HttpPolicy;
  readonly #guard: AddressGuard;
  readonly #open: Agent;
  readonly #guarded: Agent;
  readonly #hosts: HostLimiter;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #random: () => number;

  constructor(policy: Partial<HttpPolicy> = {}, deps: HttpDependencies = {}) {
    this.policy = {
      ...DEFAULT_HTTP_POLICY,
      ...policy,
      retry: { ...DEFAULT_HTTP_POLICY.retry, ...policy.retry },
    };
    this.#guard = new AddressGuard({ allow: this.policy.allowPrivateHosts });
    const agentOptions = {
      headersTimeout: this.policy.headersTimeoutMs,
      bodyTimeout: this.policy.bodyTimeoutMs,
      connections: this.policy.perHostConcurrency,
    };
    const connect = { timeout: this.policy.connectTimeoutMs };
    this.#open = new Agent({
      ...agentOptions,
      connect: deps.lookup ? { ...connect, lookup: deps.lookup } : connect,
    });
    this.#guarded = new Agent({
      ...agentOptions,
      connect: { ...connect, lookup: this.#guard.lookup(deps.lookup) },
    });
    this.#hosts = new HostLimiter({
      concurrency: this.policy.perHostConcurrency,
      delayMs: this.policy.perHostDelayMs,
    });
    this.#sleep = deps.sleep ?? sleepFor;
    this.#random = deps.random ?? Math.random;
  }

  async fetch(req: FetchRequest): Promise<FetchResult> {
    const origin = req.origin ?? (req.purpose === "article" ? "feed" : "config");
    const guarded = origin === "feed" || this.policy.guardFeedUrls;
    let attempt = 0;
    for (;;) {
      attempt++;
      try {
        const result = await this.#followRedirects(req, guarded);
        return { ...result, attempts: attempt };
      } catch (err) {
        const failure = this.#asFetchError(err, req.url);
        const retryAfter = failure instanceof RetryableStatusError ? failure.retryAfterMs : null;
        if (!failure.retryable || attempt > this.policy.retry.retries || req.signal?.aborted) {
          throw failure instanceof RetryableStatusError ? failure.finalError(attempt) : failure;
        }
        if (retryAfter !== null && retryAfter > this.policy.retry.maxRetryAfterMs) {
          throw new FeedFetchError(
            `${req.url}: the server asked to wait ${Math.ceil(retryAfter / 1000)} s (Retry-After) after HTTP ${failure.status}; ` +
              "not waiting that long, the next cycle will try again",
            { url: req.url, kind: "status", status: failure.status, retryable: true },
          );
        }
        await this.#sleep(retryAfter ?? backoffDelay(this.policy.retry, attempt, this.#random));
      }
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.#open.close(), this.#guarded.close()]);
  }

  async #followRedirects(req: FetchRequest, guarded: boolean): Promise<Fetched> {
    const seen = new Set<string>();
    let current = parseUrl(req.url);
    for (let hops = 0; ; hops++) {
      if (guarded) this.#guard.assertUrl(current);
      else if (current.protocol !== "http:" && current.protocol !== "https:") {
        throw new BlockedUrlError(`${current.href}: only http and https URLs can be fetched`, current.href);
      }
      seen.add(current.href);
      const outcome = await this.#hosts.run(current.host, () =>
        this.#once(current, req, guarded ? this.#guarded : this.#open),
      );
      if (outcome.kind === "done") return outcome.result;
      const next = outcome.location;
      if (seen.has(next.href)) {
        throw new FeedFetchError(
          `${req.url}: redirect loop (${current.href} -> ${next.href}); check the URL`,
          {
            url: req.url,
            kind: "too-many-redirects",
            status: outcome.status,
          },
        );
      }
      if (hops + 1 > this.policy.maxRedirects) {
        throw new FeedFetchError(
          `${req.url}: more than ${this.policy.maxRedirects} redirects (last to ${next.href}); use the final URL instead`,
          { url: req.url, kind: "too-many-redirects", status: outcome.status },
        );
      }
      current = next;
    }
  }

  async #once(
    url: URL,
    req: FetchRequest,
    dispatcher: Dispatcher,
  ): Promise<{ kind: "done"; result: Fetched } | { kind: "redirect"; location: URL; status: number }> {
    const headers: Record<string, string> = {
      "user-agent": this.policy.userAgent,
      accept: ACCEPT[req.purpose],
      "accept-encoding": "gzip, deflate, br",
    };
    if (req.etag) headers["if-none-match"] = req.etag;
    if (req.lastModified) headers["if-modified-since"] = req.lastModified;
    const deadline = AbortSignal.timeout(this.policy.totalTimeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, deadline]) : deadline;

    const res = await request(url, { method: "GET", headers, dispatcher, signal });
    const header = (name: string): string | null => {
      const value = res.headers[name];
      return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
    };
    const validators = { etag: header("etag"), lastModified: header("last-modified") };
    const status = res.statusCode;
    try {
      if (status >= 300 && status < 400 && status !== 304) {
        const location = header("location");
        if (!location) {
          throw new FeedFetchError(`${url.href}: HTTP ${status} redirect without a Location header`, {
            url: url.href,
            kind: "status",
            status,
          });
        }
        return { kind: "redirect", location: parseUrl(location, url), status };
      }
      if (status === 304) {
        return { kind: "done", result: { status: "not-modified", url: url.href, ...validators } };
      }
      if (status < 200 || status >= 300) {
        throw statusError(url.href, status, header("retry-after"));
      }
      const contentType = header("content-type");
      checkContentType(url.href, req.purpose, contentType);
      const declared = Number(header("content-length"));
      if (Number.isFinite(declared) && declared > this.policy.maxBodyBytes) {
        throw new BodyTooLargeError(this.policy.maxBodyBytes, "declared");
      }
      const bytes = await readCappedBody(res.body, header("content-encoding"), this.policy.maxBodyBytes);
      return {
        kind: "done",
        result: { status: "ok", url: url.href, httpStatus: status, contentType, bytes, ...validators },
      };
    } finally {
      // Whatever was not read is discarded now, so the connection (or the socket) is released at once.
      // Destroying an unread body emits an AbortError; nobody awaits it, so it is swallowed here.
      if (!res.body.destroyed) res.body.on("error", () => {}).destroy();
    }
  }

  #asFetchError(err: unknown, url: string): FeedFetchError {
    if (err instanceof FeedFetchError) return err;
    const blocked = findInCauses(err, (e): e is BlockedUrlError => e instanceof BlockedUrlError);
    if (blocked) return new BlockedUrlError(`${url}: ${blocked.message}`, url);
    if (err instanceof BodyTooLargeError) {
      const mb = (err.limit / 1024 / 1024).toFixed(1);
      const what = err.stage === "decoded" ? "decompressed body" : "body";
      return new FeedFetchError(`${url}: the ${what} is larger than the ${mb} MB cap; not read`, {
        url,
        kind: "too-large",
        cause: err,
      });
    }
    const code = errorCode(err);
    const timeout =
      code === "UND_ERR_CONNECT_TIMEOUT" ||
      code === "UND_ERR_HEADERS_TIMEOUT" ||
      code === "UND_ERR_BODY_TIMEOUT" ||
      (err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError"));
    if (timeout) {
      const which =
        code === "UND_ERR_CONNECT_TIMEOUT"
          ? "connecting"
          : code === "UND_ERR_HEADERS_TIMEOUT"
            ? "waiting for the response headers"
            : code === "UND_ERR_BODY_TIMEOUT"
              ? "reading the body"
              : "the whole request";
      return new FeedFetchError(`${url}: timed out ${which}; the server is slow or unreachable`, {
        url,
        kind: "timeout",
        retryable: true,
        cause: err,
      });
    }
    const detail = err instanceof Error ? err.message : String(err);
    const hint =
      code === "ENOTFOUND" || code === "EAI_AGAIN"
        ? "the host name does not resolve; check the URL or your network"
        : code === "ECONNREFUSED"
          ? "connection refused; is the server up?"
          : "network error; the next attempt may succeed";
    return new FeedFetchError(`${url}: ${hint} (${code ?? detail})`, {
      url,
      kind: "network",
      retryable: true,
      cause: err,
    });
  }
}

/** A 429 or 5xx while retries remain: carries the server's Retry-After to the retry loop. */
class RetryableStatusError extends FeedFetchError {
  constructor(
    message: string,
    url: string,
    status: number,
    readonly retryAfterMs: number | null,
  ) {
    super(message, { url, kind: "status", status, retryable: true });
  }

  finalError(attempts: number): FeedFetchError {
    return new FeedFetchError(`${this.message} (after ${attempts} attempts)`, {
      url: this.url,
      kind: "status",
      status: this.status,
      retryable: true,
    });
  }
}

function statusError(url: string, status: number, retryAfter: string | null): FeedFetchError {
  if (isRetryableStatus(status)) {
    const why = status === 429 ? "rate-limited by the server" : "the server failed";
    return new RetryableStatusError(
      `${url}: HTTP ${status}, ${why}`,
      url,
      status,
      parseRetryAfter(retryAfter),
    );
  }
  const hint =
    status === 404 || status === 410
      ? "the URL does not exist (any more); check it in your config"
      : status === 401 || status === 403
        ? "access denied; the site may block automated readers"
        : "the request was refused";
  return new FeedFetchError(`${url}: HTTP ${status}, ${hint}`, { url, kind: "status", status });
}

function checkContentType(url: string, purpose: FetchRequest["purpose"], contentType: string | null): void {
  if (!contentType) return;
  const wrong = purpose === "article" ? !ARTICLE_TYPES.test(contentType) : NEVER_TEXT.test(contentType);
  if (wrong) {
    const expected = purpose === "article" ? "an HTML page" : "a feed";
    throw new FeedFetchError(`${url}: the server sent ${contentType}, not ${expected}; check the URL`, {
      url,
      kind: "content-type",
    });
  }
}

function parseUrl(raw: string, base?: URL): URL {
  try {
    return new URL(raw, base);
  } catch (cause) {
    throw new FeedFetchError(`${raw}: not a valid URL`, { url: raw, kind: "blocked", cause });
  }
}

function errorCode(err: unknown): string | undefined {
  const found = findInCauses(
    err,
    (e): e is { code: string } & Error => typeof (e as { code?: unknown }).code === "string",
  );
  return found?.code;
}

function findInCauses<T extends Error>(err: unknown, match: (e: Error) => e is T): T | null {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    if (match(e)) return e;
  }
  return null;
}
