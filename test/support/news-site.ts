/**
 * A small local news site for monitor tests: one RSS feed and article pages, both editable between
 * cycles, with ETag / Last-Modified and 304 answers as real sites give them. The texts are ours.
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { TestServer } from "./http-server.ts";

export interface SiteArticle {
  slug: string;
  title: string;
  /** ISO 8601 publication time. */
  published: string;
  paragraphs: string[];
  /** Carried in the feed as content:encoded too (full-text feed) when true. */
  inFeed?: boolean;
}

export interface NewsSite {
  server: TestServer;
  feedUrl: string;
  articles: Map<string, SiteArticle>;
  /** Changes every item's guid on each fetch (a misbehaving CMS). */
  churnGuids: boolean;
  /** How each path was last answered, and how many 304s were given per path. */
  notModified: Map<string, number>;
  fetches: Map<string, number>;
  publish(article: SiteArticle): void;
  close(): Promise<void>;
}

function escapeXml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

function page(article: SiteArticle): string {
  const body = article.paragraphs.map((p) => `<p>${escapeXml(p)}</p>`).join("\n");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeXml(article.title)} | Steppe Herald</title>
<meta property="og:site_name" content="Steppe Herald"><meta property="article:published_time" content="${article.published}"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav><article><h1>${escapeXml(article.title)}</h1>
<time datetime="${article.published}">${article.published.slice(0, 10)}</time>${body}</article>
<footer>Steppe Herald, an imaginary newspaper for tests.</footer></body></html>`;
}

export async function startNewsSite(): Promise<NewsSite> {
  let churn = 0;
  const site = {
    articles: new Map<string, SiteArticle>(),
    churnGuids: false,
    notModified: new Map<string, number>(),
    fetches: new Map<string, number>(),
  } as NewsSite;
  const answer = (req: IncomingMessage, res: ServerResponse, type: string, body: string) => {
    const path = req.url ?? "/";
    site.fetches.set(path, (site.fetches.get(path) ?? 0) + 1);
    const etag = `"${createHash("sha1").update(body).digest("hex").slice(0, 16)}"`;
    if (req.headers["if-none-match"] === etag) {
      site.notModified.set(path, (site.notModified.get(path) ?? 0) + 1);
      res.writeHead(304, { etag }).end();
      return;
    }
    res.writeHead(200, { "content-type": type, etag }).end(body);
  };
  const feed = () => {
    churn++;
    const items = [...site.articles.values()]
      .sort((a, b) => b.published.localeCompare(a.published))
      .map((a) => {
        const link = `${site.server.url}/news/${a.slug}`;
        const guid = site.churnGuids ? `${a.slug}-${churn}` : a.slug;
        const content = a.inFeed
          ? `<content:encoded><![CDATA[${a.paragraphs.map((p) => `<p>${p}</p>`).join("")}]]></content:encoded>`
          : "";
        return `<item><title>${escapeXml(a.title)}</title><link>${link}</link><guid isPermaLink="false">${guid}</guid>
<pubDate>${new Date(a.published).toUTCString()}</pubDate><description>${escapeXml(a.paragraphs[0] ?? "")}</description>${content}</item>`;
      });
    return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Steppe Herald</title><link>${site.server.url}/</link><description>World news</description>${items.join("\n")}</channel></rss>`;
  };
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    if (path === "/feed.xml") return answer(req, res, "application/rss+xml; charset=utf-8", feed());
    const article = site.articles.get(path.replace(/^\/news\//, ""));
    if (article) return answer(req, res, "text/html; charset=utf-8", page(article));
    res.writeHead(404, { "content-type": "text/plain" }).end("not found");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  site.server = {
    url: `http://127.0.0.1:${port}`,
    port,
    requests: [],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  site.feedUrl = `${site.server.url}/feed.xml`;
  site.publish = (article) => void site.articles.set(article.slug, article);
  site.close = () => site.server.close();
  return site;
}
