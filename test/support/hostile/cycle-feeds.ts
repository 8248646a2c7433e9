/**
 * The hostile server's routes for the whole-cycle tests: the links feed of group 3, feeds that fail in
 * every way a transport or a body can, a feed whose article pages are hostile, a feed whose own HTML
 * nests too deep, and a feed of texts built to look like tolls. Each item states a toll of its own
 * party, so the alerts show which items were read and from where (page or summary).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { FeedSpec } from "../../../lib/monitor/cycle.ts";
import type { Handler } from "../http-server.ts";
import { feedSpec } from "./cycle.ts";
import { LINK_CASES, PARTIES, REDIRECTS } from "./link-cases.ts";
import { bombs, streamRepeated } from "./net.ts";

const GB = 2 ** 30;
const escapeXml = (text: string) =>
  text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
const toll = (party: string, value: number) =>
  `${party}'s health ministry said on Monday that ${value} people were killed in the floods.`;

interface Item {
  guid: string;
  title: string;
  link?: string;
  summary: string;
  content?: string;
  published?: string;
}

export function rssOf(title: string, items: Item[]): string {
  const body = items
    .map((item) => {
      const link = item.link === undefined ? "" : `<link>${escapeXml(item.link)}</link>`;
      const content =
        item.content === undefined ? "" : `<content:encoded><![CDATA[${item.content}]]></content:encoded>`;
      const date =
        item.published === undefined ? "" : `<pubDate>${new Date(item.published).toUTCString()}</pubDate>`;
      return `<item><title>${escapeXml(item.title)}</title>${link}<guid isPermaLink="false">${item.guid}</guid>${date}<description>${escapeXml(item.summary)}</description>${content}</item>`;
    })
    .join("\n");
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>${title}</title>${body}</channel></rss>`;
}

const xml = (body: string) => (_req: IncomingMessage, res: ServerResponse) =>
  void res.writeHead(200, { "content-type": "application/rss+xml" }).end(body);
const html = (body: string) => (_req: IncomingMessage, res: ServerResponse) =>
  void res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(body);
const endless = (type: string) => (_req: IncomingMessage, res: ServerResponse) => {
  res.writeHead(200, { "content-type": type });
  streamRepeated(res, Buffer.alloc(64 * 1024, 0x20), GB, { bytes: 0 });
};
const gzipBomb = (type: string) => (_req: IncomingMessage, res: ServerResponse) => {
  res.writeHead(200, { "content-type": type, "content-encoding": "gzip" });
  streamRepeated(res, bombs.gzipMember, bombs.gzipMember.length * 64, { bytes: 0 });
};

/** Group 3's toll for link case i: its own party, its own value. */
export const linkToll = (i: number) => ({ party: PARTIES[i] as string, value: 100 + i });

export function linksFeed(url: string): FeedSpec {
  return feedSpec(url, "Links to everywhere");
}

/** Feeds that must fail alone: each with the phrase its error gives. */
export const FAILING_FEEDS: Array<{ path: string; handler: Handler; says: RegExp }> = [
  { path: "/cycle/1gb", handler: endless("application/rss+xml"), says: /larger than the 5\.0 MB cap/ },
  { path: "/cycle/gzip-bomb", handler: gzipBomb("application/rss+xml"), says: /decompressed body is larger/ },
  { path: "/cycle/hang", handler: () => {}, says: /timed out waiting for the response headers/ },
  {
    path: "/cycle/drip",
    handler: (_req, res) => {
      res.writeHead(200, { "content-type": "application/rss+xml" });
      const timer = setInterval(() => res.write(" "), 50);
      res.on("close", () => clearInterval(timer));
    },
    says: /timed out the whole request/,
  },
  { path: "/cycle/reset", handler: (req) => void req.socket.destroy(), says: /network error/ },
  {
    path: "/cycle/loop",
    handler: (_req, res) => void res.writeHead(302, { location: "/cycle/loop" }).end(),
    says: /redirect loop/,
  },
  {
    path: "/cycle/html",
    handler: html("<!doctype html><html><body><p>Home</p></body></html>"),
    says: /HTML page, not a feed/,
  },
  {
    path: "/cycle/binary",
    handler: xml(String.fromCharCode(...Array.from({ length: 4096 }, (_, i) => (i * 37) % 256))),
    says: /not a feed/,
  },
  { path: "/cycle/not-found", handler: (_req, res) => void res.writeHead(404).end(), says: /HTTP 404/ },
];

/** Feeds that are odd but readable: truncated, entity bombs. */
export const ODD_FEEDS: Array<{ path: string; handler: Handler; party: string; value: number }> = [
  {
    path: "/cycle/truncated",
    handler: xml(rssOf("Cut", [{ guid: "t1", title: "Floods", summary: toll("Zambia", 31) }]).slice(0, -30)),
    party: "Zambia",
    value: 31,
  },
  {
    path: "/cycle/laughs",
    handler: xml(
      `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "ha">${Array.from({ length: 9 }, (_, i) => `<!ENTITY ${"b".repeat(i + 1)} "${`&${i === 0 ? "a" : "b".repeat(i)};`.repeat(10)}">`).join("")}]>` +
        rssOf("Laughs", [{ guid: "l1", title: "&bbbbbbbbb;", summary: toll("Malawi", 32) }]).replace(
          /^<\?xml[^>]*>/,
          "",
        ),
    ),
    party: "Malawi",
    value: 32,
  },
];

