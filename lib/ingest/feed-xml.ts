import { createHash } from "node:crypto";
import { load } from "cheerio/slim";
import type { FeedFormat, FeedItem, ParsedFeed } from "../model/ingest.ts";
import { parseDate } from "./dates.ts";
import { FeedParseError } from "./errors.ts";
import { escapeHtml, htmlToText, resolveUrl, tidyText } from "./feed-text.ts";

/**
 * RSS 0.9x / 1.0 / 2.0 and Atom 1.0 (0.3 read as 1.0). cheerio's xml mode (htmlparser2) is tolerant
 * of everything real feeds get wrong and never expands DTD entities, so a "billion laughs" document
 * costs its own size and no more. We walk the node tree ourselves instead of using selectors: tag
 * names keep their prefixes, and prefixes are only a convention.
 */

// The parts of domhandler's node shapes we use; cheerio does not re-export those types.
interface XmlNode {
  type: string;
  parent: XmlNode | null;
  data?: string;
  children?: XmlNode[];
}
interface XmlElement extends XmlNode {
  type: "tag";
  name: string;
  attribs: Record<string, string>;
  children: XmlNode[];
}

export interface XmlContext {
  /** Label for error messages: the feed's URL or name. */
  source: string;
  /** The feed's own URL, the base of relative links when no xml:base says otherwise. */
  url: string | null;
  warnings: string[];
}

// Namespace URI → the short name used below. Undeclared prefixes are read by their usual meaning.
const KNOWN_NAMESPACES: Record<string, string> = {
  "http://purl.org/dc/elements/1.1/": "dc",
  "http://purl.org/dc/terms/": "dcterms",
  "http://purl.org/rss/1.0/modules/content/": "content",
  "http://www.w3.org/2005/Atom": "atom",
  "http://purl.org/atom/ns#": "atom",
  "http://rssnamespace.org/feedburner/ext/1.0": "feedburner",
  "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf",
  "http://purl.org/rss/1.0/": "",
  "http://my.netscape.com/rdf/simple/0.9/": "",
  "http://backend.userland.com/rss2": "",
  "http://www.itunes.com/dtds/podcast-1.0.dtd": "itunes",
  "http://search.yahoo.com/mrss/": "media",
  "http://www.w3.org/1999/xhtml": "xhtml",
};
const VOID_ELEMENTS = new Set("area base br col embed hr img input link meta source track wbr".split(" "));

class Reader {
  private readonly prefixes = new Map<string, string>();
  private readonly bases = new Map<XmlNode, string | null>();
  private readonly indexes = new WeakMap<XmlElement, Map<string, XmlElement[]>>();

  constructor(
    private readonly ctx: XmlContext,
    root: XmlNode,
  ) {
    this.scanNamespaces(root);
  }

  private scanNamespaces(root: XmlNode): void {
    const used = new Set<string>();
    const stack: XmlNode[] = [root];
    for (let node = stack.pop(); node; node = stack.pop()) {
      if (isElement(node)) {
        const colon = node.name.indexOf(":");
        if (colon > 0) used.add(node.name.slice(0, colon));
        for (const attr in node.attribs) {
          if (attr.startsWith("xmlns:") && !this.prefixes.has(attr.slice(6))) {
            this.prefixes.set(attr.slice(6), (node.attribs[attr] ?? "").trim());
          }
        }
      }
      if (node.children) for (const child of node.children) stack.push(child);
    }
    const undeclared = [...used].filter((p) => !this.prefixes.has(p) && p !== "xml" && p !== "xmlns");
    if (undeclared.length > 0) {
      this.ctx.warnings.push(
        `undeclared namespace prefix(es) ${undeclared.map((p) => `${p}:`).join(", ")}; read by their usual meaning`,
      );
    }
  }

  /** "dc:creator" → ["dc", "creator"], whatever prefix the feed bound the Dublin Core URI to. */
  qname(el: XmlElement): [string, string] {
    const colon = el.name.indexOf(":");
    const local = el.name.slice(colon + 1).toLowerCase();
    if (colon < 0) return ["", local];
    const prefix = el.name.slice(0, colon);
    const uri = this.prefixes.get(prefix);
    const ns = uri === undefined ? undefined : KNOWN_NAMESPACES[uri];
    return [ns ?? prefix.toLowerCase(), local];
  }

