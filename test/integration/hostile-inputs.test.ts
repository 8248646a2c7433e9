/**
 * Hostile inputs (issue 7): every kind of bad input the monitor can meet, in tables, each with the clean
 * outcome it must end in — a named error that says what to do, or a specific result — within its time
 * and memory bounds. Synchronous parsing runs in a worker that is killed at the deadline (sandbox.ts);
 * HTTP runs against local servers with short timeouts; a tripwire fails any socket aimed outside
 * loopback. The tables are in test/support/hostile/; the cycles next to a good feed are at the end.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../lib/config.ts";
import { BlockedUrlError, FeedFetchError } from "../../lib/ingest/errors.ts";
import {
  DEFAULT_RSS_MB,
  expectBounded,
  expectFeed,
  expectPage,
  FIX_HINT,
  printLedger,
  record,
} from "../support/hostile/checks.ts";
import { CONFIG_CASES } from "../support/hostile/config-cases.ts";
import { type CycleBench, feedSpec, goodFeedDelivered, startCycleBench } from "../support/hostile/cycle.ts";
import {
  cycleRoutes,
  ENGINEERED,
  FAILING_FEEDS,
  HOSTILE_PAGES,
  linksFeed,
  linkToll,
  ODD_FEEDS,
  pageToll,
} from "../support/hostile/cycle-feeds.ts";
import { FEED_CASES } from "../support/hostile/feed-cases.ts";
import { LINK_CASES } from "../support/hostile/link-cases.ts";
import { brotliZeros, measure, testClient } from "../support/hostile/net.ts";
import { PAGE_CASES } from "../support/hostile/page-cases.ts";
import { Sandbox } from "../support/hostile/sandbox.ts";
import { TEXT_CASES } from "../support/hostile/text-cases.ts";
import { type CaseState, late, TRANSPORT_CASES } from "../support/hostile/transport-cases.ts";
import { armTripwire, type Tripwire } from "../support/hostile/tripwire.ts";
import { type Handler, startServer, type TestServer } from "../support/http-server.ts";

const sandbox = new Sandbox();
const states = TRANSPORT_CASES.map((): CaseState => ({ sent: { bytes: 0 }, hits: 0 }));
let tripwire: Tripwire;
let wire: TestServer;
let bench: CycleBench;

const at = (path: string) => `http://wire.test:${wire.port}${path}`;
const bytesOf = (body: string | Uint8Array) => (typeof body === "string" ? Buffer.from(body) : body);

beforeAll(async () => {
  tripwire = armTripwire();
  late.brotliBomb = await brotliZeros(256 * 2 ** 20);
  const routes: Record<string, Handler> = {};
  FEED_CASES.forEach((c, i) => {
    routes[`/feed/${i}`] = (_req, res) =>
      void res
        .writeHead(200, { "content-type": c.contentType ?? "application/rss+xml" })
        .end(bytesOf(c.body()));
  });
  TRANSPORT_CASES.forEach((c, i) => {
    routes[`/t/${i}`] = (req, res) => {
      const state = states[i] as CaseState;
      state.hits++;
      c.handler(req, res, state);
    };
  });
  Object.assign(
    routes,
    cycleRoutes(() => wire.port),
  );
  [wire, bench] = await Promise.all([startServer(routes), startCycleBench(), sandbox.start()]);
}, 30_000);

afterAll(async () => {
  printLedger();
  tripwire.disarm();
  await Promise.all([sandbox.stop(), wire.close(), bench.close()]);
});

describe("1. feed bodies, fetched over HTTP and parsed", () => {
  it.each(FEED_CASES.map((c, i) => [c.name, c, i] as const))("%s", async (_name, c, i) => {
    const http = testClient();
    const url = at(`/feed/${i}`);
    const fetched = await http.fetch({ url, purpose: "feed" }).finally(() => http.close());
    if (fetched.status !== "ok") throw new Error(`expected a body from ${url}`);
    const input = {
      task: "feed" as const,
      bytes: fetched.bytes,
      url: fetched.url,
      contentType: fetched.contentType,
    };
    const outcome = await sandbox.run(input, c.withinMs);
    record("feed", c.name, outcome.ms, outcome.rssGrowthMb);
    expectBounded(outcome, c.withinMs, c.maxRssMb);
    expectFeed(outcome, c.expect, url);
  });
});

describe("2. transport", () => {
  it.each(TRANSPORT_CASES.map((c, i) => [c.name, c, i] as const))("%s", async (_name, c, i) => {
    const http = testClient(c.policy);
    const url = at(`/t/${i}`);
    const { purpose = "feed", origin } = c.request ?? {};
    const attempts = tripwire.attempts.length;
    const m = await measure(() => http.fetch({ url, purpose, origin }).finally(() => http.close()));
    record("transport", c.name, m.ms, m.rssGrowthMb);
    expect(
      m.error,
      `expected a FeedFetchError, got ${JSON.stringify(m.value)?.slice(0, 200)}`,
    ).toBeInstanceOf(FeedFetchError);
    const err = m.error as FeedFetchError;
    expect(err.message, "names the URL that was asked for").toContain(url);
    for (const phrase of c.expect.says) expect(err.message).toMatch(phrase);
    if (c.expect.kind) expect(err.kind, err.message).toBe(c.expect.kind);
    if (c.expect.blocked) expect(err, err.message).toBeInstanceOf(BlockedUrlError);
    if (c.expect.retryable !== undefined) expect(err.retryable, err.message).toBe(c.expect.retryable);
    expect(m.ms, "time").toBeLessThanOrEqual(c.withinMs);
    expect(m.rssGrowthMb, "peak RSS growth, MB").toBeLessThan(c.maxRssMb ?? DEFAULT_RSS_MB);
    if (c.maxServedBytes !== undefined) expect(states[i]?.sent.bytes).toBeLessThan(c.maxServedBytes);
    expect(tripwire.attempts.slice(attempts), "connections outside loopback").toEqual([]);
  });
});

describe("3. links in a feed, read in a whole cycle", () => {
  let run: Awaited<ReturnType<CycleBench["run"]>>;
  let warnings: string;
  const port = () => String(wire.port);
  beforeAll(async () => {
    run = await bench.run("hostile-links", [bench.good, linksFeed(at("/links.xml"))]);
    warnings = run.report.warnings.join("\n");
    record("links", "the whole cycle", run.ms, run.rssGrowthMb);
  }, 30_000);

  it.each(LINK_CASES.map((c, i) => [c.name, c, i] as const))("%s", (_name, c, i) => {
    const link = c.link.replaceAll("PORT", port());
    if (c.outcome === "refused") {
      const names = c.names?.map((n) => n.replaceAll("PORT", port())) ?? [new URL(link).href];
      const warning = run.report.warnings.find((w) => w.includes(names[0] as string)) ?? "";
      expect(warning, `no warning names ${names[0]}; the warnings were:\n${warnings}`).not.toBe("");
      for (const name of names) expect(warning).toContain(name);
      expect(warning).toMatch(/refused/);
      expect(warning).toMatch(/read the feed's summary instead/);
    } else {
      expect(warnings).not.toContain(link);
    }
    // The summary's own toll was read in place of the page: the fallback lost nothing.
    const { party, value } = linkToll(i);
    expect(run.alerts.filter((a) => a.key.party === party).map((a) => a.value)).toEqual([value]);
  });

  it("never requested a hostile path, nor connected outside loopback, and still alerted the good feed", () => {
    expect(wire.requests.filter((r) => r.path.includes("/hostile/"))).toEqual([]);
    expect(tripwire.attempts).toEqual([]);
    expect(run.report.feeds.map((f) => f.status)).toEqual(["changed", "changed"]);
    expect(goodFeedDelivered(run, bench.good)).toBe(true);
    expect(run.ms).toBeLessThan(10_000);
  });
});

describe("4. pages", () => {
  it.each(PAGE_CASES.map((c, i) => [c.name, c, i] as const))("%s", async (_name, c, i) => {
    const url = `http://wire.test/page/${i}`;
    const input = {
      task: c.task ?? ("page" as const),
      bytes: bytesOf(c.body()),
      url,
      contentType: c.contentType ?? "text/html",
    };
    const outcome = await sandbox.run(input, c.withinMs);
    record("page", c.name, outcome.ms, outcome.rssGrowthMb);
    expectBounded(outcome, c.withinMs, c.maxRssMb);
    expectPage(outcome, c.expect, url);
  });
});

describe("5. texts built to look like tolls", () => {
  it.each(TEXT_CASES.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const input = {
      task: c.task ?? ("text" as const),
      bytes: bytesOf(c.text()),
      url: "http://wire.test/text",
      contentType: "text/html",
    };
    const outcome = await sandbox.run(input, c.withinMs);
    record("text", c.name, outcome.ms, outcome.rssGrowthMb);
    expectBounded(outcome, c.withinMs);
    expect(outcome.kind, outcome.kind === "error" ? outcome.message : "").toBe("result");
    const figures = outcome.kind === "result" ? (outcome.result.figures ?? []) : [];
    if ("figures" in c.expect) expect(figures).toEqual(c.expect.figures);
    else expect(figures.length, c.expect.reason).toBeLessThanOrEqual(c.expect.atMost);
  });
});

describe("6. config files", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "tollwatch-hostile-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it.each(CONFIG_CASES.map((c, i) => [c.name, c, i] as const))("%s", async (_name, c, i) => {
    const file = join(dir, `config-${i}.json`);
    await writeFile(
      file,
      typeof c.content === "function" ? (c.content as () => string)() : JSON.stringify(c.content),
    );
    const m = await measure(() => loadConfig(file, c.env ?? {}));
    record("config", c.name, m.ms, m.rssGrowthMb);
    expect(m.error, `expected a ConfigError, got ${String(m.error)}`).toBeInstanceOf(ConfigError);
    const message = (m.error as ConfigError).message;
    expect(message.startsWith(`${file}: `), message.slice(0, 300)).toBe(true);
    if (c.field !== null) expect(message.slice(file.length)).toContain(`${c.field}`);
    expect(message, "says how to fix it").toMatch(FIX_HINT);
    expect(message, "one line").not.toContain("\n");
    expect(message.length, "short enough to read").toBeLessThan(400);
    expect(m.ms).toBeLessThan(c.withinMs ?? 1_000);
    expect(m.rssGrowthMb, "peak RSS growth, MB").toBeLessThan(c.maxRssMb ?? DEFAULT_RSS_MB);
  });
});

describe("whole cycles: hostile feeds next to a good one", () => {
  const alertsOf = (run: Awaited<ReturnType<CycleBench["run"]>>, party: string) =>
    run.alerts.filter((a) => a.key.party === party).map((a) => a.value);

  it("feeds that are huge, bombs, hang, reset, loop or are no feed fail alone, each naming itself", async () => {
    const failing = FAILING_FEEDS.map((f) => feedSpec(at(f.path), f.path));
    const odd = ODD_FEEDS.map((f) => feedSpec(at(f.path), f.path));
    const run = await bench.run("hostile-feeds", [...failing, bench.good, ...odd]);
    record("cycle", "failing and odd feeds", run.ms, run.rssGrowthMb);

    expect(
      goodFeedDelivered(run, bench.good),
      `the good feed: ${JSON.stringify(run.report.feeds[failing.length])}`,
    ).toBe(true);
    FAILING_FEEDS.forEach((f, i) => {
      const report = run.report.feeds[i];
      expect(report?.status, f.path).toBe("failed");
      expect(report?.failure, f.path).toBe("feed");
      expect(report?.error, f.path).toContain(at(f.path));
      expect(report?.error, f.path).toMatch(f.says);
    });
    for (const f of ODD_FEEDS) expect(alertsOf(run, f.party), f.path).toEqual([f.value]);
    expect(run.report.failures).toBe(FAILING_FEEDS.length);
    // The slowest failure is the drip, cut at the 2 s total timeout; four feeds are polled at once.
    expect(run.ms).toBeLessThan(10_000);
    expect(run.rssGrowthMb).toBeLessThan(200);
  });

  it("article pages that are huge, bombs, hang or hold no text cost only themselves", async () => {
    const run = await bench.run("hostile-pages", [feedSpec(at("/pages.xml"), "Pages"), bench.good]);
    record("cycle", "hostile pages", run.ms, run.rssGrowthMb);

    expect(goodFeedDelivered(run, bench.good)).toBe(true);
    expect(run.report.feeds[0]?.status).toBe("changed");
    HOSTILE_PAGES.forEach((p, i) => {
      const { party, value } = pageToll(i, p.outcome);
      expect(alertsOf(run, party), p.name).toEqual([value]);
      if (p.says === undefined) return;
      const warning = run.report.warnings.find((w) => w.includes(at(`/page/${i}`))) ?? "";
      expect(warning, `${p.name}: ${run.report.warnings.join("\n")}`).toMatch(p.says);
    });
    expect(run.ms).toBeLessThan(10_000);
    expect(run.rssGrowthMb).toBeLessThan(200);
  });

  it("an item whose own HTML nests 20,000 deep costs only that item, and is not blamed on the store", async () => {
    const run = await bench.run("hostile-deep", [feedSpec(at("/deep.xml"), "Deep"), bench.good]);
    record("cycle", "deeply nested feed HTML", run.ms, run.rssGrowthMb);

    expect(goodFeedDelivered(run, bench.good)).toBe(true);
    const deep = run.report.feeds[0];
    expect(deep?.failure, deep?.error ?? "").toBeNull();
    expect(deep?.status).toBe("changed");
    expect(alertsOf(run, "Ecuador"), "the item after the deep one").toEqual([42]);
    expect(run.ms).toBeLessThan(5_000);
  });

  it("texts built to look like tolls raise no flood of alerts", async () => {
    const run = await bench.run("hostile-tolls", [feedSpec(at("/tolls.xml"), "Tolls"), bench.good]);
    record("cycle", "texts built to look like tolls", run.ms, run.rssGrowthMb);

    expect(goodFeedDelivered(run, bench.good)).toBe(true);
    for (const e of ENGINEERED) {
      const alerts = e.parties.flatMap((party) => alertsOf(run, party));
      expect(alerts.length, `${e.title}: ${alerts.join(", ")}`).toBeLessThanOrEqual(e.maxAlerts);
    }
    expect(run.alerts.length).toBeLessThanOrEqual(1 + ENGINEERED.reduce((n, e) => n + e.maxAlerts, 0));
  });
});

it("no socket was ever aimed outside loopback", () => {
  expect(tripwire.attempts).toEqual([]);
});
