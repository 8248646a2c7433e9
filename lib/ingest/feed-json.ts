import type { FeedItem, ParsedFeed } from "../model/ingest.ts";
import { parseDate } from "./dates.ts";
import { FeedParseError } from "./errors.ts";
import { htmlToText, resolveUrl, tidyText } from "./feed-text.ts";
import { fallbackId } from "./feed-xml.ts";

/** JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1). */

export interface JsonContext {
  source: string;
  url: string | null;
  warnings: string[];
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | null {
  if (typeof value === "string") return value.trim() || null;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return null;
}

/** 1.1 has `authors`; 1.0 had a single `author`. */
function authorOf(item: JsonObject): string | null {
  const first = Array.isArray(item.authors) ? item.authors.find(isObject) : undefined;
  const author = first ?? (isObject(item.author) ? item.author : undefined);
  const name = author ? str(author.name) : null;
  return name ? tidyText(name) || null : null;
}

function readItem(item: JsonObject, base: string | null): FeedItem {
  const title = htmlToText(str(item.title) ?? "");
  const url = resolveUrl(str(item.url), base) ?? resolveUrl(str(item.external_url), base);
  const published = parseDate(str(item.date_published)) ?? parseDate(str(item.date_modified));
  return {
    id: str(item.id) ?? url ?? fallbackId(title, published),
    url,
    title,
    published,
    summary: htmlToText(str(item.summary) ?? str(item.content_text) ?? ""),
    content: str(item.content_html),
    author: authorOf(item),
  };
}

export function parseJsonFeed(text: string, ctx: JsonContext): ParsedFeed {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new FeedParseError(
      `${ctx.source}: looks like JSON but does not parse (${(error as Error).message}); the body may be cut off — fetch it again or check the URL`,
      ctx.source,
      { cause: error },
    );
  }
  const version = isObject(data) ? str(data.version) : null;
  const declared = version !== null && /^https?:\/\/jsonfeed\.org\/version\//.test(version);
  if (!isObject(data) || (!declared && !(Array.isArray(data.items) && typeof data.title === "string"))) {
    throw new FeedParseError(
      `${ctx.source}: JSON, but not a JSON Feed (no jsonfeed.org version, no title and items); find the site's RSS, Atom or JSON Feed link`,
      ctx.source,
    );
  }
  if (!declared) ctx.warnings.push("JSON Feed without a jsonfeed.org version; read as 1.1");
  const base = ctx.url ?? resolveUrl(str(data.feed_url), null) ?? resolveUrl(str(data.home_page_url), null);
  const raw = Array.isArray(data.items) ? data.items : [];
  if (!Array.isArray(data.items)) ctx.warnings.push("JSON Feed has no items array");
  const objects = raw.filter(isObject);
  if (objects.length < raw.length)
    ctx.warnings.push(`skipped ${raw.length - objects.length} item(s) that are not objects`);
  return {
    format: "jsonfeed1",
    title: htmlToText(str(data.title) ?? ""),
    link: resolveUrl(str(data.home_page_url), base),
    items: objects.map((item) => readItem(item, base)),
    warnings: ctx.warnings,
  };
}