  /** Children by "ns:local", built once per element: items are looked up a dozen times each. */
  private index(el: XmlElement): Map<string, XmlElement[]> {
    let index = this.indexes.get(el);
    if (index) return index;
    index = new Map();
    for (const c of el.children) {
      if (!isElement(c)) continue;
      const [ns, local] = this.qname(c);
      const key = `${ns}:${local}`;
      const list = index.get(key);
      if (list) list.push(c);
      else index.set(key, [c]);
    }
    this.indexes.set(el, index);
    return index;
  }

  child(el: XmlElement, ns: string, local: string): XmlElement | null {
    return this.index(el).get(`${ns}:${local}`)?.[0] ?? null;
  }

  childrenNamed(el: XmlElement, ns: string, local: string): XmlElement[] {
    return this.index(el).get(`${ns}:${local}`) ?? [];
  }

  /** The base URL in force at `node`: xml:base on it and its ancestors, over the feed's own URL. */
  base(node: XmlNode | null): string | null {
    if (!node) return this.ctx.url;
    const cached = this.bases.get(node);
    if (cached !== undefined) return cached;
    const parentBase = this.base(node.parent);
    const own = isElement(node) ? node.attribs["xml:base"] : undefined;
    const base = own ? (resolveAnyScheme(own, parentBase) ?? parentBase) : parentBase;
    this.bases.set(node, base);
    return base;
  }

  url(el: XmlElement | null, ref?: string): string | null {
    if (!el) return null;
    return resolveUrl(ref ?? textOf(el), this.base(el));
  }

  /** Plain text of an element that holds text or (escaped or raw) HTML. */
  plain(el: XmlElement | null): string {
    return el ? htmlToText(markupOf(el)) : "";
  }

  /** An Atom text construct (title, summary, content) as HTML, by its declared type. */
  atomHtml(el: XmlElement): string | null {
    const type = (el.attribs.type ?? el.attribs.mode ?? "text").toLowerCase().trim();
    if (el.attribs.src !== undefined || type === "base64") return null;
    if (type === "xhtml" || type === "xml" || type.endsWith("+xml") || type.endsWith("/xml")) {
      const wrapper = el.children.find((c): c is XmlElement => isElement(c) && this.qname(c)[1] === "div");
      return serialize(wrapper ? wrapper.children : el.children).trim();
    }
    if (type === "html" || type === "escaped" || type.startsWith("text/html")) return markupOf(el).trim();
    if (type === "text" || type.startsWith("text/")) return escapeHtml(textOf(el)).trim();
    return null;
  }

  atomText(el: XmlElement | null): string {
    if (!el) return "";
    const html = this.atomHtml(el);
    return html === null ? "" : htmlToText(html);
  }

  firstDate(candidates: (XmlElement | null)[]): string | null {
    for (const el of candidates) {
      const date = el ? parseDate(textOf(el)) : null;
      if (date) return date;
    }
    return null;
  }

  /** The alternate (human) link among Atom <link> elements. */
  atomLink(el: XmlElement, ns: string): string | null {
    const links = this.childrenNamed(el, ns, "link").filter((l) => l.attribs.href);
    const rel = (l: XmlElement) => (l.attribs.rel ?? "alternate").trim().toLowerCase();
    const best =
      links.find((l) => rel(l) === "alternate" && /html/i.test(l.attribs.type ?? "text/html")) ??
      links.find((l) => rel(l) === "alternate") ??
      links.find((l) => rel(l) !== "self" && rel(l) !== "enclosure");
    return best ? this.url(best, best.attribs.href) : null;
  }
}

function isElement(node: XmlNode): node is XmlElement {
  return node.type === "tag" || node.type === "script" || node.type === "style";
}

/** Like resolveUrl but keeps non-http bases too, so a later relative step can still apply. */
function resolveAnyScheme(ref: string, base: string | null): string | null {
  try {
    return (base ? new URL(ref.trim(), base) : new URL(ref.trim())).href;
  } catch {
    return null;
  }
}

