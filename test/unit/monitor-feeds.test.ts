import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration } from "../../lib/duration.ts";
import { htmlToText } from "../../lib/ingest/html-text.ts";
import type { FeedItem } from "../../lib/model/ingest.ts";
import { dueFeeds, type FeedSpec, feedSpecs, wantedItem } from "../../lib/monitor/feeds.ts";

const HOUR = 3_600_000;
const feed = (everyMs: number | null, keywords: string[] = []): FeedSpec => ({
  id: `https://news.example.org/${everyMs}`,
  url: `https://news.example.org/${everyMs}`,
  name: null,
  everyMs,
  keywords,
});
const at = (iso: string) => new Date(iso);

describe("dueFeeds", () => {
  it("reads every feed on the first cycle and on a manual run", () => {
    const feeds = [feed(null), feed(HOUR), feed(24 * HOUR)];
    expect(dueFeeds(feeds, at("2021-01-18T10:07:00Z"), null)).toEqual(feeds);
  });

  it("polls an hourly feed once an hour from a 15-minute cycle, however late the timer fires", () => {
    const hourly = [feed(HOUR)];
    const starts = [
      "10:00:02",
      "10:15:03",
      "10:30:01",
      "10:45:09",
      "11:00:04",
      "11:15:00",
      "11:59:59",
      "12:00:01",
    ];
    const due = starts.slice(1).map((time, i) => {
      const previous = at(`2021-01-18T${starts[i]}Z`);
      return dueFeeds(hourly, at(`2021-01-18T${time}Z`), previous).length;
    });
    expect(due).toEqual([0, 0, 0, 1, 0, 0, 1]);
  });

  it("polls a feed without an interval, or with one shorter than the cycle, every cycle", () => {
    const feeds = [feed(null), feed(60_000)];
    expect(dueFeeds(feeds, at("2021-01-18T10:15:00Z"), at("2021-01-18T10:00:00Z"))).toEqual(feeds);
  });
});

describe("feedSpecs and wantedItem", () => {
  it("keys each feed by its normalised URL", () => {
    expect(feedSpecs([{ url: "HTTPS://News.Example.org/rss" }])).toEqual([
      {
        id: "https://news.example.org/rss",
        url: "https://news.example.org/rss",
        name: null,
        everyMs: null,
        keywords: [],
      },
    ]);
  });

  it("keeps items whose title, summary or link mention a keyword, in any case", () => {
    const item = (title: string, summary = "", url: string | null = null): FeedItem => ({
      id: title,
      url,
      title,
      published: null,
      summary,
      content: null,
      author: null,
    });
    const filtered = feed(null, ["killed", "Death Toll"]);
    expect(wantedItem(filtered, item("Three KILLED in storm"))).toBe(true);
    expect(wantedItem(filtered, item("Update", "The death toll rose"))).toBe(true);
    expect(wantedItem(filtered, item("Update", "", "https://x.example/death-toll-rises"))).toBe(false);
    expect(wantedItem(filtered, item("Markets close higher"))).toBe(false);
    expect(wantedItem(feed(null), item("Markets close higher"))).toBe(true);
  });
});

describe("durations", () => {
  it.each([
    ["15m", 900_000],
    ["1h30m", 5_400_000],
    ["90s", 90_000],
    ["2d", 172_800_000],
    ["0", 0],
    [" 1H ", HOUR],
    ["250ms", 250],
  ])("reads %j", (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(["", "15", "m", "15 minutes", "1h 30m", "-5m", "soon"])("refuses %j", (text) =>
    expect(parseDuration(text)).toBeNull(),
  );

  it("writes the shortest spelling", () => {
    expect([900_000, 5_400_000, 90_000, 0, 1500].map(formatDuration)).toEqual([
      "15m",
      "1h30m",
      "1m30s",
      "0s",
      "1s500ms",
    ]);
  });
});

describe("htmlToText", () => {
  it("keeps paragraphs apart, drops scripts and styles, and never glues words across blocks", () => {
    const html =
      "Lead<p>First <b>one</b>.</p><ul><li>a</li><li>b</li></ul><script>x()</script><style>p{}</style><div>end</div>";
    expect(htmlToText(html)).toBe("Lead\n\nFirst one.\n\na\n\nb\n\nend");
  });

  it("decodes entities and collapses whitespace", () => {
    expect(htmlToText("<p>2,317&nbsp;soldiers &amp; officers\n\t killed</p>")).toBe(
      "2,317 soldiers & officers killed",
    );
  });
});
