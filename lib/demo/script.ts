/**
 * The demo's timeline: three fictional outlets, each with its own feed, publishing articles over
 * simulated days. A step is one simulated day; on it the feeds carry every article published so far,
 * each in its latest text (an article revised in place keeps its URL and changes its text).
 */

import { armeniaArticles } from "./articles/armenia.ts";
import type { ArticleText, DemoArticle, OutletId } from "./articles/article.ts";
import { azerbaijanArticles } from "./articles/azerbaijan.ts";
import { civilianArticles } from "./articles/civilians.ts";
import { noiseArticles } from "./articles/noise.ts";
import { worldArticles } from "./articles/world.ts";

export type { ArticleText, DemoArticle, IntendedFigure, OutletId } from "./articles/article.ts";

/** How an outlet publishes: RSS 2.0 with a summary, Atom with a summary, or RSS with the full text. */
export type FeedFormat = "rss" | "atom" | "rss-full";

export interface DemoOutlet {
  id: OutletId;
  name: string;
  format: FeedFormat;
  /** Path of the feed on the demo server. */
  feedPath: string;
  /** The offset of the outlet's local time, as RSS and Atom dates print it. */
  utcOffset: "+00:00" | "+04:00";
  tagline: string;
}

export const OUTLETS: readonly DemoOutlet[] = [
  {
    id: "caucasus-wire",
    name: "Caucasus Wire",
    format: "rss",
    feedPath: "/caucasus-wire/feed.xml",
    utcOffset: "+00:00",
    tagline: "Regional news agency covering the South Caucasus",
  },
  {
    id: "baku-daily-monitor",
    name: "Baku Daily Monitor",
    format: "atom",
    feedPath: "/baku-daily-monitor/atom.xml",
    utcOffset: "+04:00",
    tagline: "News from Azerbaijan, every morning",
  },
  {
    id: "yerevan-evening-post",
    name: "Yerevan Evening Post",
    format: "rss-full",
    feedPath: "/yerevan-evening-post/rss.xml",
    utcOffset: "+04:00",
    tagline: "Armenia's evening paper",
  },
];

/** Every article, in the order of the day it first appears. */
export const ARTICLES: readonly DemoArticle[] = [
  ...civilianArticles,
  ...armeniaArticles,
  ...azerbaijanArticles,
  ...noiseArticles,
  ...worldArticles,
].sort((a, b) => `${a.day}T${a.time}`.localeCompare(`${b.day}T${b.time}`));

/** The simulated days, one per step: every day on which an article appears or is revised. */
export const STEPS: readonly string[] = [
  ...new Set(ARTICLES.flatMap((a) => [a.day, ...(a.revisions ?? []).map((r) => r.day)])),
].sort();

/** An article as a reader sees it on one day: the text in force then, and when it was first published. */
export interface PublishedArticle {
  article: DemoArticle;
  outlet: DemoOutlet;
  path: string;
  text: ArticleText;
  /** 0 for the first text, n for the n-th revision. */
  revision: number;
  /** ISO 8601 (UTC) of the first publication and of the text in force. */
  publishedAt: string;
  updatedAt: string;
}

export function outletOf(id: OutletId): DemoOutlet {
  const outlet = OUTLETS.find((o) => o.id === id);
  if (outlet === undefined) throw new Error(`demo script: no outlet "${id}"; add it to OUTLETS`);
  return outlet;
}

export function articlePath(article: DemoArticle): string {
  return `/${article.outlet}/${article.day.replaceAll("-", "/")}/${article.id}`;
}

export function isoAt(text: Pick<ArticleText, "day" | "time">): string {
  return `${text.day}T${text.time}:00Z`;
}

/** The simulated clock at a step: noon UTC of its day, after every article of that day is out. */
export function clockAt(step: number): Date {
  const day = STEPS[step];
  if (day === undefined) throw new RangeError(`demo step ${step} is out of range 0..${STEPS.length - 1}`);
  return new Date(`${day}T12:00:00Z`);
}

/** The articles out by a step's day, newest first, each in the text in force that day. */
export function publishedAt(step: number): PublishedArticle[] {
  const day = STEPS[step];
  if (day === undefined) throw new RangeError(`demo step ${step} is out of range 0..${STEPS.length - 1}`);
  const out: PublishedArticle[] = [];
  for (const article of ARTICLES) {
    if (article.day > day) continue;
    const texts: ArticleText[] = [article, ...(article.revisions ?? [])].filter((t) => t.day <= day);
    const revision = texts.length - 1;
    const text = texts[revision] ?? article;
    out.push({
      article,
      outlet: outletOf(article.outlet),
      path: articlePath(article),
      text,
      revision,
      publishedAt: isoAt(article),
      updatedAt: isoAt(text),
    });
  }
  return out.sort((a, b) => b.publishedAt.localeCompare(a.publishedAt));
}

/** The texts that first appear on a step's day: new articles and revisions. */
export function appearingAt(step: number): PublishedArticle[] {
  const day = STEPS[step];
  return publishedAt(step).filter((p) => p.text.day === day);
}