/** Text content of every descendant, markup ignored. */
function textOf(node: XmlNode): string {
  if (node.type === "text") return node.data ?? "";
  if (node.type === "comment") return "";
  let out = "";
  for (const child of node.children ?? []) out += textOf(child);
  return out;
}

/**
 * The HTML an element carries: its text as written (escaped HTML arrives decoded, which makes it
 * markup again), CDATA as is, and raw child elements re-serialized in document order.
 */
function markupOf(el: XmlElement): string {
  let out = "";
  for (const child of el.children) {
    if (child.type === "text") out += child.data ?? "";
    else if (child.type === "cdata") out += textOf(child);
    else if (isElement(child)) out += serialize([child]);
  }
  return out;
}

/** XML nodes as HTML: namespace prefixes and declarations dropped, void elements unclosed. */
function serialize(nodes: XmlNode[]): string {
  let out = "";
  for (const node of nodes) {
    if (node.type === "text") out += escapeHtml(node.data ?? "");
    else if (node.type === "cdata") out += escapeHtml(textOf(node));
    else if (isElement(node)) {
      const name = node.name.slice(node.name.indexOf(":") + 1);
      let attrs = "";
      for (const [key, value] of Object.entries(node.attribs)) {
        if (key === "xmlns" || key.startsWith("xmlns:")) continue;
        attrs += ` ${key}="${escapeHtml(value)}"`;
      }
      out += VOID_ELEMENTS.has(name.toLowerCase())
        ? `<${name}${attrs}>`
        : `<${name}${attrs}>${serialize(node.children)}</${name}>`;
    }
  }
  return out;
}

function nonEmpty(text: string | null | undefined): string | null {
  const t = text?.trim();
  return t ? t : null;
}

/** "jo@example.org (Jo Smith)" → "Jo Smith": RSS <author> is an e-mail address by the spec. */
function authorName(text: string): string | null {
  const cleaned = tidyText(text);
  const named = /^\S+@\S+\s*\((.+)\)$/.exec(cleaned);
  return nonEmpty(named ? named[1] : cleaned);
}

export function fallbackId(title: string, published: string | null): string {
  return `hash:${createHash("sha256")
    .update(`${title}\n${published ?? ""}`)
    .digest("hex")
    .slice(0, 32)}`;
}

/** Items with nothing to show or to tell apart are noise, not news. */
function keepMeaningful(items: FeedItem[], explicitIds: Set<FeedItem>, ctx: XmlContext): FeedItem[] {
  const kept = items.filter((i) => explicitIds.has(i) || i.title || i.url || i.summary || i.content);
  const dropped = items.length - kept.length;
  if (dropped > 0) ctx.warnings.push(`skipped ${dropped} item(s) with no id, title, link or text`);
  return kept;
}

