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

/**
 * Walks the chosen blocks in document order and cuts their text into paragraphs at block-level
 * boundaries: p, headings, list items, blockquotes, table cells and loose-text divs each become
 * one entry. Elements pruned during scoring (absent from `stats`) are skipped with their subtree.
 */
function collectBlocks(blocks: DomElement[], stats: Map<DomElement, BlockStats>): RawBlock[] {
  const out: RawBlock[] = [];
  let parts: string[] = [];
  let linkChars = 0;

  const flush = (heading: boolean): void => {
    if (parts.length === 0) return;
    const joined = parts.join("");
    parts = [];
    const pieces = joined.split(new RegExp(`${BR}\\s*${BR}`));
    for (const piece of pieces) {
      const text = piece.replaceAll(BR, " ").replace(/\s+/g, " ").trim();
      if (text.length > 0) out.push({ text, linkChars: pieces.length === 1 ? linkChars : 0, heading });
    }
    linkChars = 0;
  };

  const walk = (node: DomNode, inLink: boolean): void => {
    if (node.type === "text") {
      parts.push(node.data);
      if (inLink) linkChars += node.data.trim().length;
      return;
    }
    if (!isElement(node)) return;
    const name = node.name;
    if (name === "br") {
      parts.push(BR);
      return;
    }
    if (DROP_TAGS.has(name) || isHidden(node) || !stats.has(node)) return;
    if (INLINE_TAGS.has(name)) {
      for (const c of node.children) walk(c, inLink || name === "a");
      return;
    }
    flush(false);
    for (const c of node.children) walk(c, inLink);
    flush(HEADING_TAGS.has(name));
  };

  for (const b of blocks) walk(b, false);
  flush(false);
  return out;
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
 * ("Related", "More on this story") also takes the link-heavy lines that follow it.
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
  for (const raw of collectBlocks(blocks, stats)) {
    const text = raw.text.replace(AD_MARKER, " ").replace(/\s+/g, " ").trim();
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
  }
  return paragraphs;
}
