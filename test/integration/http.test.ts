import type { LookupAddress } from "node:dns";
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BlockedUrlError, FeedFetchError } from "../../lib/ingest/errors.ts";
import { HttpClient, type HttpPolicy } from "../../lib/ingest/http.ts";
import { startServer, type TestServer } from "../support/http-server.ts";

const FEED = `<?xml version="1.0"?><rss version="2.0"><channel><title>Local wire</title>
<item><title>Flood toll rises to 41</title><link>http://example.org/a</link></item></channel></rss>`;

// Tests talk to 127.0.0.1, which the SSRF guard refuses unless allowed: allow it for feed-purpose tests.
const fast: Partial<HttpPolicy> = {
  perHostDelayMs: 0,
  allowPrivateHosts: ["127.0.0.1"],
  retry: { retries: 3, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 5_000 },
};

let server: TestServer;
let failuresLeft = 0;
let rateLimited = 0;
let active = 0;
let maxActive = 0;

beforeAll(async () => {
  server = await startServer({
    "/feed.xml": (req, res) => {
      const etag = '"v1"';
      const lastModified = "Thu, 03 Dec 2020 10:00:00 GMT";
      if (req.headers["if-none-match"] === etag || req.headers["if-modified-since"] === lastModified) {
        res.writeHead(304, { etag }).end();
        return;
      }
      res
        .writeHead(200, { "content-type": "application/rss+xml", etag, "last-modified": lastModified })
        .end(FEED);
    },
    "/r1": (_req, res) => void res.writeHead(301, { location: "/r2" }).end(),
    "/r2": (_req, res) => void res.writeHead(302, { location: `${server.url}/feed.xml` }).end(),
    "/loop-a": (_req, res) => void res.writeHead(302, { location: "/loop-b" }).end(),
    "/loop-b": (_req, res) => void res.writeHead(302, { location: "/loop-a" }).end(),
    "/chain": (req, res) => {
      const n = Number(new URL(req.url ?? "", server.url).searchParams.get("n") ?? 0);
      res.writeHead(302, { location: `/chain?n=${n + 1}` }).end();
    },
    "/to-metadata": (_req, res) =>
      void res.writeHead(302, { location: "http://169.254.169.254/latest/" }).end(),
    "/slow-body": (_req, res) => {
      res.writeHead(200, { "content-type": "application/rss+xml" });
      res.write("<rss>");
      // Never finishes: the body timeout must end it.
    },
    "/drip": (_req, res) => {
      res.writeHead(200, { "content-type": "application/rss+xml" });
      const timer = setInterval(() => res.write(" "), 20);
      res.on("close", () => clearInterval(timer));
    },
    "/big-declared": (_req, res) => {
      res.writeHead(200, {
        "content-type": "application/rss+xml",
        "content-length": String(50 * 1024 * 1024),
      });
      res.write("<rss>");
    },
    "/big-chunked": (_req, res) => {
      res.writeHead(200, { "content-type": "application/rss+xml" });
      const chunk = Buffer.alloc(64 * 1024, 32);
      let sent = 0;
      const pump = () => {
        while (sent < 20 * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once("drain", pump);
        }
        res.end();
      };
      pump();
    },
    "/bomb": (_req, res) => {
      res.writeHead(200, { "content-type": "application/rss+xml", "content-encoding": "gzip" }).end(bomb);
    },
    "/gzip": (_req, res) =>
      void res.writeHead(200, { "content-type": "text/xml", "content-encoding": "gzip" }).end(gzipSync(FEED)),
    "/br": (_req, res) =>
      void res
        .writeHead(200, { "content-type": "text/xml", "content-encoding": "br" })
        .end(brotliCompressSync(FEED)),
    "/deflate": (_req, res) =>
      void res
        .writeHead(200, { "content-type": "text/xml", "content-encoding": "deflate" })
        .end(deflateSync(FEED)),
    "/deflate-raw": (_req, res) =>
      void res
        .writeHead(200, { "content-type": "text/xml", "content-encoding": "deflate" })
        .end(deflateRawSync(FEED)),
    "/image": (_req, res) => void res.writeHead(200, { "content-type": "image/png" }).end(Buffer.alloc(10)),
    "/page": (_req, res) =>
      void res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end("<p>Story</p>"),
    "/json-as-article": (_req, res) =>
      void res.writeHead(200, { "content-type": "application/json" }).end("{}"),
    "/429": (_req, res) => {
      if (rateLimited-- > 0) return void res.writeHead(429, { "retry-after": "2" }).end();
      res.writeHead(200, { "content-type": "text/xml" }).end(FEED);
    },
    "/429-long": (_req, res) => void res.writeHead(429, { "retry-after": "3600" }).end(),
    "/flaky": (_req, res) => {
      if (failuresLeft-- > 0) return void res.writeHead(503).end();
      res.writeHead(200, { "content-type": "text/xml" }).end(FEED);
    },
    "/always-500": (_req, res) => void res.writeHead(500).end(),
    "/missing": (_req, res) => void res.writeHead(404).end(),
    "/reset": (req) => void req.socket.destroy(),
    "/concurrent": async (_req, res) => {
      active++;
      maxActive = Math.max(maxActive, active);
      await new Promise((r) => setTimeout(r, 40));
      active--;
      res.writeHead(200, { "content-type": "text/xml" }).end(FEED);
    },
  });
});
afterAll(() => server.close());

