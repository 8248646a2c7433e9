import type { lookup as dnsLookup } from "node:dns";
import { Agent, request } from "undici";
import { USER_AGENT } from "../version.ts";
import { AddressGuard, AddressRefusedError } from "./address-guard.ts";
import { ACCEPT_ENCODING, BodyTooLargeError, readCappedBody, UndecodableBodyError } from "./body.ts";
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
  /**
   * Apply the SSRF guard to feed URLs too, not only to article links. Off: feed URLs come from the owner's
   * config, so their own host is trusted; a redirect to any other host is guarded all the same.
   */
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

/** One request and its response: an answer, or where to go next. */
type Exchange = { kind: "done"; result: Fetched } | { kind: "redirect"; location: URL; status: number };

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
  readonly #open: Agent.Options;
  readonly #guarded: Agent.Options;
  /** Exchanges in flight, each on its own agent (see #once); close() waits for them. */
  readonly #live = new Set<Agent>();
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
      connections: 1,
    };
    const connect = { timeout: this.policy.connectTimeoutMs };
    this.#open = {
      ...agentOptions,
      connect: deps.lookup ? { ...connect, lookup: deps.lookup } : connect,
    };
    this.#guarded = {
      ...agentOptions,
      connect: { ...connect, lookup: this.#guard.lookup(deps.lookup) },
    };
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

  /** Waits for the exchanges in flight; every connection is closed once its exchange ends. */
  async close(): Promise<void> {
    await Promise.all([...this.#live].map((agent) => agent.close()));
  }

  async #followRedirects(req: FetchRequest, guardedOrigin: boolean): Promise<Fetched> {
    const seen = new Set<string>();
    const first = parseUrl(req.url);
    let current = first;
    for (let hops = 0; ; hops++) {
      // The operator vouches for the host they configured, not for wherever its server sends the client.
      const guarded = guardedOrigin || current.hostname !== first.hostname;
      seen.add(current.href);
      let outcome: Exchange;
      try {
        if (guarded) this.#guard.assertUrl(current);
        else if (current.protocol !== "http:" && current.protocol !== "https:") {
          throw new BlockedUrlError(`${current.href}: only http and https URLs can be fetched`, current.href);
        }
        outcome = await this.#hosts.run(current.host, () => this.#once(current, req, guarded));
      } catch (err) {
        // A refusal or failure of a later hop names the URL that was asked for first: that is what the
        // operator or the feed wrote, and what they can act on.
        if (hops === 0) throw this.#asFetchError(err, req.url);
        throw redirected(req.url, this.#asFetchError(err, current.href));
      }
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

  /**
   * One request on a connection of its own. undici reports bytes that arrive after a response is complete
   * (a body longer than its Content-Length) only as a "bad response" when that connection closes, after
   * the response was handed over; an agent per exchange makes that report this exchange's own. The price
   * is a new connection per request, small next to the per-host politeness delay between requests.
   */
  async #once(url: URL, req: FetchRequest, guarded: boolean): Promise<Exchange> {
    const headers: Record<string, string> = {
      "user-agent": this.policy.userAgent,
      accept: ACCEPT[req.purpose],
      "accept-encoding": ACCEPT_ENCODING,
    };
    if (req.etag) headers["if-none-match"] = req.etag;
    if (req.lastModified) headers["if-modified-since"] = req.lastModified;
    const deadline = AbortSignal.timeout(this.policy.totalTimeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, deadline]) : deadline;
    const agent = new Agent(guarded ? this.#guarded : this.#open);
    this.#live.add(agent);
    let overran = false;
    agent.on("disconnect", (_origin, _targets, err) => {
      if (isOverrun(err)) overran = true;
    });

    try {
      const res = await request(url, { method: "GET", headers, dispatcher: agent, signal });
      try {
        const outcome = await this.#answer(url, req, res);
        if (outcome.kind !== "done" || outcome.result.status !== "ok") return outcome;
        // Closing, not destroying, lets the connection report what else the server sent.
        await agent.close();
        if (overran) {
          // The bytes past the announced end most likely belong to this body, so what was read may be cut
          // short, and a cut number in a toll is a wrong toll.
          const length = res.headers["content-length"];
          const announced =
            length === undefined
              ? "the end its chunked body announced"
              : `the ${length} bytes its Content-Length announced`;
          throw new FeedFetchError(
            `${url.href}: the server sent more than ${announced}, so what was read may be only part of the body; ` +
              "not used: the server or a proxy in front of it is at fault",
            { url: url.href, kind: "network" },
          );
        }
        return outcome;
      } finally {
        // Whatever was not read is discarded now, so the connection (or the socket) is released at once.
        // Destroying an unread body emits an AbortError; nobody awaits it, so it is swallowed here.
        if (!res.body.destroyed) res.body.on("error", () => {}).destroy();
      }
    } finally {
      this.#live.delete(agent);
      await agent.destroy();
    }
  }

  async #answer(url: URL, req: FetchRequest, res: Awaited<ReturnType<typeof request>>): Promise<Exchange> {
    const header = (name: string): string | null => {
      const value = res.headers[name];
      return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
    };
    const validators = { etag: header("etag"), lastModified: header("last-modified") };
    const status = res.statusCode;
    if (status >= 300 && status < 400 && status !== 304) {
      const location = header("location");
      if (!location) {
        throw new FeedFetchError(`${url.href}: HTTP ${status} redirect without a Location header`, {
          url: url.href,
          kind: "status",
          status,
        });
      }
      return { kind: "redirect", location: redirectTarget(url, status, location), status };
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
  }

  #asFetchError(err: unknown, url: string): FeedFetchError {
    if (err instanceof FeedFetchError) return err;
    const refused = findInCauses(err, (e): e is AddressRefusedError => e instanceof AddressRefusedError);
    if (refused) return new BlockedUrlError(`${url}: ${refused.message}`, url);
    if (err instanceof UndecodableBodyError) {
      return new FeedFetchError(
        `${url}: ${err.message}; not read: the server or a proxy in front of it is at fault, and retrying will not help`,
        { url, kind: "content-type", cause: err },
      );
    }
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

function parseUrl(raw: string): URL {
  try {
    return new URL(raw);
  } catch (cause) {
    throw new FeedFetchError(`${raw}: not a valid URL`, { url: raw, kind: "blocked", cause });
  }
}

function redirectTarget(from: URL, status: number, location: string): URL {
  try {
    return new URL(location, from);
  } catch (cause) {
    throw new FeedFetchError(
      `${from.href}: HTTP ${status} redirect to "${location}", which is not a valid URL; the site's redirect is broken`,
      { url: from.href, kind: "status", status, cause },
    );
  }
}

/** A failure on a redirect hop, restated for the URL that was asked for: "<asked>: redirected to <hop>: ...". */
function redirected(asked: string, failure: FeedFetchError): FeedFetchError {
  const message = `${asked}: redirected to ${failure.message}`;
  if (failure instanceof BlockedUrlError) return new BlockedUrlError(message, asked);
  if (failure instanceof RetryableStatusError) {
    return new RetryableStatusError(message, asked, failure.status ?? 0, failure.retryAfterMs);
  }
  return new FeedFetchError(message, {
    url: asked,
    kind: failure.kind,
    status: failure.status,
    retryable: failure.retryable,
    cause: failure.cause,
  });
}

/** undici's report of bytes that came when no request was waiting for them: the last body overran its length. */
function isOverrun(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  return e?.code === "UND_ERR_SOCKET" && e.message === "bad response";
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
