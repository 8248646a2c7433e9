import { describe, expect, it } from "vitest";
import { HostLimiter } from "../../lib/ingest/host-limiter.ts";
import { backoffDelay, isRetryableStatus, parseRetryAfter } from "../../lib/ingest/retry.ts";

describe("retry policy", () => {
  const policy = { retries: 5, baseDelayMs: 100, maxDelayMs: 1_000, maxRetryAfterMs: 10_000 };

  it("grows exponentially up to the ceiling, jittered below it", () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(policy, n, () => 1))).toEqual([100, 200, 400, 800, 1000]);
    expect(backoffDelay(policy, 3, () => 0.5)).toBe(200);
    expect(backoffDelay(policy, 3, () => 0)).toBe(0);
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    const now = Date.parse("2021-01-18T10:00:00Z");
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter("Mon, 18 Jan 2021 10:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("Mon, 18 Jan 2021 09:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });

  it.each([
    [429, true],
    [408, true],
    [500, true],
    [503, true],
    [400, false],
    [403, false],
    [404, false],
    [410, false],
  ])("status %i retryable: %s", (status, expected) => {
    expect(isRetryableStatus(status)).toBe(expected);
  });
});

describe("HostLimiter", () => {
  it("bounds concurrency per host and leaves other hosts alone", async () => {
    const limiter = new HostLimiter({ concurrency: 2, delayMs: 0 });
    const active = new Map<string, number>();
    const peak = new Map<string, number>();
    const task = (host: string) =>
      limiter.run(host, async () => {
        active.set(host, (active.get(host) ?? 0) + 1);
        peak.set(host, Math.max(peak.get(host) ?? 0, active.get(host) ?? 0));
        await new Promise((r) => setTimeout(r, 10));
        active.set(host, (active.get(host) ?? 0) - 1);
      });
    await Promise.all(
      [..."aaaaaa"].map(() => task("a.example")).concat([..."bbbb"].map(() => task("b.example"))),
    );
    expect(peak.get("a.example")).toBe(2);
    expect(peak.get("b.example")).toBe(2);
  });

  it("spaces the starts of requests to one host by the delay", async () => {
    const limiter = new HostLimiter({ concurrency: 4, delayMs: 25 });
    const starts: number[] = [];
    await Promise.all(
      Array.from({ length: 4 }, () => limiter.run("a.example", async () => void starts.push(Date.now()))),
    );
    for (let i = 1; i < starts.length; i++) {
      expect((starts[i] as number) - (starts[i - 1] as number)).toBeGreaterThanOrEqual(20);
    }
  });
});