function readRssItem(r: Reader, item: XmlElement, ids: Set<FeedItem>): FeedItem {
  const title = r.plain(r.child(item, "", "title") ?? r.child(item, "dc", "title"));
  const guid = r.child(item, "", "guid");
  const guidText = guid ? tidyText(textOf(guid)) : "";
  const link = r.child(item, "", "link");
  const url =
    // feedburner's redirect links have long stopped working; origLink is the article itself
    r.url(r.child(item, "feedburner", "origlink")) ??
    (link ? r.url(link, link.attribs.href ?? textOf(link)) : null) ??
    r.atomLink(item, "atom") ??
    // A guid or rdf:about is only a link when it is already absolute: "story-123" is an id, not a path.
    (guid && (guid.attribs.isPermaLink ?? guid.attribs.ispermalink) !== "false"
      ? resolveUrl(guidText, null)
      : null) ??
    resolveUrl(item.attribs["rdf:about"], null);
  const published = r.firstDate([
    r.child(item, "", "pubdate"),
    r.child(item, "dc", "date"),
    r.child(item, "dcterms", "issued"),
    r.child(item, "dcterms", "created"),
    r.child(item, "atom", "published"),
    r.child(item, "atom", "updated"),
    r.child(item, "dcterms", "modified"),
  ]);
  const description =
    r.child(item, "", "description") ??
    r.child(item, "dc", "description") ??
    r.child(item, "atom", "summary");
  const encoded =
    r.child(item, "content", "encoded") ??
    item.children.find((c): c is XmlElement => isElement(c) && r.qname(c)[1] === "encoded");
  const atomContent = r.child(item, "atom", "content");
  const content = nonEmpty(encoded ? markupOf(encoded) : atomContent ? r.atomHtml(atomContent) : null);
  const authorEl =
    r.child(item, "dc", "creator") ?? r.child(item, "", "author") ?? r.child(item, "itunes", "author");
  const atomAuthor = r.child(item, "atom", "author");
  const author =
    (authorEl ? authorName(textOf(authorEl)) : null) ??
    (atomAuthor ? authorName(textOf(r.child(atomAuthor, "atom", "name") ?? atomAuthor)) : null);
  const atomId = r.child(item, "atom", "id");
  const dcId = r.child(item, "dc", "identifier");
  const explicitId =
    nonEmpty(guidText) ??
    nonEmpty(item.attribs["rdf:about"]) ??
    (atomId ? nonEmpty(tidyText(textOf(atomId))) : null) ??
    (dcId ? nonEmpty(tidyText(textOf(dcId))) : null);
  const result: FeedItem = {
    id: explicitId ?? url ?? fallbackId(title, published),
    url,
    title,
    published,
    summary: r.plain(description),
    content,
    author,
  };
  if (explicitId) ids.add(result);
  return result;
}

function readAtomEntry(
  r: Reader,
  entry: XmlElement,
  feedAuthor: string | null,
  ids: Set<FeedItem>,
): FeedItem {
  const ns = r.qname(entry)[0];
  const title = r.atomText(r.child(entry, ns, "title"));
  const url = r.atomLink(entry, ns);
  const published = r.firstDate([
    r.child(entry, ns, "published"),
    r.child(entry, ns, "issued"),
    r.child(entry, ns, "updated"),
    r.child(entry, ns, "modified"),
    r.child(entry, ns, "created"),
    r.child(entry, "dc", "date"),
  ]);
  const contentEl = r.child(entry, ns, "content");
  const authorEl = r.child(entry, ns, "author");
  const nameEl = authorEl ? r.child(authorEl, ns, "name") : null;
  const idEl = r.child(entry, ns, "id");
  const explicitId = idEl ? nonEmpty(tidyText(textOf(idEl))) : null;
  const result: FeedItem = {
    id: explicitId ?? url ?? fallbackId(title, published),
    url,
    title,
    published,
    summary: r.atomText(r.child(entry, ns, "summary")),
    content: contentEl ? nonEmpty(r.atomHtml(contentEl)) : null,
    author: (nameEl ? authorName(textOf(nameEl)) : null) ?? feedAuthor,
  };
  if (explicitId) ids.add(result);
  return result;
}

function readRss(r: Reader, root: XmlElement, ctx: XmlContext): ParsedFeed {
  const isRdf = r.qname(root)[1] === "rdf";
  const version = (root.attribs.version ?? "").trim();
  let format: FeedFormat;
  if (isRdf) {
    format = root.attribs.xmlns?.includes("netscape.com/rdf/simple/0.9") ? "rss0.9x" : "rss1.0";
  } else if (/^0\.9/.test(version)) {
    format = "rss0.9x";
  } else {
    format = "rss2.0";
    if (version === "") ctx.warnings.push("<rss> has no version attribute; read as RSS 2.0");
    else if (!/^2\./.test(version)) ctx.warnings.push(`unknown RSS version "${version}"; read as RSS 2.0`);
  }
  const channel = r.child(root, "", "channel");
  // RSS 1.0 puts items beside the channel; broken 2.0 feeds sometimes do too.
  const itemEls = [
    ...(channel ? r.childrenNamed(channel, "", "item") : []),
    ...r.childrenNamed(root, "", "item"),
  ];
  if (!channel && itemEls.length === 0) {
    throw new FeedParseError(
      `${ctx.source}: <${root.name}> with no channel and no items${truncationNote(ctx)}; not a usable feed — check the URL or try again later`,
      ctx.source,
    );
  }
  const ids = new Set<FeedItem>();
  const items = itemEls.map((el) => readRssItem(r, el, ids));
  const linkEl = channel ? r.child(channel, "", "link") : null;
  return {
    format,
    title: channel ? r.plain(r.child(channel, "", "title") ?? r.child(channel, "dc", "title")) : "",
    link: (linkEl ? r.url(linkEl) : null) ?? (channel ? r.atomLink(channel, "atom") : null),
    items: keepMeaningful(items, ids, ctx),
    warnings: ctx.warnings,
  };
}

