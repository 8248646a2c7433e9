import { type CheerioAPI, load } from "cheerio/slim";
import type { Article } from "../model/ingest.ts";
import { type DomElement, type DomNode, isElement } from "./article-dom.ts";
import { cleanTitle, normalizeDate, readMetadata } from "./article-metadata.ts";
import { chooseMainBlocks, scoreDocument } from "./article-scoring.ts";
import { extractParagraphs } from "./article-text.ts";
import { ArticleParseError } from "./errors.ts";
import { limitNesting } from "./nesting.ts";

/** Below this much text, what was found is a stub or page chrome, not an article worth reading. */
const MIN_ARTICLE_CHARS = 50;

function hostLabel(url: string | undefined): string | null {
  if (url === undefined) return null;
  try {
    const host = new URL(url).hostname.replace(/^www\./, "");
    return host.split(".")[0] ?? null;
  } catch {
    return null;
  }
}

/**
 * Last resort for the date: a <time datetime> inside the article itself, or the page's only one.
 * Other <time> elements on a page usually date teasers and comments, not this story.
 */
function timeInBlocks($: CheerioAPI, blocks: DomElement[] | null): string | null {
  if (blocks !== null) {
    const inside = firstTimeInside(blocks);
    const date = normalizeDate(inside?.attribs.datetime);
    if (date !== null) return date;
  }
  const all = $("time[datetime]");
  return all.length === 1 ? normalizeDate(all.attr("datetime")) : null;
}

/**
 * The first <time datetime> below the blocks, in document order. Walked directly: a cheerio `find` on
 * many blocks sorts them by ancestry pairwise, which a page of 100,000 paragraphs makes take minutes.
 */
function firstTimeInside(blocks: DomElement[]): DomElement | null {
  const stack: DomNode[] = [];
  for (let b = blocks.length - 1; b >= 0; b--) {
    const children = (blocks[b] as DomElement).children;
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as DomNode);
  }
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (!isElement(node)) continue;
    if (node.name === "time" && node.attribs.datetime !== undefined) return node;
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as DomNode);
  }
  return null;
}

/**
 * Extracts the main text and metadata of a news article page.
 *
 * The page is parsed once with cheerio/slim (htmlparser2), nested at most MAX_NESTING deep (see
 * nesting.ts: deeper markup is flattened, its text kept). Boilerplate is pruned and candidate
 * blocks are scored in a single bottom-up pass (see article-scoring.ts); the winning block and its
 * related siblings are then cut into paragraphs. `published` is ISO 8601 in UTC (`Z`); a page date
 * without an offset is read as UTC.
 *
 * @throws ArticleParseError when the input is empty, is not HTML, or has no main text block.
 */
export function extractArticle(html: string, options?: { url?: string }): Article {
  const source = options?.url ?? "input";
  if (html.trim() === "") {
    throw new ArticleParseError(
      `${source}: the page is empty; check that the fetch returned a body before extracting`,
      source,
    );
  }
  if (!/<[a-zA-Z!?/]/.test(html.slice(0, 4096)) || /^\s*[[{]/.test(html)) {
    throw new ArticleParseError(
      `${source}: the body is not HTML (no tags near the start); check the URL and its Content-Type`,
      source,
    );
  }

  let $: CheerioAPI;
  try {
    $ = load(limitNesting(html).markup);
  } catch (cause) {
    throw new ArticleParseError(`${source}: the HTML could not be parsed; check the page encoding`, source, {
      cause,
    });
  }

  const meta = readMetadata($);
  const root = $.root()[0] as unknown as DomNode;
  const scored = scoreDocument(root);
  const blocks: DomElement[] | null =
    chooseMainBlocks(scored) ??
    (scored.body !== null && scored.stats.has(scored.body) ? [scored.body] : null);

  const siteNames = [meta.siteName, hostLabel(options?.url)].filter((s): s is string => s !== null);
  const title = meta.title === null ? "" : cleanTitle(meta.title, siteNames, meta.h1, !meta.titleIsHeadline);
  const paragraphs = blocks === null ? [] : extractParagraphs(blocks, scored.stats, title, meta.byline);
  const text = paragraphs.join("\n\n");
  if (text.length < MIN_ARTICLE_CHARS) {
    throw new ArticleParseError(
      `${source}: no article text found (only navigation, scripts or boilerplate); check that the URL is an article page, not a section or index page`,
      source,
    );
  }

  return {
    title,
    published: meta.published ?? timeInBlocks($, blocks),
    byline: meta.byline,
    siteName: meta.siteName,
    lang: meta.lang,
    paragraphs,
    text,
  };
}
