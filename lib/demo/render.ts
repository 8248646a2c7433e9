/**
 * The demo server's documents: an article as a full news page (masthead, navigation, share links,
 * earlier coverage, footer, so the real article extractor has chrome to cut away) and each outlet's
 * feed in its own format. Pure: the same inputs give the same bytes, so ETags are stable.
 */
import type { ArticleText } from "./articles/article.ts";
import type { DemoOutlet, PublishedArticle } from "./script.ts";

const SECTIONS = ["Home", "Nation", "Region", "World", "Business", "Culture", "Opinion"];

export function escapeXml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}

/** "30 September 2020", as a page prints its date. */
function longDate(day: string): string {
  return new Date(`${day}T12:00:00Z`).toLocaleDateString("en-GB", {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });
}

/** An ISO instant in the outlet's local time: "2020-09-30T12:10:00+04:00". */
export function localIso(iso: string, offset: DemoOutlet["utcOffset"]): string {
  const hours = Number(offset.slice(1, 3));
  const local = new Date(Date.parse(iso) + hours * 3_600_000).toISOString().slice(0, 19);
  return `${local}${offset === "+00:00" ? "Z" : offset}`;
}

/** RFC 822 as RSS writes it, in the outlet's local time: "Wed, 30 Sep 2020 12:10:00 +0400". */
export function rssDate(iso: string, offset: DemoOutlet["utcOffset"]): string {
  const hours = Number(offset.slice(1, 3));
  const shifted = new Date(Date.parse(iso) + hours * 3_600_000).toUTCString();
  return offset === "+00:00" ? shifted : shifted.replace("GMT", offset.replace(":", ""));
}

/**
 * The story's paragraphs as HTML, the dateline leading the first one. The dateline carries no date: the
 * extractor takes the first date of a sentence as its statement date, so "YEREVAN, 4 December" would
 * override "said on Thursday" in a story filed the day after the statement.
 */
export function bodyHtml(text: ArticleText, outlet: DemoOutlet): string {
  return text.paragraphs
    .map((p, i) => {
      const lead = i === 0 ? `${text.dateline} (${outlet.name}) — ` : "";
      return `<p>${escapeXml(lead + p)}</p>`;
    })
    .join("\n");
}

/**
 * A whole article page. `earlier` are teasers of the outlet's previous stories: real pages carry them,
 * and their headlines (with figures of their own) must not be read as this story's.
 */
