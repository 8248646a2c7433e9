import type { DomElement } from "./article-dom.ts";

/**
 * What an element's class, id and role say about it. Publishers name their boxes after what they
 * hold, so these words are the cheapest strong signal there is; they are matched per word (split on
 * punctuation and camelCase) so that "blueprint" is not "print" and "ads-enabled" is not "header".
 */
export interface Hint {
  /** Boilerplate nothing rescues: share bars, teasers, comments, ads, newsletters, captions. */
  strongNegative: boolean;
  /** Page furniture that a content-heavy box may still legitimately carry in its name. */
  weakNegative: boolean;
  /**
   * "Read more" / "show more": a teaser list on one site, the collapsed rest of the story on another
   * (mobile layouts). Only the link density and amount of prose inside can tell which.
   */
  expander: boolean;
  positive: boolean;
}

const STRONG_PREFIXES = [
  "share",
  "sharing",
  "social",
  "related",
  "comment",
  "disqus",
  "newsletter",
  "promo",
  "sponsor",
  "advert",
  "outbrain",
  "taboola",
  "caption",
  "teaser",
  "popular",
  "recommend",
  "subscri",
  "signup",
  "cookie",
  "paywall",
  "trending",
  "mostread",
  "syndicat",
  "storylink",
  "morestories",
  "jumplink",
];
const STRONG_WORDS = new Set(["ad", "ads", "adv", "dfp", "gpt", "cta", "upsell", "donate"]);
const STRONG_PAIRS =
  /(?:^|[^a-z])(?:see|also|more|most|you|other)[-_ ]?(?:also|on|read|popular|like|stories|news|links)(?:[^a-z]|$)/;
const EXPANDER = /(?:^|[^a-z])(?:read|show|view|load)[-_ ]?more|(?:^|[^a-z])more(?:[^a-z]|$)/;

const WEAK_PREFIXES = [
  "nav",
  "menu",
  "breadcrumb",
  "footer",
  "header",
  "masthead",
  "sidebar",
  "aside",
  "widget",
  "tool",
  "banner",
  "rail",
  "pagination",
  "pager",
  "byline",
  "author",
  "login",
  "modal",
  "popup",
  "overlay",
  "offscreen",
  "visually",
  "copyright",
  "credit",
  "timestamp",
  "dateline",
  "hidden",
  "skip",
  "legal",
  "keyword",
];
const WEAK_WORDS = new Set([
  "meta",
  "tags",
  "tag",
  "topics",
  "date",
  "hide",
  "sr",
  "print",
  "extra",
  "links",
]);

const POSITIVE_PREFIXES = ["article", "content", "story", "body", "text", "entry", "main", "post", "prose"];

const NEGATIVE_ROLES = new Set([
  "navigation",
  "complementary",
  "banner",
  "contentinfo",
  "dialog",
  "alertdialog",
  "menu",
  "menubar",
  "search",
]);

const STATE_WORDS = new Set([
  "no",
  "has",
  "with",
  "without",
  "is",
  "not",
  "enable",
  "enabled",
  "disable",
  "disabled",
]);

function words(label: string): string[] {
  return label
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

const cache = new Map<string, Hint>();

function hintForLabel(label: string): Hint {
  const cached = cache.get(label);
  if (cached) return cached;
  const lower = label.toLowerCase();
  let strongNegative = STRONG_PAIRS.test(lower);
  const expander = EXPANDER.test(lower);
  let weakNegative = false;
  let positive = false;
  let previous = "";
  for (const w of words(label)) {
    // "no-caption", "has-comments", "with-sidebar" describe a state of the box, not what it is.
    const flag = STATE_WORDS.has(previous);
    previous = w;
    if (flag) continue;
    if (STRONG_WORDS.has(w) || STRONG_PREFIXES.some((p) => w.startsWith(p))) strongNegative = true;
    else if (WEAK_WORDS.has(w) || WEAK_PREFIXES.some((p) => w.startsWith(p))) weakNegative = true;
    else if (POSITIVE_PREFIXES.some((p) => w.startsWith(p))) positive = true;
  }
  const hint = { strongNegative, weakNegative, expander, positive };
  // Class lists repeat heavily within a page (and across pages of one site); the bound keeps a
  // long-running process from growing without limit.
  if (cache.size > 5000) cache.clear();
  cache.set(label, hint);
  return hint;
}

const NEUTRAL: Hint = { strongNegative: false, weakNegative: false, expander: false, positive: false };

export function hintFor(el: DomElement): Hint {
  const a = el.attribs;
  const cls = a.class;
  const id = a.id;
  const role = a.role;
  let hint = cls === undefined && id === undefined ? NEUTRAL : hintForLabel(`${cls ?? ""} ${id ?? ""}`);
  if (role !== undefined && NEGATIVE_ROLES.has(role)) hint = { ...hint, weakNegative: true };
  if (a.itemprop === "articleBody" || a.property === "articleBody" || role === "main" || role === "article") {
    hint = { strongNegative: false, weakNegative: false, expander: false, positive: true };
  }
  return hint;
}
