import { parseFeed } from "../lib/ingest/feed.ts";
import { fmt, measure } from "./measure.ts";

/** A large RSS 2.0 feed in the shape of a busy news wire: escaped HTML descriptions and full content. */
function syntheticRss(items: number): string {
  const parts = [
    '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Bench wire</title><link>https://news.example.org/</link>',
  ];
  for (let i = 0; i < items; i++) {
    const day = String((i % 28) + 1).padStart(2, "0");
    parts.push(
      `<item><title>Ministry revises toll to ${2700 + i} after new identifications &amp; reports</title>` +
        `<link>https://news.example.org/world/${i}</link><guid isPermaLink="false">bench-${i}</guid>` +
        `<pubDate>Thu, ${day} Dec 2020 10:${String(i % 60).padStart(2, "0")}:00 +0400</pubDate><dc:creator>Desk ${i % 7}</dc:creator>` +
        `<description>&lt;p&gt;The defence ministry said on Thursday that ${2700 + i} servicemen had been killed, up from an earlier figure.&lt;/p&gt;</description>` +
        `<content:encoded><![CDATA[<p>The defence ministry said on Thursday that ${2700 + i} servicemen had been killed.</p>` +
        `<p>Another ${100 + (i % 50)} remain missing, officials added, and ${1200 + i} are being treated in hospitals.</p>` +
        "<p>The figures were published on the ministry's website and repeated at a briefing in the capital.</p>]]></content:encoded></item>",
    );
  }
  parts.push("</channel></rss>");
  return parts.join("\n");
}

export function benchFeedParsing(): string[] {
  const items = 5_000;
  const xml = syntheticRss(items);
  const mb = Buffer.byteLength(xml) / 1024 / 1024;
  let parsed = 0;
  const m = measure(() => {
    parsed = parseFeed(xml, { url: "https://news.example.org/feed.xml" }).items.length;
  });
  if (parsed !== items) throw new Error(`feed bench parsed ${parsed} items, expected ${items}`);
  const perSecond = m.iterations / m.seconds;
  return [
    `feed parsing: RSS 2.0, ${items} items, ${fmt(mb, 2)} MB, ${m.iterations} runs in ${fmt(m.seconds, 2)} s`,
    `  ${fmt(mb * perSecond)} MB/s, ${fmt(items * perSecond, 0)} items/s, ${fmt(1000 / perSecond, 1)} ms per feed, peak RSS ${fmt(m.peakRssMb, 0)} MB (${fmt(m.startRssMb, 0)} MB before the first parse)`,
  ];
}
