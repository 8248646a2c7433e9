/**
 * Feeds that misbehave, all in the same cycles as a good one: a server that never answers, one that
 * answers headers and then stalls, one that resets the connection, one that sends bytes that are no
 * feed, one that answers 200 with an HTML error page, and sites that change every item's guid on every
 * fetch. Each failure is recorded in the feed's state and in the cycle's report under the feed's name,
 * the hanging ones cost no more than the HTTP client's timeouts, the good feed still alerts, and guid
 * churn reads no article twice.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../lib/config.ts";
import type { HttpClient } from "../../lib/ingest/http.ts";
import type { TallyVersion } from "../../lib/model/tally.ts";
import { type CycleReport, runCycle } from "../../lib/monitor/cycle.ts";
import { type FeedSpec, feedSpecs } from "../../lib/monitor/feeds.ts";
import type { FeedReport } from "../../lib/monitor/poll.ts";
import { DEFAULT_POLICY } from "../../lib/notify/policy.ts";
import { DynamoStore } from "../../lib/store/dynamo-store.ts";
import { ensureTable } from "../../lib/store/table.ts";
import { fastHttpClient, versionLabel } from "../support/demo-timeline.ts";
import { type LocalDynamo, startDynalite } from "../support/dynalite.ts";
import { startServer, type TestServer } from "../support/http-server.ts";
import { type NewsSite, startNewsSite } from "../support/news-site.ts";

const CYCLES = 3;
const TOTAL_TIMEOUT_MS = 800;
const CONFIG: Pick<Config, "watches" | "aliases" | "alerts"> = {
  watches: [{ id: "karabakh-2020", title: "Nagorno-Karabakh war 2020", phrases: ["Karabakh"] }],
  aliases: {},
  alerts: { ...DEFAULT_POLICY },
};

const LINKLESS_TEXT =
  "Azerbaijan's prosecutor general said on Wednesday that 14 Azerbaijani civilians had been killed by " +
  "shelling since the fighting over Nagorno-Karabakh began. " +
  "The office said each death had been checked against hospital and morgue records. ".repeat(8);

/** An RSS feed whose one item has no link and a new guid on every fetch: only its text identifies it. */
function linklessFeed(fetch: number): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Linkless Wire</title><link>http://127.0.0.1/</link><description>Bulletins without pages</description>
<item><title>Civilian toll in Azerbaijan</title><guid isPermaLink="false">bulletin-${fetch}</guid>
<pubDate>Wed, 30 Sep 2020 09:00:00 GMT</pubDate><content:encoded><![CDATA[<p>${LINKLESS_TEXT}</p>]]></content:encoded></item>
</channel></rss>`;
}

/** Bytes that are no feed, with NULs and terminal escape sequences (set the title, clear the screen) up front. */
function garbage(): Buffer {
  const bytes = Buffer.alloc(4096);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + 13) % 256;
  Buffer.from("\x00\x00\x1b]0;pwned\x07\x1b[2J").copy(bytes, 0);
  return bytes;
}

/** The broken feeds by path, and what their recorded error must say. */
const BROKEN: Record<string, RegExp> = {
  "/never-answers": /timed out/,
  "/stalls-mid-body": /timed out/,
  "/resets": /network error/,
  "/garbage": /plain text, not a feed/,
  "/html-error-page": /HTML page, not a feed/,
};

describe("misbehaving feed servers beside a good feed, over three cycles", () => {
  let dynamo: LocalDynamo;
  let site: NewsSite;
  let broken: TestServer;
  let http: HttpClient;
  let store: DynamoStore;
  let feeds: FeedSpec[];
  const reports: CycleReport[] = [];
  const alerts: string[][] = [];
  let linklessFetches = 0;

  beforeAll(async () => {
    [dynamo, site] = await Promise.all([startDynalite(), startNewsSite()]);
    broken = await startServer({
      "/never-answers": () => new Promise<void>(() => {}),
      "/stalls-mid-body": (_req, res) => {
        res.writeHead(200, { "content-type": "application/rss+xml" });
        res.write('<?xml version="1.0"?><rss version="2.0"><channel><title>Stalling');
      },
      "/resets": (req) => {
        req.socket.destroy();
      },
      "/garbage": (_req, res) =>
        void res.writeHead(200, { "content-type": "application/rss+xml" }).end(garbage()),
      "/html-error-page": (_req, res) =>
        void res
          .writeHead(200, { "content-type": "text/html; charset=utf-8" })
          .end(
            "<!doctype html><html><head><title>503 Service Unavailable</title></head>" +
              "<body><h1>Service Unavailable</h1><p>The feed is being rebuilt; come back later.</p></body></html>",
          ),
      "/linkless": (_req, res) =>
        void res
          .writeHead(200, { "content-type": "application/rss+xml" })
          .end(linklessFeed(++linklessFetches)),
    });
    await ensureTable(dynamo.client, "tollwatch-feed-faults");
    store = new DynamoStore(dynamo.client, "tollwatch-feed-faults");
    site.churnGuids = true;
    site.publish({
      slug: "armenia-losses",
      title: "Armenia reports its military losses",
      published: "2020-11-14T08:00:00Z",
      paragraphs: [
        "The health ministry of Armenia reported on Saturday that 2,317 Armenian servicemen had been killed in the fighting over Nagorno-Karabakh.",
        "Officials added that the work of identifying remains was still going on.",
      ],
    });
    site.publish({
      slug: "azerbaijan-military",
      title: "Azerbaijan gives its first military toll",
      published: "2020-12-03T08:00:00Z",
      inFeed: true,
      paragraphs: [
        "Azerbaijan's defence ministry said on Thursday that 2,783 Azerbaijani servicemen had been killed in the war over Nagorno-Karabakh.",
        "The ministry published the names of the dead on its website. ".repeat(12),
      ],
    });
    feeds = feedSpecs([
      { url: site.feedUrl, name: "Steppe Herald" },
      ...Object.keys(BROKEN).map((path) => ({
        url: `${broken.url}${path}`,
        name: `Broken ${path.slice(1)}`,
      })),
      { url: `${broken.url}/linkless`, name: "Linkless Wire" },
    ]);
    http = fastHttpClient({
      connectTimeoutMs: 300,
      headersTimeoutMs: 300,
      bodyTimeoutMs: 300,
      totalTimeoutMs: TOTAL_TIMEOUT_MS,
    });
    for (let n = 0; n < CYCLES; n++) {
      const delivered: string[] = [];
      const sink = {
        name: "recording",
        deliver: async (v: TallyVersion) => void delivered.push(versionLabel(v)),
      };
      reports.push(
        await runCycle({ http, store, sinks: [sink], config: CONFIG, now: () => new Date() }, feeds),
      );
      alerts.push(delivered);
    }
  }, 30_000);

  afterAll(async () => {
    await http?.close();
    await Promise.all([dynamo?.close(), site?.close(), broken?.close()]);
  });

  const feedReport = (cycle: number, name: string): FeedReport | undefined =>
    reports[cycle]?.feeds.find((f) => f.name === name);

  it("records each broken feed's failure, by name, in every cycle's report and in its stored state", async () => {
    for (const [path, says] of Object.entries(BROKEN)) {
      const name = `Broken ${path.slice(1)}`;
      for (let cycle = 0; cycle < CYCLES; cycle++) {
        const report = feedReport(cycle, name);
        expect(report, `${name}, cycle ${cycle}`).toMatchObject({ status: "failed", failure: "feed" });
        expect(report?.error, `${name}, cycle ${cycle}`).toMatch(says);
        expect(report?.error).toContain(`${broken.url}${path}`);
      }
      const state = await store.getFeedState(`${broken.url}${path}`);
      expect(state, name).toMatchObject({ failures: CYCLES, lastError: feedReport(CYCLES - 1, name)?.error });
    }
    for (const report of reports) expect(report.failures).toBe(Object.keys(BROKEN).length);
  });

  it("lets a hanging server hold a cycle about as long as the HTTP client's whole-request timeout", () => {
    // 800 ms here (45 s by default); the slack is for a loaded CI machine, far below any real hang.
    for (const report of reports) expect(report.durationMs).toBeLessThan(TOTAL_TIMEOUT_MS + 4_000);
  });

  it("still reads and alerts the good feeds in the same cycle", async () => {
    expect(feedReport(0, "Steppe Herald")).toMatchObject({ status: "changed", articlesRead: 2, alerts: 2 });
    expect(alerts[0]?.sort()).toEqual([
      "Armenia/military/killed/v1",
      "Azerbaijan/civilian/killed/v1",
      "Azerbaijan/military/killed/v1",
    ]);
    expect((await store.getFeedState(site.feedUrl))?.failures).toBe(0);
  });

  it("reads no linked article twice when every guid changes on every fetch (by link, then content hash)", () => {
    for (let cycle = 1; cycle < CYCLES; cycle++) {
      expect(feedReport(cycle, "Steppe Herald")).toMatchObject({
        status: "changed",
        articlesRead: 0,
        articlesSkipped: 2,
        alerts: 0,
      });
      expect(alerts[cycle]).toEqual([]);
    }
    // The page was asked for again with its validators (304); the full-text item was never fetched.
    expect(site.notModified.get("/news/armenia-losses")).toBe(CYCLES - 1);
    expect(site.fetches.get("/news/azerbaijan-military")).toBeUndefined();
  });

  // An item without a link is known by its words (article-reader.ts articleKey), not by its churning guid.
  it("reads no link-less item twice when its guid changes on every fetch (content hash)", () => {
    expect(linklessFetches).toBe(CYCLES);
    expect(feedReport(0, "Linkless Wire")).toMatchObject({ articlesRead: 1, opened: 1 });
    for (let cycle = 1; cycle < CYCLES; cycle++) {
      expect(feedReport(cycle, "Linkless Wire"), `cycle ${cycle}`).toMatchObject({ articlesRead: 0 });
    }
  });

  it("keeps the control characters of a garbage body out of the recorded error", () => {
    const error = feedReport(0, "Broken garbage")?.error ?? "";
    const controls = [...error].filter((ch) => {
      const code = ch.codePointAt(0) ?? 0;
      return code < 0x20 || code === 0x7f;
    });
    expect(error).toContain("pwned");
    expect(controls).toEqual([]);
  });
});