/** Article pages that are hostile; read: the page's toll is alerted; fallback: the summary's. */
export const HOSTILE_PAGES: Array<{
  name: string;
  handler: Handler;
  outcome: "read" | "fallback";
  says?: RegExp;
}> = [
  {
    name: "a 2 MB single line",
    handler: html(
      `<html><body><article><p>${toll("Chile", 201)} ${"The rescue went on. ".repeat(100_000)}</p></article></body></html>`,
    ),
    outcome: "read",
  },
  {
    name: "invalid UTF-8",
    handler: (_req, res) =>
      void res
        .writeHead(200, { "content-type": "text/html; charset=utf-8" })
        .end(
          Buffer.concat([
            Buffer.from(`<html><body><article><p>${toll("Kenya", 202)}`),
            Buffer.from([0xc3, 0x28, 0xff, 0xfe]),
            Buffer.from(" The search went on.</p></article></body></html>"),
          ]),
        ),
    outcome: "read",
  },
  {
    name: "scripts only",
    handler: html(`<html><body><script>${"var a = 1;".repeat(1_000)}</script></body></html>`),
    outcome: "fallback",
    says: /no article text found/,
  },
  { name: "1 GB", handler: endless("text/html"), outcome: "fallback", says: /larger than the 5\.0 MB cap/ },
  {
    name: "a gzip bomb",
    handler: gzipBomb("text/html"),
    outcome: "fallback",
    says: /decompressed body is larger/,
  },
  { name: "a hang", handler: () => {}, outcome: "fallback", says: /timed out/ },
  {
    name: "a reset",
    handler: (req) => void req.socket.destroy(),
    outcome: "fallback",
    says: /network error/,
  },
  {
    name: "a PDF",
    handler: (_req, res) => void res.writeHead(200, { "content-type": "application/pdf" }).end("%PDF"),
    outcome: "fallback",
    says: /not an HTML page/,
  },
];
const LINE_PARTIES = ["Paraguay", "Honduras", "Panama", "Belize", "Jamaica"];
const PAGE_PARTIES = ["Chile", "Kenya", "Nepal", "Ghana", "Norway", "Fiji", "Mali", "Chad"];
export const pageToll = (i: number, from: "read" | "fallback") => ({
  party: PAGE_PARTIES[i] as string,
  value: (from === "read" ? 201 : 301) + i,
});

export function cycleRoutes(port: () => number): Record<string, Handler> {
  const base = () => `http://wire.test:${port()}`;
  const routes: Record<string, Handler> = {};
  routes["/links.xml"] = (req, res) => {
    const items = LINK_CASES.map((c, i) => {
      const { party, value } = linkToll(i);
      return {
        guid: `link-${i}`,
        title: `Floods in ${party}`,
        link: c.link.replaceAll("PORT", String(port())),
        summary: toll(party, value),
      };
    });
    xml(rssOf("Links", items))(req, res);
  };
  for (const [path, target] of Object.entries(REDIRECTS)) {
    routes[path] = (_req, res) => void res.writeHead(302, { location: target(port()) }).end();
  }
  for (const f of [...FAILING_FEEDS, ...ODD_FEEDS]) routes[f.path] = f.handler;
  HOSTILE_PAGES.forEach((p, i) => {
    routes[`/page/${i}`] = p.handler;
  });
  routes["/pages.xml"] = (req, res) => {
    const items = HOSTILE_PAGES.map((p, i) => {
      const { party, value } = pageToll(i, "fallback");
      return {
        guid: `page-${i}`,
        title: `${p.name}: floods in ${party}`,
        link: `${base()}/page/${i}`,
        summary: toll(party, value),
      };
    });
    xml(rssOf("Pages", items))(req, res);
  };
  routes["/deep.xml"] = xml(
    rssOf("Deep", [
      {
        guid: "deep-1",
        title: "Deep",
        summary: toll("Bolivia", 41),
        content: `${"<div>".repeat(20_000)}<p>${toll("Bolivia", 41)}</p>`,
        published: "2024-03-13T09:00:00Z",
      },
      { guid: "deep-2", title: "Plain", summary: toll("Ecuador", 42), published: "2024-03-13T10:00:00Z" },
    ]),
  );
  routes["/tolls.xml"] = xml(
    rssOf(
      "Tolls",
      ENGINEERED.map((e, i) => ({ guid: `toll-${i}`, title: e.title, summary: e.title, content: e.content })),
    ),
  );
  return routes;
}

/**
 * Items built to look like tolls, read from the feed's own HTML. The bound on their alerts: an article is
 * one publication, so it can open or revise each tally (party, population, category) at most once.
 */
export const ENGINEERED: Array<{ title: string; content: string; parties: string[]; maxAlerts: number }> = [
  {
    title: "Two billion",
    content: `<p>${"Peru's health ministry said 2,000,000,000 people were killed. ".repeat(3)}</p>`,
    parties: ["Peru"],
    maxAlerts: 0,
  },
  {
    title: "One toll, revised 500 times in one article",
    content: `<p>${Array.from({ length: 500 }, (_, i) => `Uruguay's health ministry said ${i + 10} people were killed.`).join(" ")}</p>`,
    parties: ["Uruguay"],
    maxAlerts: 1,
  },
  {
    title: "500 lines of numbers",
    content: Array.from(
      { length: 500 },
      (_, i) => `<p>${LINE_PARTIES[i % 5]} ${i * 13 + 7} killed ${i * 7 + 3} wounded ${i % 50} missing</p>`,
    ).join(""),
    parties: LINE_PARTIES,
    maxAlerts: 15,
  },
  {
    title: "A table of 500 rows",
    content:
      "<p>Haiti's health ministry published its figures for each district on Monday.</p><table><tr><th>District</th><th>Killed</th><th>Missing</th></tr>" +
      Array.from(
        { length: 500 },
        (_, i) => `<tr><td>District ${i + 1}</td><td>${i * 3 + 1}</td><td>${i % 9}</td></tr>`,
      ).join("") +
      "</table>",
    parties: ["Haiti"],
    maxAlerts: 0,
  },
];
