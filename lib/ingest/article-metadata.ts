import type { CheerioAPI } from "cheerio/slim";
import { collapseWhitespace } from "./article-dom.ts";
import { parseDate } from "./dates.ts";

export interface ArticleMetadata {
  title: string | null;
  /** Whether `title` came from og:title / twitter:title / JSON-LD rather than <title>. */
  titleIsHeadline: boolean;
  h1: string | null;
  published: string | null;
  byline: string | null;
  siteName: string | null;
  lang: string | null;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * How deep JSON-LD is read: real markup bundles entities an array or a @graph or two deep and lists
 * names one array deep. JSON.parse takes arrays nested 100,000 deep, which a recursive read would not.
 */
const MAX_LD_DEPTH = 8;

/** Flattens arrays and @graph containers, the two ways sites bundle several JSON-LD entities. */
function flattenLd(value: Json, out: JsonObject[], depth = 0): void {
  if (depth > MAX_LD_DEPTH) return;
  if (Array.isArray(value)) {
    for (const v of value) flattenLd(v, out, depth + 1);
  } else if (isObject(value)) {
    out.push(value);
    const graph = value["@graph"];
    if (graph !== undefined) flattenLd(graph, out, depth + 1);
  }
}

function ldTypes(obj: JsonObject): string[] {
  const t = obj["@type"];
  if (typeof t === "string") return [t];
  if (Array.isArray(t)) return t.filter((x): x is string => typeof x === "string");
  return [];
}

function ldString(v: Json | undefined, depth = 0): string | null {
  if (typeof v === "string") return collapseWhitespace(v) || null;
  if (Array.isArray(v) && depth < MAX_LD_DEPTH) {
    const names = v.map((x) => ldName(x, depth + 1)).filter((x): x is string => x !== null);
    return names.length > 0 ? names.join(", ") : null;
  }
  return null;
}

function ldName(v: Json | undefined, depth = 0): string | null {
  if (isObject(v)) return ldString(v.name, depth);
  return ldString(v, depth);
}

interface LdArticle {
  headline: string | null;
  datePublished: string | null;
  author: string | null;
  publisher: string | null;
}

function readJsonLd($: CheerioAPI): LdArticle {
  const entities: JsonObject[] = [];
  for (const script of $('script[type="application/ld+json"]')) {
    const raw = $(script)
      .text()
      .replace(/^\s*(?:<!--|\/\/\s*<!\[CDATA\[)/, "")
      .replace(/(?:-->|\/\/\s*\]\]>)\s*$/, "");
    try {
      flattenLd(JSON.parse(raw) as Json, entities);
    } catch {
      // Hand-written JSON-LD is often invalid; the meta tags still carry the same facts.
    }
  }
  // Article-like entities first, so a WebSite or Organization node does not lend its name as a headline.
  const articleLike = (o: JsonObject) =>
    ldTypes(o).some((t) => /Article|Posting|Report|NewsArticle/i.test(t));
  const ordered = [...entities.filter(articleLike), ...entities.filter((o) => !articleLike(o))];
  const first = <T>(pick: (o: JsonObject) => T | null): T | null => {
    for (const o of ordered) {
      const v = pick(o);
      if (v !== null) return v;
    }
    return null;
  };
  return {
    headline: first((o) => (articleLike(o) ? ldString(o.headline) : null)),
    datePublished: first((o) => (typeof o.datePublished === "string" ? o.datePublished : null)),
    author: first((o) => (articleLike(o) ? ldName(o.author) : null)),
    publisher: first((o) => (articleLike(o) ? ldName(o.publisher) : null)),
  };
}

/**
 * Dates are normalized to UTC with a `Z` suffix (the same form as FeedItem.published), so that
 * values from feeds and pages compare as strings. A numeric date-time without an offset is taken as
 * UTC: the page gives no better information and a guessed local zone would be wrong as often.
 */
export function normalizeDate(value: string | null | undefined): string | null {
  return parseDate(value, { requireZoneForText: true });
}

function metaMap($: CheerioAPI): Map<string, string> {
  const map = new Map<string, string>();
  for (const el of $("meta")) {
    const a = el.attribs;
    const content = a.content;
    if (content === undefined || content.trim() === "") continue;
    for (const key of [a.property, a.name, a.itemprop]) {
      if (key === undefined) continue;
      const k = key.trim().toLowerCase();
      if (!map.has(k)) map.set(k, collapseWhitespace(content));
    }
  }
  return map;
}

function firstText($: CheerioAPI, selector: string, maxLen: number): string | null {
  for (const el of $(selector)) {
    const t = collapseWhitespace($(el).text());
    if (t.length > 0 && t.length <= maxLen) return t;
  }
  return null;
}

const looksLikeUrl = (s: string): boolean => /^(?:https?:)?\/\//i.test(s);

export function readMetadata($: CheerioAPI): ArticleMetadata {
  const meta = metaMap($);
  const ld = readJsonLd($);
  const pick = (...keys: string[]): string | null => {
    for (const k of keys) {
      const v = meta.get(k);
      if (v !== undefined && !looksLikeUrl(v)) return v;
    }
    return null;
  };

  const docTitle = collapseWhitespace($("head title").first().text() || $("title").first().text());
  const h1 = firstText($, "h1", 300);
  const headline = pick("og:title", "twitter:title") ?? ld.headline;
  const title = headline ?? (docTitle || null) ?? pick("title", "dc.title") ?? h1;
  const titleIsHeadline = headline !== null;

  const published =
    [
      pick("article:published_time", "article:published", "og:published_time", "datepublished"),
      ld.datePublished,
      pick("dc.date.issued", "dc.date", "pubdate", "publishdate", "date"),
      $("time[itemprop=datePublished], time[pubdate]").first().attr("datetime") ?? null,
    ]
      .map(normalizeDate)
      .find((d) => d !== null) ?? null;

  const byline =
    pick(
      "author",
      "article:author",
      "og:article:author",
      "dc.creator",
      "sailthru.author",
      "parsely-author",
    ) ??
    ld.author ??
    firstText($, "[rel=author], [itemprop=author] [itemprop=name], [itemprop=author]", 120) ??
    firstText($, "[class*=byline], [class*=Byline]", 120);

  const siteName = pick("og:site_name", "application-name") ?? ld.publisher;
  const lang = $("html[lang]").first().attr("lang")?.trim() || null;

  return { title, titleIsHeadline, h1, published, byline, siteName, lang };
}

const SEPARATORS = [" | ", " - ", " – ", " — ", " :: ", " · ", " » "];

function wordCount(s: string): number {
  return s.split(/\s+/).filter(Boolean).length;
}

/**
 * Removes trailing " | Site" / " - Section - Site" parts. A suffix goes when it names the site;
 * from a <title> (`lenient`), also when it is short and what remains still reads as a headline.
 * Headlines proper keep other suffixes: "Strike kills 30 - health ministry" names its source.
 */
export function cleanTitle(title: string, siteNames: string[], h1: string | null, lenient: boolean): string {
  let t = collapseWhitespace(title);
  if (h1 !== null && h1.length >= 15 && t.startsWith(h1) && t !== h1) return h1;
  const sites = siteNames.map((n) => n.toLowerCase().replace(/^the\s+/, "")).filter((n) => n.length > 1);
  for (let round = 0; round < 3; round++) {
    let best = -1;
    let sepLen = 0;
    for (const sep of SEPARATORS) {
      const i = t.lastIndexOf(sep);
      if (i > best) {
        best = i;
        sepLen = sep.length;
      }
    }
    if (best <= 0) break;
    const head = t.slice(0, best).trim();
    const tail = t
      .slice(best + sepLen)
      .trim()
      .toLowerCase();
    const squashed = tail.replace(/[^\p{L}\p{N}]+/gu, "");
    const namesSite = sites.some((s) => {
      const site = s.replace(/[^\p{L}\p{N}]+/gu, "");
      return site.length > 1 && (squashed.includes(site) || site.includes(squashed));
    });
    if (!namesSite && !(lenient && wordCount(tail) <= 4 && wordCount(head) >= 4)) break;
    if (wordCount(head) < 2) break;
    t = head;
  }
  return t;
}
