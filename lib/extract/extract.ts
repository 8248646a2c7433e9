import type { ArticleInput, Figure } from "../model/figure.ts";
import { leadIsTwoSided, locativeParty, mainParty, soleParty, subjectParty } from "./attribution.ts";
import { findClaimant, refersToPreviousClaimant } from "./claimants.ts";
import { type Frame, readFrames } from "./frames.ts";
import { referenceYear } from "./historical.ts";
import { BRINGING_RE, INCREMENT_LEFT_RE } from "./lexicon.ts";
import { NUMBER_WORD_ALTERNATION } from "./number-words.ts";
import { findNumbers } from "./numbers.ts";
import { defaultGazetteer, Gazetteer } from "./parties.ts";
import { type Context, resolve, specifyPopulations, type Unit } from "./resolve.ts";
import { splitSentences } from "./sentences.ts";
import { findDateExpressions } from "./stated-on.ts";
import { isDatedPastToll, isDisputed, opensOnPastDate, readStatus, seriesIsPast } from "./status.ts";

/**
 * The extraction engine: every casualty figure an article states, with whose, which, how many, how
 * sure, who says so and when. Pure and synchronous; only sentences with a number are read closely.
 */

const HAS_NUMBER_RE = new RegExp(`\\d|\\b(?:${NUMBER_WORD_ALTERNATION})\\b`, "i");
const CLAIMANT_HINT_RE = /ministry|government|agency|office|service|coastguard|police|military|army|staff/i;
const RISE_BY_LEFT_RE =
  /\b(?:rose|risen|increased|climbed|jumped|grew|went up|up|increase|rise)\s+(?:by|of)\s*$/i;
/** "75 died in the past day, bringing the total to 1,136": the day's count adds to the toll after it. */
const ADDS_TO_TOTAL_RE =
  /^[^.;]{0,80}?,\s*(?:bringing|taking|pushing|raising)\s+(?:the|its|their)\s+(?:[\w-]+\s+){0,2}?(?:total|toll|tally)\b/i;
/**
 * Longer "sentences" are tables, lists or markup the splitter could not cut (the longest real ones run to
 * a few hundred characters), and reading one costs time quadratic in its length.
 */
const MAX_SENTENCE_CHARS = 2_000;
/** More dead, wounded or missing than this in one statement is a misread number (money, a population). */
const MAX_PLAUSIBLE_FIGURE = 10_000_000;
const DATE_BLOCK_RE =
  /\b(?:since|from|until|till|by|began|begun|started|erupted|broke out|ended|signed)\s+(?:on\s+)?$/i;

const gazetteers = new Map<string, Gazetteer>();

export function extractFigures(
  input: ArticleInput,
  options: { aliases?: Record<string, string> } = {},
): Figure[] {
  const gazetteer = gazetteerFor(options.aliases);
  const published = /^\d{4}-\d{2}-\d{2}/.exec(input.published ?? "")?.[0] ?? null;
  const publishedYear = referenceYear(published, input.text);
  const units = unitsOf(input);
  const title = input.title?.trim() ?? "";
  const opening = units.slice(0, 4).flatMap((u) => gazetteer.find(u.text));
  const main = mainParty(title ? gazetteer.find(title) : [], opening);
  const sections = units.map((u) => ({ text: u.text, parties: gazetteer.find(u.text) }));
  const titleSection = title ? { text: title, parties: gazetteer.find(title) } : null;
  const sole = soleParty(titleSection, sections);
  const twoSided = leadIsTwoSided(titleSection, sections);
  const context: Context = { party: main, sole, claimant: null, last: null, running: null };
  /** Parties of the current, undisputed figures so far; see Context.running. */
  const owners = new Set<string>();
  const figures: Figure[] = [];

  for (let i = 0; i < units.length; i++) {
    const unit = units[i];
    if (!unit || unit.text.length > MAX_SENTENCE_CHARS) continue;
    if (!HAS_NUMBER_RE.test(unit.text)) {
      trackClaimant(unit.text, gazetteer, context);
      continue;
    }
    const mentions = findNumbers(unit.text);
    if (mentions.length === 0) {
      trackClaimant(unit.text, gazetteer, context);
      continue;
    }
    const parties = gazetteer.find(unit.text);
    const frames = readFrames(unit.text, mentions, parties);
    if (frames.length === 0) continue;
    const firstAt = frames[0]?.mention.start ?? 0;
    let claimant = findClaimant(unit.text, parties, firstAt);
    const subject = subjectParty(unit.text, parties, firstAt);
    if (claimant?.needsCountry) {
      // "The military said ..." right after Israel's figures is Israel's military, whoever spoke before.
      const recent = context.last && context.last.unit >= i - 1 ? context.last.party : null;
      const country =
        subject ?? locativeParty(unit.text, parties) ?? recent ?? context.claimant?.party ?? context.party;
      claimant = country
        ? { ...claimant, name: `${country} ${claimant.name}`, party: country, needsCountry: false }
        : claimant;
    }
    if (!claimant && context.claimant && refersToPreviousClaimant(unit.text)) claimant = context.claimant;
    const next = units[i + 1];
    const nextText = next && next.paragraph === unit.paragraph ? next.text : null;
    const sentenceFigures: Figure[] = [];
    const ends: number[] = [];
    let statedOn: string | null | undefined;
    const pastDated = opensOnPastDate(unit.text, published);
    for (const frame of frames) {
      if (frame.mention.value > MAX_PLAUSIBLE_FIGURE) continue;
      const subjectHere = subjectParty(unit.text, parties, frame.mention.start);
      const resolved = resolve(
        frame,
        unit,
        i,
        parties,
        claimant,
        subjectHere,
        context,
        sentenceFigures,
        ends,
      );
      if (!resolved) continue;
      const { party, population } = resolved;
      let status = readStatus(unit.text, frame.mention.start, frame.mention.end, publishedYear);
      // One date per sentence: look it up once, not once per figure.
      if (status !== "historical" && statedOn === undefined) statedOn = statedOnOf(unit.text, published);
      if (
        status === "current" &&
        statedOn &&
        published &&
        statedOn < published &&
        isDatedPastToll(unit.text, frame.mention.start, frame.mention.end)
      )
        status = "earlier";
      if (status === "current" && pastDated) status = "earlier";
      if (
        status === "current" &&
        frame.series &&
        seriesIsPast(unit.text, frame.mention.end, published, sentenceFigures)
      )
        status = "earlier";
      const confidence = round(frame.strength - (party === null ? 0.15 : 0) - (resolved.inferred ? 0.05 : 0));
      const figure: Figure = {
        party,
        population,
        category: resolved.category ?? frame.category,
        value: frame.mention.value,
        qualifier: frame.qualifier,
        status,
        claimant: status === "historical" ? null : (claimant?.name ?? null),
        statedOn: status === "historical" ? null : (statedOn ?? (status === "current" ? published : null)),
        quote: unit.text,
        span: unit.detached ? [0, 0] : [unit.start, unit.end],
        confidence: unit.detached ? round(confidence - 0.05) : confidence,
        disputed: isDisputed(unit.text, nextText, claimant?.party ?? null, party),
        increment: isIncrement(frame, unit.text, sentenceFigures, context, i),
      };
      if (figure.status === "current" && !figure.disputed && figure.party !== null) owners.add(figure.party);
      sentenceFigures.push(figure);
      ends.push(frame.mention.end);
      figures.push(figure);
    }
    context.running = owners.size === 1 && !twoSided ? ([...owners][0] ?? null) : null;
    const lastFigure = sentenceFigures.at(-1);
    if (lastFigure) {
      context.last = {
        category: lastFigure.category,
        population: lastFigure.population,
        party: lastFigure.party,
        unit: i,
      };
      const named = sentenceFigures.findLast((f) => f.party !== null && f.status === "current");
      if (named) context.party = named.party;
    }
    if (claimant) context.claimant = claimant;
  }
  return dedupe(specifyPopulations(figures));
}