const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0));
const hits = (path: string) => server.requests.filter((r) => r.path === path).length;
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString("utf8");

async function failure(promise: Promise<unknown>): Promise<FeedFetchError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(FeedFetchError);
  return err as FeedFetchError;
}

describe("HttpClient against a local server", () => {
  it("returns the body with its validators, then 'not-modified' on a conditional GET", async () => {
    const http = new HttpClient(fast);
    const first = await http.fetch({ url: `${server.url}/feed.xml`, purpose: "feed" });
    expect(first.status).toBe("ok");
    if (first.status !== "ok") return;
    expect(text(first.bytes)).toBe(FEED);
    expect(first.etag).toBe('"v1"');
    const byEtag = await http.fetch({ url: `${server.url}/feed.xml`, purpose: "feed", etag: first.etag });
    const byDate = await http.fetch({
      url: `${server.url}/feed.xml`,
      purpose: "feed",
      lastModified: first.lastModified,
    });
    expect(byEtag.status).toBe("not-modified");
    expect(byDate.status).toBe("not-modified");
    await http.close();
  });

  it("names itself in the User-Agent", async () => {
    const http = new HttpClient(fast);
    await http.fetch({ url: `${server.url}/feed.xml`, purpose: "feed" });
    expect(server.requests.at(-1)?.headers["user-agent"]).toMatch(/^TollWatch\/\d+\.\d+\.\d+/);
    await http.close();
  });

  it("follows redirects and reports the final URL", async () => {
    const http = new HttpClient(fast);
    const result = await http.fetch({ url: `${server.url}/r1`, purpose: "feed" });
    expect(result.status).toBe("ok");
    expect(result.url).toBe(`${server.url}/feed.xml`);
    await http.close();
  });

  it("stops a redirect loop and a chain longer than 5", async () => {
    const http = new HttpClient(fast);
    const loop = await failure(http.fetch({ url: `${server.url}/loop-a`, purpose: "feed" }));
    expect(loop.kind).toBe("too-many-redirects");
    expect(loop.message).toMatch(/redirect loop/);
    const chain = await failure(http.fetch({ url: `${server.url}/chain?n=0`, purpose: "feed" }));
    expect(chain.message).toMatch(/more than 5 redirects/);
    expect(hits("/chain?n=6")).toBe(0);
    await http.close();
  });

  it("times out a body that stops arriving, and one that only drips", async () => {
    const http = new HttpClient({
      ...fast,
      bodyTimeoutMs: 200,
      totalTimeoutMs: 400,
      retry: { ...fast.retry, retries: 0 },
    } as Partial<HttpPolicy>);
    const stalled = await failure(http.fetch({ url: `${server.url}/slow-body`, purpose: "feed" }));
    expect(stalled.kind).toBe("timeout");
    const started = Date.now();
    const dripping = await failure(http.fetch({ url: `${server.url}/drip`, purpose: "feed" }));
    expect(dripping.kind).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(3_000);
    await http.close();
  });

  it("refuses a body over the cap, declared or streamed", async () => {
    const http = new HttpClient({ ...fast, maxBodyBytes: 1024 * 1024 });
    const declared = await failure(http.fetch({ url: `${server.url}/big-declared`, purpose: "feed" }));
    expect(declared.kind).toBe("too-large");
    const streamed = await failure(http.fetch({ url: `${server.url}/big-chunked`, purpose: "feed" }));
    expect(streamed.kind).toBe("too-large");
    expect(streamed.message).toMatch(/1\.0 MB cap/);
    await http.close();
  });

  it("stops a gzip bomb at the cap instead of inflating it", async () => {
    const http = new HttpClient({ ...fast, maxBodyBytes: 1024 * 1024 });
    const before = process.memoryUsage().rss;
    const err = await failure(http.fetch({ url: `${server.url}/bomb`, purpose: "feed" }));
    expect(err.kind).toBe("too-large");
    expect(err.message).toMatch(/decompressed body/);
    expect(process.memoryUsage().rss - before).toBeLessThan(48 * 1024 * 1024);
    await http.close();
  });

  it.each(["/gzip", "/br", "/deflate", "/deflate-raw"])("decompresses %s", async (path) => {
    const http = new HttpClient(fast);
    const result = await http.fetch({ url: `${server.url}${path}`, purpose: "feed" });
    expect(result.status === "ok" && text(result.bytes)).toBe(FEED);
    await http.close();
  });

  it("refuses a content type that cannot be what was asked for", async () => {
    const http = new HttpClient(fast);
    const image = await failure(http.fetch({ url: `${server.url}/image`, purpose: "feed" }));
    expect(image.kind).toBe("content-type");
    expect(image.message).toMatch(/image\/png, not a feed/);
    const json = await failure(http.fetch({ url: `${server.url}/json-as-article`, purpose: "article" }));
    expect(json.kind).toBe("content-type");
    await http.close();
  });

  it("waits as long as Retry-After says after a 429, then succeeds", async () => {
    const slept: number[] = [];
    const http = new HttpClient(fast, { sleep: async (ms) => void slept.push(ms) });
    rateLimited = 1;
    const result = await http.fetch({ url: `${server.url}/429`, purpose: "feed" });
    expect(result.status).toBe("ok");
    expect(result.attempts).toBe(2);
    expect(slept).toEqual([2000]);
    await http.close();
  });

  it("does not wait for a Retry-After longer than the policy allows", async () => {
    const http = new HttpClient(fast, { sleep: async () => {} });
    const err = await failure(http.fetch({ url: `${server.url}/429-long`, purpose: "feed" }));
    expect(err.status).toBe(429);
    expect(err.message).toMatch(/Retry-After/);
    expect(hits("/429-long")).toBe(1);
    await http.close();
  });

  it("retries a 5xx with backoff and succeeds", async () => {
    const slept: number[] = [];
    const http = new HttpClient(
      { ...fast, retry: { retries: 3, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 1000 } },
      { sleep: async (ms) => void slept.push(ms), random: () => 1 },
    );
    failuresLeft = 2;
    const result = await http.fetch({ url: `${server.url}/flaky`, purpose: "feed" });
    expect(result.status).toBe("ok");
    expect(result.attempts).toBe(3);
    expect(slept).toEqual([100, 200]);
    await http.close();
  });

  it("gives up after its retries, and never retries a 404", async () => {
    const http = new HttpClient(fast);
    const err = await failure(http.fetch({ url: `${server.url}/always-500`, purpose: "feed" }));
    expect(err.status).toBe(500);
    expect(err.message).toMatch(/after 4 attempts/);
    expect(hits("/always-500")).toBe(4);
    const missing = await failure(http.fetch({ url: `${server.url}/missing`, purpose: "feed" }));
    expect(missing.status).toBe(404);
    expect(missing.retryable).toBe(false);
    expect(missing.message).toMatch(/does not exist/);
    expect(hits("/missing")).toBe(1);
    await http.close();
  });

  it("retries a reset connection, then reports a network error", async () => {
    const http = new HttpClient(fast);
    const err = await failure(http.fetch({ url: `${server.url}/reset`, purpose: "feed" }));
    expect(err.kind).toBe("network");
    expect(hits("/reset")).toBe(4);
    await http.close();
  });

  it("keeps at most N requests in flight per host, spaced by the politeness delay", async () => {
    const http = new HttpClient({ ...fast, perHostConcurrency: 2, perHostDelayMs: 30 });
    maxActive = 0;
    const before = server.requests.length;
    await Promise.all(
      Array.from({ length: 6 }, () => http.fetch({ url: `${server.url}/concurrent`, purpose: "feed" })),
    );
    expect(maxActive).toBeLessThanOrEqual(2);
    const starts = server.requests.slice(before).map((r) => r.at);
    for (let i = 1; i < starts.length; i++) {
      expect((starts[i] as number) - (starts[i - 1] as number)).toBeGreaterThanOrEqual(25);
    }
    await http.close();
  });
});