function readAtom(r: Reader, root: XmlElement, ctx: XmlContext): ParsedFeed {
  const ns = r.qname(root)[0];
  if ((root.attribs.version ?? "").trim() === "0.3") ctx.warnings.push("Atom 0.3 feed; read as Atom 1.0");
  const feedAuthorEl = r.child(root, ns, "author");
  const feedAuthorName = feedAuthorEl ? r.child(feedAuthorEl, ns, "name") : null;
  const feedAuthor = feedAuthorName ? authorName(textOf(feedAuthorName)) : null;
  const ids = new Set<FeedItem>();
  const items = r.childrenNamed(root, ns, "entry").map((el) => readAtomEntry(r, el, feedAuthor, ids));
  return {
    format: "atom1.0",
    title: r.atomText(r.child(root, ns, "title")),
    link: r.atomLink(root, ns),
    items: keepMeaningful(items, ids, ctx),
    warnings: ctx.warnings,
  };
}

function truncationNote(ctx: XmlContext): string {
  return ctx.warnings.some((w) => w.startsWith("truncated")) ? " (the document is cut off)" : "";
}

/**
 * A document cut off mid-way still yields the items before the cut. A dangling "<![CD" or "</rs"
 * would come out as text, so it is dropped first; the warning says items may be missing.
 */
function trimTruncation(text: string): string {
  let out = text.trimEnd();
  const lastOpen = out.lastIndexOf("<");
  if (lastOpen > out.lastIndexOf(">")) out = out.slice(0, lastOpen).trimEnd();
  return out;
}

function rootClosed(text: string, root: XmlElement): boolean {
  let tail = text.slice(-4096).trimEnd();
  for (;;) {
    const end = tail.endsWith("-->")
      ? tail.lastIndexOf("<!--")
      : tail.endsWith("?>")
        ? tail.lastIndexOf("<?")
        : -1;
    if (end < 0) break;
    tail = tail.slice(0, end).trimEnd();
  }
  if (root.children.length === 0 && tail.endsWith("/>")) return true;
  const name = root.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`</\\s*${name}\\s*>$`).test(tail);
}

function snippet(el: XmlElement): string {
  return el.name.length > 40 ? `${el.name.slice(0, 40)}…` : el.name;
}

export function parseXmlFeed(input: string, ctx: XmlContext): ParsedFeed {
  const text = trimTruncation(input);
  const $ = load(text, { xml: true });
  const doc = $.root()[0] as unknown as XmlNode;
  const root = (doc.children ?? []).find(isElement);
  if (!root) {
    throw new FeedParseError(
      `${ctx.source}: markup with no elements at all, not a feed; check the URL`,
      ctx.source,
    );
  }
  const r = new Reader(ctx, root);
  const local = r.qname(root)[1];
  if (local === "html" || local === "head" || local === "body" || /^<!doctype\s+html/i.test(text)) {
    throw new FeedParseError(
      `${ctx.source}: this is an HTML page, not a feed; find the site's RSS or Atom link`,
      ctx.source,
    );
  }
  if (!rootClosed(text, root)) {
    ctx.warnings.push(`truncated document: </${root.name}> never came; items after the cut are missing`);
  }
  if (local === "rss" || local === "rdf") return readRss(r, root, ctx);
  if (local === "feed") return readAtom(r, root, ctx);
  throw new FeedParseError(
    `${ctx.source}: an XML document whose root is <${snippet(root)}>, not RSS or Atom; find the site's feed link`,
    ctx.source,
  );
}
