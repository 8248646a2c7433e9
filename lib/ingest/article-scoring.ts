import {
  type DomElement,
  type DomNode,
  DROP_TAGS,
  INLINE_TAGS,
  isElement,
  isHidden,
  measureText,
} from "./article-dom.ts";
import { hintFor } from "./article-hints.ts";

/** Per-element figures, gathered bottom-up in a single pass over the tree. */
export interface BlockStats {
  el: DomElement;
  /** Collapsed text length of the subtree, boilerplate excluded. */
  textLen: number;
  linkLen: number;
  commas: number;
  /** Paragraph scores of children, grandchildren and great-grandchildren. */
  near: number;
  mid: number;
  far: number;
  /** Scored paragraphs anywhere below, and their total text length. */
  units: number;
  unitLen: number;
  /** The score this element gives its parent when it is itself a paragraph; 0 otherwise. */
  unitScore: number;
  /** Sum of paragraph scores at any depth: how much prose the subtree holds. */
  mass: number;
  score: number;
}

export interface ScoredDocument {
  /** Every element that survived pruning; anything absent was dropped as boilerplate or hidden. */
  stats: Map<DomElement, BlockStats>;
  candidates: BlockStats[];
  body: DomElement | null;
}

const PARAGRAPH_TAGS = new Set(["p", "pre"]);
/** Containers whose own loose text counts as a paragraph, the way old CMSes write div-soup. */
const LOOSE_TEXT_TAGS = new Set([
  "div",
  "section",
  "article",
  "td",
  "blockquote",
  "li",
  "dd",
  "main",
  "center",
]);
const PROTECTED_TAGS = new Set(["html", "body", "main"]);
const LIST_TAGS = new Set(["ul", "ol", "dl", "table", "div", "section", "header"]);
const MIN_UNIT_LEN = 25;

function linkDensity(st: { textLen: number; linkLen: number }): number {
  return st.textLen === 0 ? 0 : st.linkLen / st.textLen;
}

/** Whether a subtree is boilerplate, decided once its own figures are known (post-order). */
function isBoilerplate(el: DomElement, st: BlockStats): boolean {
  if (PROTECTED_TAGS.has(el.name)) return false;
  const hint = hintFor(el);
  const heavy = st.units >= 3 && st.unitLen >= 500 && linkDensity(st) < 0.3;
  if (hint.strongNegative && !(hint.positive && st.units >= 5 && st.unitLen >= 1000)) return true;
  if (hint.weakNegative && !hint.positive && !heavy) return true;
  if (hint.expander && !(st.units >= 4 && st.unitLen >= 1000 && linkDensity(st) < 0.1)) return true;
  // Menus and "more stories" lists are mostly anchor text, whatever they are called.
  if (LIST_TAGS.has(el.name) && st.textLen > 0 && linkDensity(st) > 0.6) return true;
  if (el.name === "p" && st.textLen > 0 && linkDensity(st) > 0.85) return true;
  return false;
}

function classBonus(el: DomElement): number {
  const hint = hintFor(el);
  let bonus = 0;
  if (hint.positive) bonus += 20;
  if (hint.weakNegative) bonus -= 20;
  if (el.name === "article" || el.name === "main") bonus += 10;
  return bonus;
}

/** An element being scored: its figures so far, its loose (non-block) text, and the next child to visit. */
interface Frame {
  el: DomElement;
  st: BlockStats;
  looseLen: number;
  looseLinks: number;
  looseCommas: number;
  next: number;
}

function openFrame(el: DomElement): Frame {
  const st: BlockStats = {
    el,
    textLen: 0,
    linkLen: 0,
    commas: 0,
    near: 0,
    mid: 0,
    far: 0,
    units: 0,
    unitLen: 0,
    unitScore: 0,
    mass: 0,
    score: 0,
  };
  return { el, st, looseLen: 0, looseLinks: 0, looseCommas: 0, next: 0 };
}

/** Adds a scored child's figures to its parent's. */
function addChild(parent: Frame, child: DomElement, cs: BlockStats): void {
  const st = parent.st;
  st.textLen += cs.textLen;
  st.linkLen += cs.linkLen;
  st.commas += cs.commas;
  st.near += cs.unitScore;
  st.mid += cs.near;
  st.far += cs.mid;
  st.units += cs.units;
  st.unitLen += cs.unitLen;
  st.mass += cs.mass;
  if (INLINE_TAGS.has(child.name)) {
    parent.looseLen += cs.textLen;
    parent.looseLinks += cs.linkLen;
    parent.looseCommas += cs.commas;
  }
}

