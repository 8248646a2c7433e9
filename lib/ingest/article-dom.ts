/**
 * A structural view of the htmlparser2 (domhandler) tree that cheerio/slim builds. Walking these
 * nodes directly, rather than through cheerio wrappers, is what keeps extraction to one or two
 * linear passes: a cheerio selection per candidate would allocate and re-traverse on every call.
 */
export interface DomElement {
  type: "tag";
  name: string;
  attribs: Record<string, string>;
  children: DomNode[];
  parent: DomNode | null;
}

export interface DomText {
  type: "text";
  data: string;
  parent: DomNode | null;
}

export interface DomOther {
  type: "root" | "comment" | "directive" | "cdata" | "script" | "style";
  children?: DomNode[];
  parent: DomNode | null;
}

export type DomNode = DomElement | DomText | DomOther;

export function isElement(node: DomNode): node is DomElement {
  return node.type === "tag";
}

/** Subtrees that never hold article prose; skipped outright without looking inside. */
export const DROP_TAGS = new Set([
  "head",
  "title",
  "meta",
  "link",
  "base",
  "noscript",
  "template",
  "svg",
  "math",
  "canvas",
  "iframe",
  "object",
  "embed",
  "button",
  "select",
  "option",
  "input",
  "textarea",
  "label",
  "img",
  "picture",
  "video",
  "audio",
  "source",
  "track",
  "map",
  "dialog",
  "nav",
  "aside",
  "footer",
  "figure",
  "figcaption",
  "menu",
]);

/** Elements whose text flows into the surrounding paragraph. */
export const INLINE_TAGS = new Set([
  "a",
  "abbr",
  "b",
  "bdi",
  "bdo",
  "cite",
  "code",
  "data",
  "dfn",
  "em",
  "font",
  "i",
  "kbd",
  "mark",
  "q",
  "s",
  "samp",
  "small",
  "span",
  "strong",
  "sub",
  "sup",
  "time",
  "u",
  "var",
  "wbr",
  "ins",
  "del",
  "strike",
  "tt",
  "big",
  "nobr",
]);

export const HEADING_TAGS = new Set(["h1", "h2", "h3", "h4", "h5", "h6"]);

/**
 * Hidden markup is either for scripts to reveal later (menus, modals) or for screen readers
 * ("Image caption", "Share this"): neither is part of what a reader sees as the article.
 */
export function isHidden(el: DomElement): boolean {
  const a = el.attribs;
  if (a.hidden !== undefined || a["aria-hidden"] === "true") return true;
  const style = a.style;
  return style !== undefined && /(?:display\s*:\s*none|visibility\s*:\s*hidden)/i.test(style);
}

/**
 * Text metrics after whitespace collapsing, counted in one scan so that indentation in the source
 * does not inflate a block's weight.
 */
export function measureText(data: string): { length: number; commas: number } {
  let length = 0;
  let commas = 0;
  let pendingSpace = false;
  for (let i = 0; i < data.length; i++) {
    const c = data.charCodeAt(i);
    if (c === 32 || c === 10 || c === 9 || c === 13 || c === 12 || c === 160) {
      pendingSpace = true;
      continue;
    }
    if (pendingSpace && length > 0) length++;
    pendingSpace = false;
    length++;
    // ASCII, fullwidth and ideographic commas all separate clauses.
    if (c === 44 || c === 0xff0c || c === 0x3001) commas++;
  }
  if (pendingSpace && length > 0) length++;
  return { length, commas };
}

export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
