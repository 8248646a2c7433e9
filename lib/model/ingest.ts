/** One entry of a news feed, whatever the feed format was. */
export interface FeedItem {
  /** guid / Atom id / JSON Feed id, else the resolved url, else a hash of title+published. */
  id: string;
  /** Absolute http(s) URL of the article, resolved against xml:base and the feed URL; null when absent. */
  url: string | null;
  /** Plain text, entities decoded, whitespace collapsed. */
  title: string;
  /** ISO 8601 (UTC, `Z`) or null when absent or unparseable. */
  published: string | null;
  /** Plain text of the description / summary. */
  summary: string;
  /** HTML body when the feed carries one (content:encoded, Atom content, JSON Feed content_html); else null. */
  content: string | null;
  author: string | null;
}

export type FeedFormat = "rss0.9x" | "rss1.0" | "rss2.0" | "atom1.0" | "jsonfeed1";

export interface ParsedFeed {
  format: FeedFormat;
  title: string;
  /** The site's home page, if the feed names one. */
  link: string | null;
  items: FeedItem[];
  /** Problems tolerated while parsing (truncated document, undeclared namespace, ...). */
  warnings: string[];
}

/** The main content of an article page, as extracted from its HTML. */
export interface Article {
  title: string;
  /** ISO 8601 or null. */
  published: string | null;
  byline: string | null;
  siteName: string | null;
  lang: string | null;
  /** Main text, one entry per paragraph (or heading / list item), plain text. */
  paragraphs: string[];
  /** paragraphs joined by blank lines. */
  text: string;
}

/** How a body's character encoding was decided. */
export type CharsetSource = "bom" | "header" | "xml-declaration" | "html-meta" | "sniffed" | "default";

export interface DecodedBody {
  text: string;
  /** WHATWG encoding label, e.g. "utf-8", "windows-1252", "koi8-r". */
  encoding: string;
  source: CharsetSource;
}