/** An element's own paragraph score, once all its children are in; its figures are final after this. */
function closeFrame(frame: Frame): BlockStats {
  const { el, st } = frame;
  if (el.name === "a") st.linkLen = st.textLen;

  let unitLen = 0;
  let unitLinks = 0;
  let unitCommas = 0;
  if (PARAGRAPH_TAGS.has(el.name)) {
    unitLen = st.textLen;
    unitLinks = st.linkLen;
    unitCommas = st.commas;
  } else if (LOOSE_TEXT_TAGS.has(el.name)) {
    unitLen = frame.looseLen;
    unitLinks = frame.looseLinks;
    unitCommas = frame.looseCommas;
  }
  if (unitLen >= MIN_UNIT_LEN) {
    const density = unitLinks / unitLen;
    st.unitScore = (1 + unitCommas + Math.min(Math.floor(unitLen / 100), 3)) * (1 - density);
    st.units += 1;
    st.unitLen += unitLen;
    st.mass += st.unitScore;
  }
  return st;
}

/**
 * Gathers text, link and comma figures for every element, prunes boilerplate subtrees and scores
 * paragraph containers, all in one post-order traversal: a paragraph's score reaches its parent
 * fully, its grandparent by half and its great-grandparent by a third, so a container that holds
 * many substantial, comma-rich, link-poor paragraphs outscores any single paragraph or sidebar.
 * The traversal keeps its own stack, so no nesting depth can overflow the call stack.
 */
export function scoreDocument(root: DomNode): ScoredDocument {
  const stats = new Map<DomElement, BlockStats>();
  const candidates: BlockStats[] = [];
  let body: DomElement | null = null;

  const visit = (top: DomElement): void => {
    const frames: Frame[] = [openFrame(top)];
    while (frames.length > 0) {
      const frame = frames[frames.length - 1] as Frame;
      const children = frame.el.children;
      if (frame.next < children.length) {
        const child = children[frame.next++] as DomNode;
        if (child.type === "text") {
          const m = measureText(child.data);
          frame.st.textLen += m.length;
          frame.st.commas += m.commas;
          frame.looseLen += m.length;
          frame.looseCommas += m.commas;
        } else if (isElement(child) && !DROP_TAGS.has(child.name) && !isHidden(child)) {
          frames.push(openFrame(child));
        }
        continue;
      }
      frames.pop();
      const st = closeFrame(frame);
      const el = frame.el;
      if (isBoilerplate(el, st)) continue;
      stats.set(el, st);
      if (el.name === "body" && body === null) body = el;
      if (st.near + st.mid + st.far > 0) {
        const raw = st.near + st.mid / 2 + st.far / 3;
        st.score = raw * (1 - linkDensity(st)) + classBonus(el);
        candidates.push(st);
      }
      const parent = frames[frames.length - 1];
      if (parent !== undefined) addChild(parent, el, st);
    }
  };

  if (isElement(root)) {
    if (!DROP_TAGS.has(root.name)) visit(root);
  } else if (root.type === "root" && root.children) {
    for (const c of root.children) if (isElement(c) && !DROP_TAGS.has(c.name)) visit(c);
  }
  return { stats, candidates, body };
}

/**
 * Articles split into chunks (a wrapper per few paragraphs, an ad slot or image between them) make
 * one chunk win the scoring while its siblings sit further up. Climbing while the parent holds
 * clearly more prose, and not more links, recovers the whole body without reaching page chrome.
 */
function widen(start: BlockStats, stats: Map<DomElement, BlockStats>): BlockStats {
  let best = start;
  let node = start.el.parent;
  for (let level = 0; level < 6 && node !== null && isElement(node); level++, node = node.parent) {
    if (node.name === "body" || node.name === "html") break;
    const ps = stats.get(node);
    if (ps === undefined) break;
    const density = linkDensity(ps);
    if (density > 0.3 || density > linkDensity(start) + 0.1) break;
    if (ps.mass >= best.mass * 1.25) best = ps;
  }
  return best;
}

/**
 * The best-scoring container, plus those of its siblings that belong to the same article: split
 * bodies ("story-body" chunks around an ad slot), a lede paragraph set apart from the rest.
 * Returned in document order.
 */
export function chooseMainBlocks(doc: ScoredDocument): DomElement[] | null {
  let best: BlockStats | null = null;
  for (const c of doc.candidates) if (best === null || c.score > best.score) best = c;
  if (best === null) return null;
  const top = widen(best, doc.stats);

  const parent = top.el.parent;
  if (parent === null || !isElement(parent) || !doc.stats.has(parent)) return [top.el];

  // A widened block may score little itself (its paragraphs sit too deep); the winner's score sets the bar.
  const threshold = Math.max(10, Math.max(top.score, best.score) * 0.2);
  const topClass = top.el.attribs.class;
  const blocks: DomElement[] = [];
  for (const sib of parent.children) {
    if (!isElement(sib)) continue;
    if (sib === top.el) {
      blocks.push(sib);
      continue;
    }
    const st = doc.stats.get(sib);
    if (st === undefined || st.textLen === 0) continue;
    const density = linkDensity(st);
    const sameKind = topClass !== undefined && topClass !== "" && sib.attribs.class === topClass;
    if (st.score >= threshold || (sameKind && density < 0.3 && st.units > 0)) {
      blocks.push(sib);
    } else if (st.unitScore > 0 && density < 0.25 && st.textLen >= 80) {
      blocks.push(sib);
    }
  }
  return blocks;
}
