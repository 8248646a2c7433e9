/**
 * Group 2: what a server can do to the HTTP client. Each case is one route of a local server and the
 * failure the client must turn it into: a FeedFetchError of a given kind whose message names the URL
 * that was asked for and says what went wrong, within the test policy's timeouts (net.ts TEST_POLICY).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";
import type { FetchFailureKind } from "../../../lib/ingest/errors.ts";
import type { HttpPolicy } from "../../../lib/ingest/http.ts";
import { bombs, streamRepeated } from "./net.ts";

const FEED = `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><title>Flood toll rises to 41</title><link>http://wire.test/a</link></item></channel></rss>`;
const GB = 2 ** 30;
const MB = 2 ** 20;
const CHUNK = Buffer.alloc(64 * 1024, 0x20);

export interface CaseState {
  sent: { bytes: number };
  hits: number;
}

export interface TransportCase {
  name: string;
  handler: (req: IncomingMessage, res: ServerResponse, state: CaseState) => void;
  request?: { purpose?: "feed" | "article"; origin?: "config" | "feed" };
  policy?: Partial<HttpPolicy>;
  expect: {
    kind?: FetchFailureKind;
    /** The error's class when it matters: the SSRF guard's refusals are BlockedUrlError. */
    blocked?: boolean;
    says: RegExp[];
    retryable?: boolean;
  };
  /** Wall-clock bound: the policy's timeout for this kind of failure plus scheduling slack. */
  withinMs: number;
  /** Bound on the peak RSS growth while the case runs. */
  maxRssMb?: number;
  /** Bound on what the server had to send before the client hung up. */
  maxServedBytes?: number;
}

const feedHeaders = (extra: Record<string, string> = {}) => ({
  "content-type": "application/rss+xml",
  ...extra,
});
const redirect = (status: number, location: string) => (_req: IncomingMessage, res: ServerResponse) =>
  void res.writeHead(status, { location }).end();
const portOf = (req: IncomingMessage) => req.socket.localPort;
/** Sends the gzip member `times` times: each inflates to 16 MB of zeros. */
const gzipBomb =
  (times: number, extra: Record<string, string> = {}) =>
  (_req: IncomingMessage, res: ServerResponse, state: CaseState) => {
    res.writeHead(200, feedHeaders({ "content-encoding": "gzip", ...extra }));
    streamRepeated(res, bombs.gzipMember, bombs.gzipMember.length * times, state.sent);
  };
const once = (encoding: string, body: Uint8Array) => (_req: IncomingMessage, res: ServerResponse) =>
  void res.writeHead(200, feedHeaders({ "content-encoding": encoding })).end(body);

const TOO_LARGE = /larger than the 5\.0 MB cap/;
const DECODED = /decompressed body is larger than the 5\.0 MB cap/;
// A body the client cannot decode is the server's fault every time: no retry, and no "network error".
const UNDECODABLE = {
  kind: "content-type" as const,
  says: [/content-encoding|gzip|compress/i],
  retryable: false,
};

/** Filled in by the test once the brotli bomb is built (it takes a moment, so not at import time). */
export const late: { brotliBomb: Uint8Array } = { brotliBomb: new Uint8Array(0) };