export function renderPage(item: PublishedArticle, baseUrl: string, earlier: PublishedArticle[]): string {
  const { article, outlet, text } = item;
  const url = baseUrl + item.path;
  const home = `/${outlet.id}/`;
  const published = localIso(item.publishedAt, outlet.utcOffset);
  const updated = localIso(item.updatedAt, outlet.utcOffset);
  const nav = SECTIONS.map((s) => `<a href="${home}${s === "Home" ? "" : s.toLowerCase()}">${s}</a>`);
  const updatedLine =
    item.revision > 0 ? ` · Updated <time datetime="${updated}">${longDate(text.day)}</time>` : "";
  const teasers = earlier
    .map((e) => `<li><a href="${escapeXml(e.path)}">${escapeXml(e.text.headline)}</a></li>`)
    .join("");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeXml(text.headline)} | ${escapeXml(outlet.name)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta property="og:type" content="article">
<meta property="og:title" content="${escapeXml(text.headline)}">
<meta property="og:site_name" content="${escapeXml(outlet.name)}">
<meta property="og:url" content="${escapeXml(url)}">
<meta property="article:published_time" content="${published}">
<meta property="article:modified_time" content="${updated}">
<meta name="author" content="${escapeXml(article.byline)}">
<link rel="canonical" href="${escapeXml(url)}">
<script>window.dataLayer = [{ section: "${escapeXml(article.section)}" }];</script>
</head>
<body>
<header class="masthead">
<a class="logo" href="${home}">${escapeXml(outlet.name)}</a>
<p class="tagline">${escapeXml(outlet.tagline)}</p>
<nav class="sections">${nav.join(" ")}</nav>
</header>
<main>
<article class="story">
<p class="kicker"><a href="${home}${article.section.toLowerCase()}">${escapeXml(article.section)}</a></p>
<h1>${escapeXml(text.headline)}</h1>
<p class="byline">By ${escapeXml(article.byline)} · <time datetime="${published}">${longDate(article.day)}</time>${updatedLine}</p>
<div class="share"><a href="/share?u=${encodeURIComponent(url)}">Share</a> <a href="mailto:?subject=${encodeURIComponent(text.headline)}">Email</a> <a href="#comments">Comments</a></div>
<div class="story-body">
${bodyHtml(text, outlet)}
</div>
</article>
${teasers ? `<aside class="related"><h2>Earlier coverage</h2><ul>${teasers}</ul></aside>` : ""}
</main>
<footer class="site-footer">
<p>${escapeXml(outlet.name)} is a fictional outlet written for the Toll Watch demo: the casualty figures are those the authorities published, every sentence is the demo's own.</p>
<p><a href="${home}about">About</a> · <a href="${home}contact">Contact</a> · <a href="${home}privacy">Privacy</a></p>
</footer>
</body>
</html>
`;
}

/** When the newest of the items was last changed (ISO 8601); an empty feed is as old as the demo. */
export function newestUpdate(items: readonly PublishedArticle[]): string {
  return (
    items
      .map((i) => i.updatedAt)
      .sort()
      .at(-1) ?? "2020-09-01T00:00:00Z"
  );
}

/** An outlet's feed with the given items (newest first), in the outlet's format. */
export function renderFeed(outlet: DemoOutlet, items: PublishedArticle[], baseUrl: string): string {
  const home = `${baseUrl}/${outlet.id}/`;
  const newest = newestUpdate(items);
  if (outlet.format === "atom") {
    // Entries carry <updated> only (Atom requires nothing more): readers then date a story revised in
    // place by its revision, so "said on Thursday" in the new text resolves against the day it was written.
    const entries = items.map(
      (i) => `<entry>
<title>${escapeXml(i.text.headline)}</title>
<id>tag:${outlet.id}.example,${i.article.day}:${i.article.id}</id>
<link rel="alternate" type="text/html" href="${escapeXml(baseUrl + i.path)}"/>
<updated>${localIso(i.updatedAt, outlet.utcOffset)}</updated>
<author><name>${escapeXml(i.article.byline)}</name></author>
<category term="${escapeXml(i.article.section)}"/>
<summary>${escapeXml(i.text.summary)}</summary>
</entry>`,
    );
    return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
<title>${escapeXml(outlet.name)}</title>
<subtitle>${escapeXml(outlet.tagline)}</subtitle>
<id>tag:${outlet.id}.example,2020:feed</id>
<link rel="self" href="${escapeXml(baseUrl + outlet.feedPath)}"/>
<link rel="alternate" href="${escapeXml(home)}"/>
<updated>${localIso(newest, outlet.utcOffset)}</updated>
${entries.join("\n")}
</feed>
`;
  }
  const full = outlet.format === "rss-full";
  const rssItems = items.map(
    (i) => `<item>
<title>${escapeXml(i.text.headline)}</title>
<link>${escapeXml(baseUrl + i.path)}</link>
<guid isPermaLink="true">${escapeXml(baseUrl + i.path)}</guid>
<pubDate>${rssDate(i.publishedAt, outlet.utcOffset)}</pubDate>
<dc:creator>${escapeXml(i.article.byline)}</dc:creator>
<category>${escapeXml(i.article.section)}</category>
<description>${escapeXml(i.text.summary)}</description>${
      full ? `\n<content:encoded><![CDATA[${bodyHtml(i.text, outlet)}]]></content:encoded>` : ""
    }
</item>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"${full ? ' xmlns:content="http://purl.org/rss/1.0/modules/content/"' : ""}>
<channel>
<title>${escapeXml(outlet.name)}</title>
<link>${escapeXml(home)}</link>
<description>${escapeXml(outlet.tagline)}</description>
<language>en</language>
<lastBuildDate>${rssDate(newest, outlet.utcOffset)}</lastBuildDate>
${rssItems.join("\n")}
</channel>
</rss>
`;
}
