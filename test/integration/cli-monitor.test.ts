/**
 * The monitor on one machine, end to end through HTTP: `tollwatch run`, `watch`, `feeds`, `watches`
 * and `chart` against a local news site and the embedded store in a temporary folder.
 */
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cli } from "../support/cli.ts";
import { startServer } from "../support/http-server.ts";
import { type NewsSite, type SiteArticle, startNewsSite } from "../support/news-site.ts";

const ARMENIA_1: SiteArticle = {
  slug: "armenia-toll",
  title: "Armenia counts its war dead",
  published: "2020-11-14T08:00:00Z",
  paragraphs: [
    "Armenia's health ministry said on Saturday that 2,317 Armenian soldiers had been killed since the fighting over Nagorno-Karabakh began in late September.",
    "The ministry said identification of remains was continuing.",
  ],
};
const ARMENIA_2: SiteArticle = {
  ...ARMENIA_1,
  // Revised in place: same URL and feed date, a new figure "on Wednesday", which means the Wednesday
  // before the edit, not before the first publication.
  paragraphs: [
    "Armenia's health ministry said on Wednesday that 2,425 Armenian soldiers had been killed since the fighting over Nagorno-Karabakh began in late September.",
    "The ministry said identification of remains was continuing.",
  ],
};
const WEATHER: SiteArticle = {
  slug: "weather",
  title: "Snow closes mountain passes",
  published: "2020-11-15T08:00:00Z",
  paragraphs: ["Heavy snow closed three mountain passes on Sunday, and 40 trucks waited at the border."],
};

let dir: string;
let site: NewsSite;

async function config(extra: Record<string, unknown> = {}, feeds?: unknown[]): Promise<string> {
  const file = join(dir, "tollwatch.config.json");
  const body = {
    feeds: feeds ?? [{ url: site.feedUrl, name: "Steppe Herald" }],
    watches: [{ id: "karabakh-2020", title: "Nagorno-Karabakh war 2020", phrases: ["Karabakh"] }],
    ...extra,
  };
  await writeFile(file, JSON.stringify(body));
  return file;
}

const run = (file: string, ...more: string[]) =>
  cli("run", "--config", file, "--data", join(dir, "data"), "--allow-private-host", "127.0.0.1", ...more);

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "tollwatch-monitor-"));
  site = await startNewsSite();
});

afterEach(async () => {
  await site.close();
  await rm(dir, { recursive: true, force: true });
});