export const TRANSPORT_CASES: TransportCase[] = [
  {
    name: "a 1 GB body announced in Content-Length",
    handler: (_req, res, state) => {
      res.writeHead(200, feedHeaders({ "content-length": String(GB) }));
      streamRepeated(res, CHUNK, GB, state.sent);
    },
    expect: { kind: "too-large", says: [TOO_LARGE] },
    withinMs: 1_000,
    maxRssMb: 64,
    maxServedBytes: 16 * MB,
  },
  {
    name: "a 1 GB body streamed without a length",
    handler: (_req, res, state) => {
      res.writeHead(200, feedHeaders());
      streamRepeated(res, CHUNK, GB, state.sent);
    },
    expect: { kind: "too-large", says: [TOO_LARGE] },
    withinMs: 1_500,
    maxRssMb: 100,
    maxServedBytes: 32 * MB,
  },
  {
    name: "a 1 GB article page streamed without a length",
    handler: (_req, res, state) => {
      res.writeHead(200, { "content-type": "text/html" });
      streamRepeated(res, CHUNK, GB, state.sent);
    },
    request: { purpose: "article" },
    expect: { kind: "too-large", says: [TOO_LARGE] },
    withinMs: 1_500,
    maxRssMb: 100,
    maxServedBytes: 32 * MB,
  },
  {
    name: "a gzip bomb: 64 members, 1 GB inflated, sent lazily",
    handler: gzipBomb(64),
    expect: { kind: "too-large", says: [DECODED] },
    withinMs: 1_500,
    maxRssMb: 100,
    maxServedBytes: 2 * MB,
  },
  {
    name: "a gzip bomb with a small, honest Content-Length",
    handler: (_req, res) =>
      void res
        .writeHead(
          200,
          feedHeaders({ "content-encoding": "gzip", "content-length": String(bombs.gzipMember.length) }),
        )
        .end(bombs.gzipMember),
    expect: { kind: "too-large", says: [DECODED] },
    withinMs: 1_000,
    maxRssMb: 64,
  },
  {
    name: "a gzip bomb labelled x-gzip, in capitals",
    handler: gzipBomb(4, { "content-encoding": "X-GZIP" }),
    expect: { kind: "too-large", says: [DECODED] },
    withinMs: 1_000,
    maxRssMb: 64,
  },
  {
    name: "a deflate (zlib) bomb",
    handler: once("deflate", bombs.deflate),
    expect: { kind: "too-large", says: [DECODED] },
    withinMs: 1_000,
    maxRssMb: 64,
  },
  {
    name: "a raw deflate bomb",
    handler: once("deflate", bombs.deflateRaw),
    expect: { kind: "too-large", says: [DECODED] },
    withinMs: 1_000,
    maxRssMb: 64,
  },
  {
    name: "a brotli bomb: 256 MB inflated from a few hundred bytes",
    handler: (_req, res) =>
      void res.writeHead(200, feedHeaders({ "content-encoding": "br" })).end(late.brotliBomb),
    expect: { kind: "too-large", says: [DECODED] },
    withinMs: 1_000,
    maxRssMb: 64,
  },
  {
    name: "a gzip body that is not gzip",
    handler: once("gzip", Buffer.from("this was never compressed")),
    expect: UNDECODABLE,
    withinMs: 1_000,
  },
  {
    name: "a gzip body cut short",
    handler: once("gzip", gzipSync(FEED).subarray(0, 30)),
    expect: UNDECODABLE,
    withinMs: 1_000,
  },
  {
    name: "gzip applied twice (Content-Encoding: gzip, gzip)",
    handler: once("gzip, gzip", gzipSync(gzipSync(FEED))),
    expect: UNDECODABLE,
    withinMs: 1_000,
  },
  {
    name: "an encoding that was never offered (zstd)",
    handler: once("zstd", Buffer.from(FEED)),
    expect: UNDECODABLE,
    withinMs: 1_000,
  },
  {
    name: "a drip: one byte every 50 ms, never ending",
    handler: (_req, res) => {
      res.writeHead(200, feedHeaders());
      const timer = setInterval(() => res.write(" "), 50);
      res.on("close", () => clearInterval(timer));
    },
    expect: { kind: "timeout", says: [/timed out the whole request/], retryable: true },
    withinMs: 3_000,
  },
  {
    name: "a server that accepts and never answers",
    handler: () => {},
    expect: { kind: "timeout", says: [/timed out waiting for the response headers/], retryable: true },
    withinMs: 2_000,
  },
  {
    name: "a status line, then silence",
    handler: (req) => void req.socket.write("HTTP/1.1 200 OK\r\n"),
    expect: { kind: "timeout", says: [/timed out waiting for the response headers/], retryable: true },
    withinMs: 2_000,
  },
  {
    name: "a body that stops after its first chunk",
    handler: (_req, res) => void res.writeHead(200, feedHeaders()).write("<rss><channel>"),
    expect: { kind: "timeout", says: [/timed out reading the body/], retryable: true },
    withinMs: 2_000,
  },
  {
    name: "a connection reset before any answer",
    handler: (req) => void req.socket.destroy(),
    expect: { kind: "network", says: [/network error/], retryable: true },
    withinMs: 1_000,
  },
  {
    name: "a connection reset in the middle of the body",
    handler: (req, res) => {
      res.writeHead(200, feedHeaders({ "content-length": "100000" })).write(FEED.slice(0, 80));
      setTimeout(() => req.socket.destroy(), 20);
    },
    expect: { kind: "network", says: [/network error/], retryable: true },
    withinMs: 1_000,
  },
  {
    name: "a body longer than its Content-Length",
    handler: (req) => {
      req.socket.write(
        `HTTP/1.1 200 OK\r\ncontent-type: application/rss+xml\r\ncontent-length: 10\r\n\r\n${FEED}`,
      );
      req.socket.end();
    },
    expect: { says: [/^http:\/\/wire\.test/] },
    withinMs: 1_000,
  },
  {
    name: "a banner that is not HTTP at all",
    handler: (req) => {
      req.socket.write("SSH-2.0-OpenSSH_9.6\r\n");
      req.socket.end();
    },
    expect: { kind: "network", says: [/HTTP/] },
    withinMs: 1_000,
  },
  {
    name: "a status code of 999999",
    handler: (req) => {
      req.socket.write("HTTP/1.1 999999 Nope\r\n\r\n");
      req.socket.destroy();
    },
    expect: { kind: "network", says: [/status/i] },
    withinMs: 1_000,
  },
  {
    name: "a redirect loop of three hops",
    handler: (req, res) => {
      const hop = Number(new URL(req.url ?? "/", "http://x").searchParams.get("hop") ?? 0);
      res.writeHead(302, { location: `?hop=${(hop + 1) % 3}` }).end();
    },
    expect: { kind: "too-many-redirects", says: [/redirect loop/, /check the URL/] },
    withinMs: 1_000,
  },
  {
    name: "six redirects through 301, 302, 303, 307 and 308",
    handler: (req, res) => {
      const hop = Number(new URL(req.url ?? "/", "http://x").searchParams.get("hop") ?? 0);
      res.writeHead([301, 302, 303, 307, 308][hop % 5] ?? 302, { location: `?hop=${hop + 1}` }).end();
    },
    expect: { kind: "too-many-redirects", says: [/more than 5 redirects/, /use the final URL/] },
    withinMs: 1_000,
  },
  {
    name: "a redirect without a Location",
    handler: (_req, res) => void res.writeHead(302).end(),
    expect: { kind: "status", says: [/redirect without a Location header/] },
    withinMs: 1_000,
  },
  {
    name: "a redirect to a Location that is not a URL",
    handler: redirect(302, "http://[::1"),
    expect: { says: [/not a valid URL/, /\[::1/] },
    withinMs: 1_000,
  },
  {
    name: "a configured feed redirecting to file:///etc/passwd",
    handler: redirect(302, "file:///etc/passwd"),
    expect: { kind: "blocked", blocked: true, says: [/file:\/\/\/etc\/passwd/, /only http and https/] },
    withinMs: 1_000,
  },
  {
    name: "a configured feed redirecting to a private address (127.0.0.2)",
    handler: (req, res) => void res.writeHead(302, { location: `http://127.0.0.2:${portOf(req)}/` }).end(),
    expect: { kind: "blocked", blocked: true, says: [/127\.0\.0\.2/, /not a public address/] },
    withinMs: 1_000,
  },
  {
    name: "an article link redirecting to the cloud metadata address",
    handler: redirect(302, "http://169.254.169.254/latest/meta-data/iam/"),
    request: { purpose: "article" },
    expect: { kind: "blocked", blocked: true, says: [/169\.254\.169\.254/, /not a public address/] },
    withinMs: 1_000,
  },
  {
    name: "an article link redirecting to a name that resolves to 127.0.0.3",
    handler: (req, res) => void res.writeHead(307, { location: `http://rebind.test:${portOf(req)}/` }).end(),
    request: { purpose: "article" },
    expect: { kind: "blocked", blocked: true, says: [/rebind\.test/, /127\.0\.0\.3, not a public address/] },
    withinMs: 1_000,
  },
  {
    name: "an article link redirecting to [::1]",
    handler: (req, res) => void res.writeHead(301, { location: `http://[::1]:${portOf(req)}/` }).end(),
    request: { purpose: "article" },
    expect: { kind: "blocked", blocked: true, says: [/::1/, /not a public address/] },
    withinMs: 1_000,
  },
  {
    name: "200 response headers of 4 KB each",
    handler: (_req, res) => {
      for (let i = 0; i < 200; i++) res.setHeader(`x-pad-${i}`, "a".repeat(4_000));
      res.writeHead(200, feedHeaders()).end(FEED);
    },
    expect: { kind: "network", says: [/HEADERS_OVERFLOW|header/i] },
    withinMs: 1_000,
    maxRssMb: 64,
  },
  {
    name: "one response header of 100 KB",
    handler: (_req, res) => void res.writeHead(200, feedHeaders({ "x-big": "a".repeat(100_000) })).end(FEED),
    expect: { kind: "network", says: [/HEADERS_OVERFLOW|header/i] },
    withinMs: 1_000,
  },
  {
    name: "a 429 asking to wait a year",
    handler: (_req, res) => void res.writeHead(429, { "retry-after": String(365 * 86_400) }).end(),
    policy: { retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 1_000 } },
    expect: { kind: "status", says: [/Retry-After/, /not waiting that long/], retryable: true },
    withinMs: 1_000,
  },
  {
    name: "a 503 asking to wait until 2099",
    handler: (_req, res) => void res.writeHead(503, { "retry-after": "Thu, 01 Jan 2099 00:00:00 GMT" }).end(),
    policy: { retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 1_000 } },
    expect: { kind: "status", says: [/Retry-After/, /next cycle will try again/], retryable: true },
    withinMs: 1_000,
  },
  {
    name: "a 500 on every attempt",
    handler: (_req, res) => void res.writeHead(500).end(),
    policy: { retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 1_000 } },
    expect: { kind: "status", says: [/HTTP 500/, /after 3 attempts/], retryable: true },
    withinMs: 1_000,
  },
  {
    name: "an image served where a feed was asked for",
    handler: (_req, res) =>
      void res.writeHead(200, { "content-type": "image/png" }).end(Buffer.alloc(2 * MB)),
    expect: { kind: "content-type", says: [/image\/png, not a feed/, /check the URL/] },
    withinMs: 1_000,
  },
  {
    name: "a PDF served where an article page was asked for",
    handler: (_req, res) => void res.writeHead(200, { "content-type": "application/pdf" }).end("%PDF-1.7"),
    request: { purpose: "article" },
    expect: { kind: "content-type", says: [/application\/pdf, not an HTML page/] },
    withinMs: 1_000,
  },
];
