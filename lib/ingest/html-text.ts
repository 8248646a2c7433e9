/**
 * Plain text of an HTML fragment that is already the article (a feed's content:encoded, Atom content,
 * JSON Feed content_html): no scoring, since there is no page chrome to remove, only markup.
 */
import { load } from "cheerio/slim";
import type { DomNode } from "./article-dom.ts";
import { limitNesting } from "./nesting.ts";

const BREAK = "\n\n";
const SKIPPED = new Set(["script", "style", "noscript", "template", "iframe", "object", "svg"]);
const BLOCKS = new Set([
  "p",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "li",
  "blockquote",
  "pre",
  "td",
  "th",
  "figcaption",
  "dd",
  "dt",
  "div",
  "section",
  "article",
  "br",
]);

/** Paragraphs joined by blank lines. */
export function htmlToText(html: string): string {
  const root = load(limitNesting(html).markup).root()[0] as unknown as DomNode;
  // One walk with an explicit stack, in document order: a recursive one overflows on deep markup, and
  // inserting separators into the tree costs a splice of the parent's children per block.
  const parts: string[] = [];
  const stack: Array<DomNode | typeof BREAK> = [root];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (node === BREAK) {
      parts.push(BREAK);
      continue;
    }
    if (node.type === "text") {
      parts.push(node.data);
      continue;
    }
    let block = false;
    if (node.type === "tag") {
      if (SKIPPED.has(node.name)) continue;
      block = BLOCKS.has(node.name);
    } else if (node.type !== "root") {
      // Scripts and styles are never text; comments, CDATA (a comment in HTML) and directives carry none.
      continue;
    }
    const children = node.children ?? [];
    // Block boundaries become blank lines so that "end.</p><p>Start" never reads as "end.Start".
    if (block) {
      parts.push(BREAK);
      stack.push(BREAK);
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as DomNode);
  }
  return parts
    .join("")
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s+/g, " ").trim())
    .filter((p) => p !== "")
    .join("\n\n");
}
