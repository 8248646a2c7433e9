/**
 * A story revised in place behind a feed that does not change: the feed answers 304 every 15 minutes, so
 * nothing is re-read until the hourly pass fetches it without validators and re-checks its articles.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TallyVersion } from "../../lib/model/tally.ts";
import { runCycle } from "../../lib/monitor/cycle.ts";
import { feedSpecs } from "../../lib/monitor/feeds.ts";
import { DEFAULT_POLICY } from "../../lib/notify/policy.ts";
import { DynamoStore } from "../../lib/store/dynamo-store.ts";
import { ensureTable } from "../../lib/store/table.ts";
import { fastHttpClient } from "../support/demo-timeline.ts";
import { type LocalDynamo, startDynalite } from "../support/dynalite.ts";
import { type NewsSite, type SiteArticle, startNewsSite } from "../support/news-site.ts";

const FIRST: SiteArticle = {
  slug: "armenia-war-dead",
  title: "Armenia updates its count of soldiers killed",
  published: "2020-11-14T08:00:00Z",
  paragraphs: [
    "Yerevan gave a new figure for the soldiers it lost in the autumn fighting over Nagorno-Karabakh.",
    "Armenia's health ministry said on Saturday that 2,317 Armenian soldiers were killed in the war.",
  ],
};
// Only the page's second paragraph changes: the feed, which carries the first, stays byte for byte the same.
const REVISED: SiteArticle = {
  ...FIRST,
  paragraphs: [
    FIRST.paragraphs[0] as string,
    "Armenia's health ministry said on Saturday that 2,425 Armenian soldiers were killed in the war.",
  ],
};

describe("the hourly pass over a feed that keeps answering 304", () => {
  let local: LocalDynamo;
  let site: NewsSite;
  beforeAll(async () => {
    [local, site] = await Promise.all([startDynalite(), startNewsSite()]);
    await ensureTable(local.client, "tollwatch-pass");
  });
  afterAll(async () => {
    await Promise.all([local?.close(), site?.close()]);
  });

  it("finds the in-place revision at the first pass past the hour, not before", async () => {
    // Prepare
    const start = Date.parse("2020-11-14T12:00:00Z");
    let clock = new Date(start);
    const alerts: string[] = [];
    const http = fastHttpClient();
    const deps = {
      http,
      store: new DynamoStore(local.client, "tollwatch-pass"),
      sinks: [
        { name: "list", deliver: async (v: TallyVersion) => void alerts.push(`${v.key.party} ${v.value}`) },
      ],
      config: { watches: [], aliases: {}, alerts: { ...DEFAULT_POLICY } },
      now: () => clock,
    };
    const feeds = feedSpecs([{ url: site.feedUrl, name: "Steppe Herald" }]);
    const at = async (minutes: number) => {
      clock = new Date(start + minutes * 60_000);
      return (await runCycle(deps, feeds)).feeds[0];
    };

    site.publish(FIRST);
    try {
      // Act and assess
      expect((await at(0))?.status).toBe("changed");
      expect(alerts).toHaveLength(1);
      site.publish(REVISED);

      for (const minutes of [15, 30, 45]) {
        const report = await at(minutes);
        expect(report?.status, `${minutes} min`).toBe("not-modified");
        expect(report?.articlesRead, `${minutes} min`).toBe(0);
      }
      expect(alerts).toHaveLength(1);

      // Past the hour the feed is fetched whole (it is the same feed: still "not modified") and the page
      // re-checked with its validators: it changed, so the revision is read.
      const pass = await at(61);
      expect(pass?.status).toBe("not-modified");
      expect(pass?.articlesRead).toBe(1);
      expect(alerts).toHaveLength(2);
      expect(alerts).toEqual(["Armenia 2317", "Armenia 2425"]);

      // The pass is remembered: 15 minutes later the feed is asked for conditionally again.
      const after = site.notModified.get("/feed.xml") ?? 0;
      expect((await at(76))?.articlesRead).toBe(0);
      expect(site.notModified.get("/feed.xml")).toBe(after + 1);
    } finally {
      await http.close();
    }
  });
});