describe("tollwatch run", () => {
  it("reads a feed's articles, alerts once, and skips everything unchanged on the next run", async () => {
    site.publish(ARMENIA_1);
    site.publish(WEATHER);
    const file = await config();

    const first = await run(file);
    expect(first.code).toBe(0);
    expect(first.err).toContain("Steppe Herald: 2 items, 2 read, 1 figures, 1 opened, 0 revised, 1 alert");
    expect(first.out).toContain("Armenia military deaths: first official figure 2,317");
    expect(first.out).toMatch(
      /cycle: 1 feeds \(1 ok, 0 failed\), 2 articles read, 1 figures, 1 tallies opened, 0 revised, 1 alerts sent/,
    );

    const second = await run(file);
    expect(second.code).toBe(0);
    expect(second.out).not.toContain("first official figure");
    expect(second.err).toContain("Steppe Herald: not modified");
    expect(site.notModified.get("/feed.xml")).toBe(1);
  });

  it("alerts on a toll revised in place at the same URL, found by a conditional re-check", async () => {
    site.publish(ARMENIA_1);
    const file = await config();
    await run(file);

    site.articles.set(ARMENIA_1.slug, ARMENIA_2);
    site.publish(WEATHER); // the feed changes, so its items are looked at again
    const second = await run(file);
    expect(second.code).toBe(0);
    expect(second.out).toContain("Armenia military deaths revised: 2,317 → 2,425 (+108)");

    site.publish({ ...WEATHER, slug: "weather-2" });
    const third = await run(file);
    expect(third.out).not.toContain("revised:");
    // The unchanged article was asked for with its validators and answered 304.
    expect(site.notModified.get(`/news/${ARMENIA_1.slug}`)).toBe(1);
  });

  it("reads no article twice when the feed changes every guid on every fetch", async () => {
    site.publish(ARMENIA_1);
    site.churnGuids = true;
    const file = await config();
    const first = await run(file, "--json");
    const second = await run(file, "--json");
    const feedLine = (out: string) =>
      JSON.parse(out.split("\n").find((l) => l.includes('"type":"feed"')) ?? "{}");
    expect(feedLine(first.out)).toMatchObject({ status: "changed", articlesRead: 1 });
    expect(feedLine(second.out)).toMatchObject({ status: "changed", articlesRead: 0, articlesSkipped: 1 });
    expect(second.out).not.toContain("tollwatch.alert");
  });

  it("uses a full-text feed without fetching the page", async () => {
    site.publish({ ...ARMENIA_1, inFeed: true, paragraphs: [...ARMENIA_1.paragraphs, "x ".repeat(400)] });
    const result = await run(await config());
    expect(result.out).toContain("first official figure 2,317");
    expect(site.fetches.get(`/news/${ARMENIA_1.slug}`)).toBeUndefined();
  });

  it("reports a failing feed by name, reads the others, records the failure and exits 1", async () => {
    site.publish(ARMENIA_1);
    const broken = await startServer({
      "/rss": (_req, res) =>
        void res
          .writeHead(200, { "content-type": "text/html" })
          .end("<html><body>Sorry, down for maintenance</body></html>"),
    });
    try {
      const file = await config({}, [
        { url: `${broken.url}/rss`, name: "Broken Wire" },
        { url: site.feedUrl, name: "Steppe Herald" },
      ]);
      const result = await run(file);
      expect(result.code).toBe(1);
      expect(result.err).toMatch(/feed Broken Wire failed: .*\/rss.*not a feed/i);
      expect(result.err).toContain("error: 1 of 2 feeds failed");
      expect(result.out).toContain("first official figure 2,317");

      const feeds = await cli("feeds", "--config", file, "--data", join(dir, "data"));
      expect(feeds.code).toBe(0);
      expect(feeds.out).toMatch(/Broken Wire\s+each cycle\s+\S+\s+-\s+1\s+.*not a feed/i);
      expect(feeds.out).toMatch(/Steppe Herald\s+each cycle\s+\S+\s+\S+\s+0\s+-/);
    } finally {
      await broken.close();
    }
  });

  it("refuses a config without feeds with exit code 2 and says what to add", async () => {
    const file = join(dir, "empty.json");
    await writeFile(file, JSON.stringify({ watches: [] }));
    const result = await run(file);
    expect(result.code).toBe(2);
    expect(result.err).toContain('lists no feeds: add some under "feeds"');
  });

  it("refuses an invalid feed entry naming the field", async () => {
    const file = join(dir, "bad.json");
    await writeFile(file, JSON.stringify({ feeds: [{ url: "ftp://example.org/feed", every: "5x" }] }));
    const result = await run(file);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/feeds\[0\]\.url: must be an http\(s\) URL/);
  });

  it("prints machine output with --json: alerts, one object per feed and one per cycle", async () => {
    site.publish(ARMENIA_1);
    const result = await run(await config(), "--json");
    const lines = result.out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { type: string });
    expect(lines.map((l) => l.type)).toEqual(["tollwatch.alert", "feed", "cycle"]);
  });
});

describe("tollwatch watch, watches and chart", () => {
  it("runs the given number of cycles, then lists watches and writes the chart", async () => {
    site.publish(ARMENIA_1);
    const file = await config();
    const data = join(dir, "data");
    const watched = await cli(
      "watch",
      "--config",
      file,
      "--data",
      data,
      "--allow-private-host",
      "127.0.0.1",
      "--every",
      "1s",
      "--cycles",
      "2",
    );
    expect(watched.code).toBe(0);
    expect(watched.out).toMatch(/cycle 1: .*1 alerts sent/);
    expect(watched.out).toMatch(/cycle 2: .*0 alerts sent/);
    expect(existsSync(join(data, "engine.json"))).toBe(false);

    const watches = await cli("watches", "--config", file, "--data", data);
    expect(watches.out).toContain('Nagorno-Karabakh war 2020 (karabakh-2020): "Karabakh"');
    expect(watches.out).toMatch(/Armenia military killed\s+2,317\s+1\s+2020-11-14/);

    const out = join(dir, "chart.html");
    const chart = await cli("chart", "--config", file, "--data", data, "--out", out);
    expect(chart.code).toBe(0);
    expect(chart.out.trim()).toBe(out);
    const html = await readFile(out, "utf8");
    expect(html).toContain('data-tally="karabakh-2020/Armenia/military/killed"');
  });

  it("refuses a bad --every", async () => {
    const result = await cli("watch", "--config", await config(), "--every", "soon");
    expect(result.code).toBe(2);
    expect(result.err).toContain("--every must be a duration");
  });
});
