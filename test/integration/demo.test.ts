import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXPECTED_ALERTS, SILENT_ARTICLES } from "../../lib/demo/expected.ts";
import { type DemoSummary, runDemo } from "../../lib/demo/run.ts";
import { ARTICLES, articlePath, STEPS } from "../../lib/demo/script.ts";
import { type DemoServer, startDemoServer } from "../../lib/demo/server.ts";

describe("tollwatch demo, end to end over HTTP", () => {
  let dir: string;
  let summary: DemoSummary;
  let printed = "";

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "tollwatch-demo-"));
    const out = (text: string) => {
      printed += text;
    };
    summary = await runDemo({ out, chartPath: join(dir, "chart.html") });
  }, 30_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("raises exactly the expected alerts, in order, each from the article that states the figure", () => {
    const got = summary.alerts.map(({ day, kind, party, population, category, from, to, article }) => ({
      day,
      kind,
      party,
      population,
      category,
      from,
      to,
      article,
    }));
    expect(got).toEqual(EXPECTED_ALERTS);
  });

  it("raises nothing from the noise: rounded, recalled, repeated, historical or unrelated articles", () => {
    const fromSilent = summary.alerts.filter(
      (a) => a.article === null || SILENT_ARTICLES.includes(a.article),
    );
    expect(fromSilent).toEqual([]);
  });

  it("credits each alert to its claimant and outlet", () => {
    for (const alert of summary.alerts) {
      expect(alert.claimant).toMatch(
        /^(Armenia Health Ministry|Azerbaijan (Defence Ministry|Prosecutor General's Office))$/,
      );
      expect(alert.outlet).toMatch(/^(Caucasus Wire|Baku Daily Monitor|Yerevan Evening Post)$/);
    }
  });

  it("prints alerts as they happen, then the history table, then where the chart is", () => {
    const firstAlert = printed.indexOf("OPENED   Azerbaijan civilian killed: 14");
    const lastAlert = printed.indexOf("REVISED  Azerbaijan military missing: 50 -> 28");
    const table = printed.indexOf("stated      watch");
    const chart = printed.indexOf(`Chart written to ${summary.chartPath}`);
    expect(firstAlert).toBeGreaterThan(0);
    expect(lastAlert).toBeGreaterThan(firstAlert);
    expect(table).toBeGreaterThan(lastAlert);
    expect(chart).toBeGreaterThan(table);
    expect(printed).toMatch(
      /20 alerts \(6 opened, 14 revised\) from \d+ articles over \d+ simulated days, in [\d.]+ s/,
    );
    // Feeds without news answer 304: the monitor's conditional GETs are honoured.
    expect(printed).toMatch(/[1-9] unchanged \(304\)/);
    expect(printed).not.toContain("! ");
  });

  it("writes the chart and finishes well within 30 seconds", async () => {
    expect(existsSync(summary.chartPath)).toBe(true);
    const html = await readFile(summary.chartPath, "utf8");
    expect(html).toContain("<svg");
    expect(html).toContain("Azerbaijan");
    expect(summary.steps).toBe(STEPS.length);
    expect(summary.wallMs).toBeLessThan(30_000);
  });
});

describe("demo news server", () => {
  let server: DemoServer;
  beforeAll(async () => {
    server = await startDemoServer();
  });
  afterAll(async () => {
    await server.close();
  });

  const feedUrl = (id: string) => server.feeds.find((f) => f.outlet.id === id)?.url ?? "";
  const civilians = ARTICLES.find((a) => a.id === "civilian-toll-shelling");
  const pageUrl = () => server.url + (civilians ? articlePath(civilians) : "");

  it("serves nothing before the first step, then the day's stories", async () => {
    expect((await fetch(pageUrl())).status).toBe(404);
    server.advanceTo(0);
    const feed = await fetch(feedUrl("baku-daily-monitor"));
    expect(feed.status).toBe(200);
    expect(feed.headers.get("content-type")).toContain("application/atom+xml");
    expect(await feed.text()).toContain(pageUrl());
    const page = await fetch(pageUrl());
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("<article");
    expect(html).toMatch(/<time datetime="2020-09-30T/);
  });

  it("answers 304 to a matching If-None-Match or If-Modified-Since, and changes the ETag with the content", async () => {
    const first = await fetch(pageUrl());
    const etag = first.headers.get("etag") ?? "";
    const lastModified = first.headers.get("last-modified") ?? "";
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect((await fetch(pageUrl(), { headers: { "if-none-match": etag } })).status).toBe(304);
    expect((await fetch(pageUrl(), { headers: { "if-modified-since": lastModified } })).status).toBe(304);

    server.advanceTo(1); // the civilian toll article is revised in place on 1 October
    const revised = await fetch(pageUrl(), { headers: { "if-none-match": etag } });
    expect(revised.status).toBe(200);
    expect(revised.headers.get("etag")).not.toBe(etag);
    expect(Date.parse(revised.headers.get("last-modified") ?? "")).toBeGreaterThan(Date.parse(lastModified));
    expect(await revised.text()).toContain("risen to 19");
  });

  it("refuses to go back in time", () => {
    expect(() => server.advanceTo(0)).toThrow(/cannot go back/);
    expect(() => server.advanceTo(STEPS.length)).toThrow(/out of range/);
  });
});