/** A sentence without figures may still name who speaks next: "Azerbaijan's defence ministry published ...". */
function trackClaimant(text: string, gazetteer: Gazetteer, context: Context): void {
  if (!CLAIMANT_HINT_RE.test(text)) return;
  const claimant = findClaimant(text, gazetteer.find(text), text.length);
  if (claimant && !claimant.needsCountry) context.claimant = claimant;
}

function isIncrement(
  frame: Frame,
  sentence: string,
  before: readonly Figure[],
  context: Context,
  index: number,
): boolean {
  const left = sentence.slice(Math.max(0, frame.mention.start - 30), frame.mention.start);
  if (RISE_BY_LEFT_RE.test(left)) return true;
  if (ADDS_TO_TOTAL_RE.test(sentence.slice(frame.mention.end, frame.mention.end + 120))) return true;
  const more = frame.more || INCREMENT_LEFT_RE.test(left);
  if (!more) return false;
  if (BRINGING_RE.test(sentence.slice(frame.mention.end))) return true;
  if (before.some((f) => f.category === frame.category)) return true;
  return context.last !== null && context.last.unit >= index - 1 && context.last.category === frame.category;
}

/** The statement's date: the first date expression that is not the start or end of something else. */
function statedOnOf(sentence: string, published: string | null): string | null {
  for (const d of findDateExpressions(sentence, published)) {
    if (!DATE_BLOCK_RE.test(sentence.slice(Math.max(0, d.start - 16), d.start))) return d.date;
  }
  return null;
}

/** One figure per (party, population, category, value, qualifier, status), with the surest quote. */
function dedupe(figures: readonly Figure[]): Figure[] {
  const best = new Map<string, Figure>();
  for (const f of figures) {
    const key = [f.party, f.population, f.category, f.value, f.qualifier, f.status].join("|");
    const seen = best.get(key);
    if (!seen || score(f) > score(seen))
      best.set(key, seen ? { ...f, disputed: f.disputed || seen.disputed } : f);
  }
  return [...best.values()].sort((a, b) => a.span[0] - b.span[0] || a.span[1] - b.span[1]);
}

function score(f: Figure): number {
  // A body ("Azerbaijan Defence Ministry") says more than a country alone; a quote in the text beats a title.
  return (
    f.confidence +
    (f.claimant ? 0.02 : 0) +
    (f.claimant?.includes(" ") ? 0.01 : 0) +
    (f.span[1] > 0 ? 0.01 : 0)
  );
}

function unitsOf(input: ArticleInput): Unit[] {
  const units: Unit[] = splitSentences(input.text).map((s) => ({ ...s, detached: false }));
  const title = input.title?.trim();
  if (title && !input.text.slice(0, title.length + 600).includes(title)) {
    units.unshift({ text: title, start: 0, end: 0, paragraph: -1, detached: true });
  }
  return units;
}

function gazetteerFor(aliases: Record<string, string> | undefined): Gazetteer {
  if (!aliases || Object.keys(aliases).length === 0) return defaultGazetteer;
  const key = JSON.stringify(Object.entries(aliases).sort());
  let gazetteer = gazetteers.get(key);
  if (!gazetteer) {
    gazetteer = new Gazetteer(aliases);
    gazetteers.set(key, gazetteer);
  }
  return gazetteer;
}

function round(x: number): number {
  return Math.max(0, Math.min(1, Math.round(x * 100) / 100));
}
