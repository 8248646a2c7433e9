/**
 * Which watches (events the user follows) an article belongs to. A watch's phrases and date window are
 * what keep two events of one country apart: the 2020 war and the 2022 border clashes, two ferry
 * disasters years apart, must never feed the same tally.
 */
import type { Watch } from "../model/tally.ts";

/** With no watch configured, every article belongs to this one. */
export const DEFAULT_WATCH: Readonly<Watch> = Object.freeze({
  id: "default",
  title: "All articles",
  phrases: [],
});

export interface WatchedArticle {
  title: string | null;
  text: string;
  /** YYYY-MM-DD or ISO 8601; the calendar date as written is compared, its offset is not applied. */
  published: string | null;
}

// Hyphens and dashes of every width: "Nagorno-Karabakh", "Nagorno Karabakh" and "Nagorno–Karabakh" are one name.
const SEPARATOR = String.raw`[\s\-\u2010-\u2015]+`;
const SPLIT_RE = /[\s\-\u2010-\u2015]+/u;
const APOSTROPHE_RE = /['\u2019\u02bc]/gu;
const ESCAPE_RE = /[.*+?^${}()|[\]\\/]/g;

const patternCache = new Map<string, RegExp | null>();

/** The ids of the watches the article belongs to, in configuration order. */
export function matchWatches(article: WatchedArticle, watches: readonly Watch[]): string[] {
  const pool = watches.length === 0 ? [DEFAULT_WATCH] : watches;
  const day = calendarDay(article.published);
  const ids: string[] = [];
  for (const watch of pool) {
    if (ids.includes(watch.id) || !inWindow(day, watch)) continue;
    if (watch.phrases.length === 0 || watch.phrases.some((p) => mentions(article, p))) ids.push(watch.id);
  }
  return ids;
}

/** Whether the title or text names the phrase: any case, whole words, any run of spaces or hyphens between. */
export function mentions(article: Pick<WatchedArticle, "title" | "text">, phrase: string): boolean {
  const re = phrasePattern(phrase);
  if (re === null) return false;
  return (article.title !== null && re.test(article.title)) || re.test(article.text);
}

function phrasePattern(phrase: string): RegExp | null {
  const cached = patternCache.get(phrase);
  if (cached !== undefined) return cached;
  const words = phrase
    .trim()
    .split(SPLIT_RE)
    .filter((w) => w !== "")
    .map((w) => w.replace(ESCAPE_RE, "\\$&").replace(APOSTROPHE_RE, "['\u2019\u02bc]"));
  const re =
    words.length === 0
      ? null
      : new RegExp(`(?<![\\p{L}\\p{N}])${words.join(SEPARATOR)}(?![\\p{L}\\p{N}])`, "iu");
  patternCache.set(phrase, re);
  return re;
}

/**
 * A watch with a window takes only articles dated inside it. An undated article cannot be placed, and
 * placing it in the wrong one of two same-country events would be a false tally: it is left out.
 */
function inWindow(day: string | null, watch: Watch): boolean {
  const from = calendarDay(watch.from ?? null);
  const to = calendarDay(watch.to ?? null);
  if (from === null && to === null) return true;
  if (day === null) return false;
  return (from === null || day >= from) && (to === null || day <= to);
}

function calendarDay(date: string | null): string | null {
  const m = /^\d{4}-\d{2}-\d{2}/.exec(date?.trim() ?? "");
  return m === null ? null : m[0];
}
