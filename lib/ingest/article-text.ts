import {
  type DomElement,
  type DomNode,
  DROP_TAGS,
  HEADING_TAGS,
  INLINE_TAGS,
  isElement,
  isHidden,
} from "./article-dom.ts";
import type { BlockStats } from "./article-scoring.ts";

/** One flushed run of text, before the teaser and boilerplate filters. */
interface RawBlock {
  text: string;
  linkChars: number;
  heading: boolean;
}

// A private-use character stands in for <br> so that a double break can split paragraphs after
// the source's own newlines (which are just whitespace in HTML) have been collapsed away.
const BR = "\uE000";
const DOUBLE_BR = new RegExp(`${BR}\\s*${BR}`);

/**
 * Past this much text a page holds more than any news story (about 30,000 words): the rest is an
 * archive, a comment dump or a hostile page, and reading it would only cost figure extraction time.
 */
export const MAX_ARTICLE_CHARS = 200_000;
/** Raw text gathered before the filters; they drop only short lines, so twice the cap is plenty. */
const RAW_BUDGET = 2 * MAX_ARTICLE_CHARS;

/**
 * Walks the chosen blocks in document order and cuts their text into paragraphs at block-level
 * boundaries: p, headings, list items, blockquotes, table cells and loose-text divs each become
 * one entry. Elements pruned during scoring (absent from `stats`) are skipped with their subtree.
 * The walk keeps its own stack (deep markup cannot overflow the call stack) and stops once
 * RAW_BUDGET characters are in.
 */
function collectBlocks(blocks: DomElement[], stats: Map<DomElement, BlockStats>): RawBlock[] {
  const out: RawBlock[] = [];
  let parts: string[] = [];
  let linkChars = 0;
  let collected = 0;

  const flush = (heading: boolean): void => {
    if (parts.length === 0) return;
    const joined = parts.join("");
    parts = [];
    const pieces = joined.split(DOUBLE_BR);
    for (const piece of pieces) {
      const text = piece.replaceAll(BR, " ").replace(/\s+/g, " ").trim();
      if (text.length > 0) out.push({ text, linkChars: pieces.length === 1 ? linkChars : 0, heading });
      collected += text.length;
    }
    linkChars = 0;
  };

  // Nodes still to visit, last first; null marks the end of a block element, whose flag is then
  // whether it was a heading. A node's flag is whether it sits inside a link.
  const nodes: Array<DomNode | null> = [];
  const flags: boolean[] = [];
  const pushChildren = (el: DomElement, inLink: boolean): void => {
    for (let i = el.children.length - 1; i >= 0; i--) {
      nodes.push(el.children[i] as DomNode);
      flags.push(inLink);
    }
  };
  for (let b = blocks.length - 1; b >= 0; b--) {
    nodes.push(blocks[b] as DomElement);
    flags.push(false);
  }
  while (nodes.length > 0 && collected < RAW_BUDGET) {
    const node = nodes.pop() as DomNode | null;
    const flag = flags.pop() as boolean;
    if (node === null) {
      flush(flag);
      continue;
    }
    if (node.type === "text") {
      parts.push(node.data);
      if (flag) linkChars += node.data.trim().length;
      continue;
    }
    if (!isElement(node)) continue;
    const name = node.name;
    if (name === "br") {
      parts.push(BR);
      continue;
    }
    if (DROP_TAGS.has(name) || isHidden(node) || !stats.has(node)) continue;
    if (INLINE_TAGS.has(name)) {
      pushChildren(node, flag || name === "a");
      continue;
    }
    flush(false);
    nodes.push(null);
    flags.push(HEADING_TAGS.has(name));
    pushChildren(node, flag);
  }
  flush(false);
  return out;
}

/** The first `max` characters of a paragraph, cut at a space when one is near the end. */
function clip(text: string, max: number): string {
  const space = text.lastIndexOf(" ", max);
  return (space > max * 0.8 ? text.slice(0, space) : text.slice(0, max)).trim();
}

/** Labels that introduce links to other stories; their tolls must never be read as this one's. */
const TEASER_LABEL =
  /^(read more|read next|related(?: articles?| stories| coverage| content| links?)?|more on this(?: story| topic)?|more from [^:]{1,40}|see also|also read|read also|recommended(?: for you)?|you may also like|you might also like|most read|most popular|watch|listen|lire aussi|à lire aussi|voir aussi|leia também|leia mais|veja também|lea también|ver también|mehr zum thema|weiterlesen|lees ook|leggi anche)\b\s*([:\-–—|>»]?)\s*/iu;

/** Short lines that belong to the page chrome rather than the story. */
const CHROME_LINE =
  /^(?:advertisement|advertising|continue reading(?: the main story| below)?|story continues below(?: advertisement)?|skip (?:to|this)\b|share(?: this)?(?: article| story| page)?|image (?:copyright|caption)|media caption|(?:photo|image|video) credit|sign up (?:for|to)|subscribe (?:to|for|now)|follow us|click here to|download (?:our|the) app)\b/i;

const AD_MARKER = /\[\s*ad_\d+\s*\]/gi;

function normalizeForCompare(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/**
 * Turns the raw blocks into the article's paragraphs, dropping ad markers, chrome lines, a heading
 * that repeats the title, and teasers: a "Read more: ..." line is dropped whole, and a bare label
 * ("Related", "More on this story") also takes the link-heavy lines that follow it. The text ends
 * at MAX_ARTICLE_CHARS, the last paragraph cut at a word.
 */
export function extractParagraphs(
  blocks: DomElement[],
  stats: Map<DomElement, BlockStats>,
  title: string,
  byline: string | null,
): string[] {
  const titleKey = normalizeForCompare(title);
  const bylineKey = byline === null ? "" : normalizeForCompare(byline);
  const paragraphs: string[] = [];
  let afterTeaserLabel = false;
  let room = MAX_ARTICLE_CHARS;
  for (const raw of collectBlocks(blocks, stats)) {
    if (room <= 0) break;
    const kept = raw.text.length > room ? clip(raw.text, room) : raw.text;
    const text = kept.replace(AD_MARKER, " ").replace(/\s+/g, " ").trim();
    if (text.length === 0) continue;
    const density = raw.linkChars / text.length;

    const label = TEASER_LABEL.exec(text);
    if (label !== null) {
      const rest = text.slice(label[0].length);
      if (rest.length <= 3) {
        afterTeaserLabel = true;
        continue;
      }
      // "Related charges were filed" is prose; "Related: ...", "READ MORE ..." or a linked line is not.
      const marked = label[2] !== "" || label[1] === label[1]?.toUpperCase() || density > 0.4;
      if (marked && rest.length < 250) continue;
    }
    if (afterTeaserLabel) {
      if (density > 0.4) continue;
      afterTeaserLabel = false;
    }
    if (text.length < 120 && CHROME_LINE.test(text)) continue;
    const key = normalizeForCompare(text);
    if (raw.heading && titleKey.length > 0 && key === titleKey) continue;
    // A short line naming the author ("By ... | 04.05.2015") is the byline, already in metadata.
    if (bylineKey.length > 3 && key.length <= bylineKey.length * 4 && key.includes(bylineKey)) continue;
    paragraphs.push(text);
    room -= text.length + 2;
  }
  return paragraphs;
}
