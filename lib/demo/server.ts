/**
 * The demo's news server: node:http on 127.0.0.1 and a free port, serving each outlet's feed and its
 * article pages as they stand on the current simulated day. It behaves like a careful real site: ETags
 * that change exactly when the bytes do, Last-Modified from the newest text, 304 for a conditional GET
 * that matches, 404 for a story not yet published.
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { newestUpdate, renderFeed, renderPage } from "./render.ts";
import { type DemoOutlet, OUTLETS, type PublishedArticle, publishedAt, STEPS } from "./script.ts";

/** Teasers of earlier stories under each article page. */
const EARLIER_TEASERS = 3;

export interface DemoFeed {
  outlet: DemoOutlet;
  url: string;
}

export interface DemoServer {
  /** e.g. http://127.0.0.1:40123 */
  url: string;
  feeds: DemoFeed[];
  /** The current step (index into STEPS); -1 before the first advance, when every feed is empty. */
  readonly step: number;
  /** Publishes everything up to the step's day. Steps may only move forward, as days do. */
  advanceTo(step: number): void;
  /** Requests answered so far, by status code. */
  readonly stats: Readonly<Record<number, number>>;
  close(): Promise<void>;
}

interface Document {
  body: string;
  contentType: string;
  etag: string;
  lastModified: string;
}

export async function startDemoServer(): Promise<DemoServer> {
  let step = -1;
  let visible: PublishedArticle[] = [];
  const stats: Record<number, number> = {};
  let baseUrl = "";

  const documentFor = (path: string): Document | null => {
    const outlet = OUTLETS.find((o) => o.feedPath === path);
    if (outlet !== undefined) {
      const items = visible.filter((p) => p.outlet.id === outlet.id);
      const type = outlet.format === "atom" ? "application/atom+xml" : "application/rss+xml";
      return documentOf(renderFeed(outlet, items, baseUrl), type, newestUpdate(items));
    }
    const index = visible.findIndex((p) => p.path === path);
    const item = visible[index];
    if (item === undefined) return null;
    // `visible` is newest first: the outlet's stories after this one in the list came out before it.
    const earlier = visible
      .slice(index + 1)
      .filter((p) => p.outlet.id === item.outlet.id)
      .slice(0, EARLIER_TEASERS);
    return documentOf(renderPage(item, baseUrl, earlier), "text/html", item.updatedAt);
  };

  const handle = (req: IncomingMessage, res: ServerResponse): number => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
      return 405;
    }
    const path = decodeURI((req.url ?? "/").split("?")[0] ?? "/");
    const doc = documentFor(path);
    if (doc === null) {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("no such page (yet)\n");
      return 404;
    }
    const headers = { etag: doc.etag, "last-modified": doc.lastModified, "cache-control": "no-cache" };
    if (notModified(req, doc)) {
      res.writeHead(304, headers).end();
      return 304;
    }
    res.writeHead(200, { ...headers, "content-type": `${doc.contentType}; charset=utf-8` });
    res.end(req.method === "HEAD" ? undefined : doc.body);
    return 200;
  };

  const server = createServer((req, res) => {
    let status: number;
    try {
      status = handle(req, res);
    } catch (err) {
      status = 500;
      res.writeHead(500, { "content-type": "text/plain" }).end(String(err));
    }
    stats[status] = (stats[status] ?? 0) + 1;
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;

  return {
    url: baseUrl,
    feeds: OUTLETS.map((outlet) => ({ outlet, url: baseUrl + outlet.feedPath })),
    get step() {
      return step;
    },
    advanceTo(next: number) {
      if (!Number.isInteger(next) || next < 0 || next >= STEPS.length) {
        throw new RangeError(`demo server: step ${next} is out of range 0..${STEPS.length - 1}`);
      }
      if (next < step) throw new RangeError(`demo server: cannot go back from step ${step} to ${next}`);
      step = next;
      visible = publishedAt(step);
    },
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function documentOf(body: string, contentType: string, modifiedIso: string): Document {
  const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"`;
  return { body, contentType, etag, lastModified: new Date(modifiedIso).toUTCString() };
}

/** RFC 9110: If-None-Match decides when present; If-Modified-Since only without it. */
function notModified(req: IncomingMessage, doc: Document): boolean {
  const inm = req.headers["if-none-match"];
  if (inm !== undefined) {
    const tags = inm.split(",").map((t) => t.trim().replace(/^W\//, ""));
    return tags.includes("*") || tags.includes(doc.etag);
  }
  const ims = req.headers["if-modified-since"];
  if (ims === undefined) return false;
  const since = Date.parse(ims);
  return !Number.isNaN(since) && Date.parse(doc.lastModified) <= since;
}
