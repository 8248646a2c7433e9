/**
 * The network side of the hostile-input suite: a fake DNS that only ever answers loopback addresses,
 * HTTP clients with test-sized timeouts, lazy bodies that are streamed and never allocated, compression
 * bombs built at test time, and a measure() that times a step and samples the RSS while it runs.
 */
import type { LookupAddress } from "node:dns";
import { isIP } from "node:net";
import type { Writable } from "node:stream";
import { constants, createBrotliCompress, deflateRawSync, deflateSync, gzipSync } from "node:zlib";
import { HttpClient, type HttpPolicy } from "../../../lib/ingest/http.ts";

/** Names the suite's clients resolve. The servers listen on 127.0.0.1; the others are loopback too. */
export const HOSTS: Record<string, string> = {
  "wire.test": "127.0.0.1", // the hostile server, reached under a name the allow-list admits
  "news.test": "127.0.0.1", // the well-behaved news site
  "rebind.test": "127.0.0.3", // a public-looking name that resolves to a private address
  "six.test": "::1",
  "localhost.": "127.0.0.1",
};

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** A stand-in for dns.lookup; refusing to hold anything but loopback keeps every connection on this machine. */
export function fakeDns(table: Record<string, string> = HOSTS) {
  for (const [name, address] of Object.entries(table)) {
    if (!(address.startsWith("127.") || address === "::1"))
      throw new Error(`fakeDns: ${name} -> ${address} is not loopback`);
  }
  return ((hostname: string, options: unknown, callback?: unknown) => {
    const cb = (typeof options === "function" ? options : callback) as LookupCallback;
    const address = table[hostname.toLowerCase()];
    if (address === undefined) {
      return cb(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" }), []);
    }
    const family = isIP(address);
    if ((options as { all?: boolean } | null)?.all) return cb(null, [{ address, family }]);
    cb(null, address, family);
  }) as never;
}

/** Short timeouts so that a hang costs a test about a second; no retries unless a case asks for them. */
export const TEST_POLICY: Partial<HttpPolicy> = {
  connectTimeoutMs: 1_000,
  headersTimeoutMs: 800,
  bodyTimeoutMs: 800,
  totalTimeoutMs: 2_000,
  perHostDelayMs: 0,
  allowPrivateHosts: ["wire.test", "news.test"],
  retry: { retries: 0, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 1_000 },
};

export function testClient(policy: Partial<HttpPolicy> = {}): HttpClient {
  return new HttpClient({ ...TEST_POLICY, ...policy }, { lookup: fakeDns() });
}

export interface Measured<T> {
  value: T | null;
  error: unknown;
  ms: number;
  /** Peak RSS above the RSS at the start, sampled every 5 ms, in MB. */
  rssGrowthMb: number;
}

/** Samples the RSS every 5 ms from now on; `growthMb()` is the peak above the start, `stop()` ends it. */
export function rssSampler(): { growthMb(): number; stop(): void } {
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 5);
  return {
    growthMb: () => Math.round((Math.max(peak, process.memoryUsage.rss()) - baseline) / 2 ** 20),
    stop: () => clearInterval(sampler),
  };
}

export async function measure<T>(step: () => Promise<T>): Promise<Measured<T>> {
  const rss = rssSampler();
  const started = performance.now();
  let value: T | null = null;
  let error: unknown = null;
  try {
    value = await step();
  } catch (err) {
    error = err;
  } finally {
    rss.stop();
  }
  return { value, error, ms: Math.round(performance.now() - started), rssGrowthMb: rss.growthMb() };
}

/**
 * Writes `total` bytes by repeating one small chunk, pausing on back-pressure, and stops when the reader
 * hangs up: a 1 GB body costs the server 64 KB of memory. `sent` counts what actually went out.
 */
export function streamRepeated(
  out: Writable,
  chunk: Uint8Array,
  total: number,
  sent: { bytes: number },
): void {
  let closed = false;
  out.on("close", () => {
    closed = true;
  });
  const pump = () => {
    while (!closed && sent.bytes < total) {
      sent.bytes += chunk.length;
      if (!out.write(chunk)) return void out.once("drain", pump);
    }
    if (!closed) out.end();
  };
  pump();
}

const ZEROS_16MB = () => Buffer.alloc(16 * 2 ** 20);

/**
 * Compression bombs, made once per run. A gzip stream may hold many members and inflates to their
 * concatenation, so one 16 MB member (about 16 KB compressed) sent 64 times is a 1 GB bomb.
 */
export const bombs = {
  gzipMember: gzipSync(ZEROS_16MB(), { level: 9 }),
  deflate: deflateSync(ZEROS_16MB(), { level: 9 }),
  deflateRaw: deflateRawSync(ZEROS_16MB(), { level: 9 }),
};

/** Brotli of `size` zero bytes, compressed as a stream so the input is never held in memory at once. */
export async function brotliZeros(size: number): Promise<Buffer> {
  const encoder = createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: 4 } });
  const parts: Buffer[] = [];
  encoder.on("data", (part: Buffer) => parts.push(part));
  const done = new Promise<void>((resolve, reject) => encoder.on("end", resolve).on("error", reject));
  const block = Buffer.alloc(2 ** 20);
  for (let written = 0; written < size; written += block.length) {
    if (!encoder.write(block)) await new Promise((resolve) => encoder.once("drain", resolve));
  }
  encoder.end();
  await done;
  return Buffer.concat(parts);
}