describe("SSRF guard on article links", () => {
  // A resolver that knows a few names, standing in for DNS.
  const fakeDns = (table: Record<string, string>) =>
    ((hostname: string, options: unknown, callback: unknown) => {
      const cb = (typeof options === "function" ? options : callback) as (
        e: Error | null,
        a: LookupAddress[] | string,
        f?: number,
      ) => void;
      const address = table[hostname];
      if (!address) return cb(Object.assign(new Error(`ENOTFOUND ${hostname}`), { code: "ENOTFOUND" }), []);
      const family = address.includes(":") ? 6 : 4;
      if ((options as { all?: boolean }).all) return cb(null, [{ address, family }]);
      cb(null, address, family);
    }) as never;

  const guarded = (extra: Partial<HttpPolicy> = {}, table: Record<string, string> = {}) =>
    new HttpClient({ ...fast, allowPrivateHosts: [], ...extra }, { lookup: fakeDns(table) });

  it.each([
    ["loopback", "http://127.0.0.1:9/x"],
    ["IPv6 loopback", "http://[::1]:9/x"],
    ["cloud metadata", "http://169.254.169.254/latest/meta-data/"],
    ["IPv4-mapped loopback", "http://[::ffff:127.0.0.1]:9/x"],
    ["private range", "http://192.168.1.1/"],
    ["unique-local", "http://[fd00::1]/"],
    ["localhost name", "http://localhost:9/"],
    ["file scheme", "file:///etc/passwd"],
    ["ftp scheme", "ftp://example.org/feed"],
  ])("refuses %s (%s) before connecting", async (_name, url) => {
    const http = guarded();
    const err = await failure(http.fetch({ url, purpose: "article" }));
    expect(err).toBeInstanceOf(BlockedUrlError);
    expect(err.kind).toBe("blocked");
    expect(err.retryable).toBe(false);
    await http.close();
  });

  it("refuses a name that resolves to a private address, at connect time", async () => {
    const http = guarded({}, { "news.internal.example": "10.0.0.1" });
    const err = await failure(http.fetch({ url: "http://news.internal.example/story", purpose: "article" }));
    expect(err).toBeInstanceOf(BlockedUrlError);
    expect(err.message).toMatch(/resolves to 10\.0\.0\.1, not a public address/);
    await http.close();
  });

  it("refuses a redirect from an allowed host to the metadata address", async () => {
    const http = guarded({ allowPrivateHosts: ["127.0.0.1"] });
    const err = await failure(http.fetch({ url: `${server.url}/to-metadata`, purpose: "article" }));
    expect(err).toBeInstanceOf(BlockedUrlError);
    expect(err.message).toMatch(/169\.254\.169\.254/);
    await http.close();
  });

  it("lets the allow-list reach a local host, by address or through a name", async () => {
    const http = guarded({ allowPrivateHosts: ["127.0.0.0/8"] }, { "wire.test": "127.0.0.1" });
    const direct = await http.fetch({ url: `${server.url}/page`, purpose: "article" });
    const named = await http.fetch({ url: `http://wire.test:${server.port}/page`, purpose: "article" });
    expect(direct.status).toBe("ok");
    expect(named.status).toBe("ok");
    await http.close();
  });

  it("leaves configured feed URLs unguarded unless asked", async () => {
    const open = new HttpClient({ ...fast, allowPrivateHosts: [] });
    expect((await open.fetch({ url: `${server.url}/feed.xml`, purpose: "feed" })).status).toBe("ok");
    const strict = new HttpClient({ ...fast, allowPrivateHosts: [], guardFeedUrls: true });
    expect(await failure(strict.fetch({ url: `${server.url}/feed.xml`, purpose: "feed" }))).toBeInstanceOf(
      BlockedUrlError,
    );
    await open.close();
    await strict.close();
  });
});
