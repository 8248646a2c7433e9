import { readFile } from "node:fs/promises";
import { basename, dirname, extname, join } from "node:path";
import { extractArticle } from "../ingest/article.ts";
import { decodeBody } from "../ingest/charset.ts";
import { TollWatchError } from "../ingest/errors.ts";
import type { ArticleInput } from "../model/figure.ts";
import { InputFileError, loadSource } from "./source.ts";

/** What a corpus manifest.json says about one article (../shared/corpus/FORMAT.md, "Articles"). */
export interface ManifestEntry {
  file: string;
  outlet: string | null;
  published: string | null;
}

/** A manifest.json: its articles in publication order, and the same by file name. */
export interface Manifest {
  path: string;
  articles: ManifestEntry[];
  byFile: Map<string, ManifestEntry>;
}

/** One article ready for extraction, with the name it is reported under. */
export interface LoadedDocument {
  /** The path or URL exactly as given. */
  name: string;
  input: ArticleInput;
}

/** Manifests by folder, so a hundred files of one folder read its manifest once. */
export type ManifestCache = Map<string, Promise<Manifest | null>>;

const DATE = /^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** The manifest.json in `dir`, or null when there is none; a malformed one is an error, not a silent skip. */
export async function readManifest(dir: string): Promise<Manifest | null> {
  const path = join(dir, "manifest.json");
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new InputFileError(`${path}: cannot be read (${(cause as NodeJS.ErrnoException).code})`, { cause });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new InputFileError(`${path}: not valid JSON (${(cause as Error).message})`, { cause });
  }
  const list = (raw as { articles?: unknown } | null)?.articles;
  if (!Array.isArray(list)) throw new InputFileError(`${path}: expected { "articles": [ ... ] }`);
  const articles = list.map((item: unknown, i): ManifestEntry => {
    const entry = (item ?? {}) as Record<string, unknown>;
    const bad = (what: string) => new InputFileError(`${path}: articles[${i}]: ${what}`);
    if (typeof entry.file !== "string" || entry.file === "") throw bad('"file" must be a file name');
    const published = entry.published ?? null;
    if (published !== null && (typeof published !== "string" || !DATE.test(published))) {
      throw bad(`"published" must be YYYY-MM-DD, got ${JSON.stringify(published)}`);
    }
    const outlet = typeof entry.outlet === "string" && entry.outlet !== "" ? entry.outlet : null;
    return { file: entry.file, outlet, published };
  });
  return { path, articles, byFile: new Map(articles.map((a) => [a.file, a])) };
}

function cachedManifest(dir: string, cache: ManifestCache): Promise<Manifest | null> {
  let manifest = cache.get(dir);
  if (manifest === undefined) {
    manifest = readManifest(dir);
    cache.set(dir, manifest);
  }
  return manifest;
}

function looksLikeHtml(name: string, contentType: string | null, text: string): boolean {
  if (/\.html?$/i.test(extname(name))) return true;
  if (contentType !== null && /\bhtml\b/i.test(contentType)) return true;
  const head = text.slice(0, 4096);
  return /^\s*</.test(head) || /<(?:html|body)[\s>]/i.test(head);
}

/**
 * Reads one article: plain text (first line = headline) or an HTML page (main text and title via the
 * article extractor). The publication date comes from `published`, else the manifest.json beside the file,
 * else the page's own metadata; the outlet from the manifest, else the page.
 *
 * @throws TollWatchError naming the input when it cannot be read or holds no article.
 */
export async function loadDocument(
  name: string,
  options: { published?: string | null; manifests?: ManifestCache } = {},
): Promise<LoadedDocument> {
  const source = await loadSource(name, "article");
  const entry =
    source.url === null
      ? (await cachedManifest(dirname(name), options.manifests ?? new Map()))?.byFile.get(basename(name))
      : undefined;
  const { text } = decodeBody(source.bytes, { contentType: source.contentType });
  const published = options.published ?? entry?.published ?? null;
  if (looksLikeHtml(name, source.contentType, text)) {
    const article = extractArticle(text, { url: source.url ?? name });
    return {
      name,
      input: {
        text: article.text,
        title: article.title || null,
        published: published ?? article.published,
        outlet: entry?.outlet ?? article.siteName,
      },
    };
  }
  if (text.trim() === "") throw new TollWatchError(`${name}: the file is empty; give an article's text`);
  const headline = text.trim().split(/\r?\n/, 1)[0]?.trim() ?? "";
  return {
    name,
    input: { text, title: headline || null, published, outlet: entry?.outlet ?? null },
  };
}
