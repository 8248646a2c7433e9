/**
 * Party gazetteer: finds the countries an article names, by name, demonym or capital (a capital is a
 * metonym for its government: "Baku said"). Matching is case-sensitive because the words that collide
 * with countries are lowercase ("turkey", "chad", "china"); ALL-CAPS forms are indexed for headlines.
 *
 * Known ambiguities kept on purpose (the extraction engine judges relevance from context):
 * "Georgia" (also a US state), "Jordan" and "Chad" (given names), "Niger" (only whole words, so never
 * inside "Nigeria"), "Guinea" (longest match takes "Papua New Guinea", "Equatorial Guinea",
 * "Guinea-Bissau"; "New Guinea" and "Gulf of Guinea" are blocked), "Indian" (also Native Americans),
 * "Washington" (also the state and a surname; common collocations are blocked).
 */
import {
  BASE_ENTRIES,
  EXCLUDED_CAPITALS,
  JUNK_ALT_SPELLINGS,
  type PartyEntry,
  Priority,
} from "./party-data.ts";

export { pluralOf } from "./party-data.ts";

/** region: a province or city of one country ("Idlib", "Gaza"): a place, never a speaker. */
export type PartyMentionKind = "country" | "demonym" | "capital" | "alias" | "region";

/**
 * One mention. [start, end) spans the name plus a possessive marker when there is one
 * ("Armenia's", "Armenians'"), so text === original.slice(start, end) always.
 */
export interface PartyMention {
  party: string;
  start: number;
  end: number;
  text: string;
  kind: PartyMentionKind;
  possessive: boolean;
}

const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
const LEADING_WORD = /^[\p{L}\p{M}\p{N}]+/u;
const UPPER_START = /^\p{Lu}/u;
const DIACRITICS = /\p{M}+/gu;

function isWordCharAt(text: string, index: number): boolean {
  if (index < 0 || index >= text.length) return false;
  const code = text.charCodeAt(index);
  if (code < 128) {
    return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  }
  return WORD_CHAR.test(text.charAt(index));
}

function isApostrophe(text: string, index: number): boolean {
  const c = text.charCodeAt(index);
  return c === 39 || c === 0x2019;
}

/** The spellings indexed for one phrase: as given, without diacritics, both apostrophes, ALL CAPS. */
function variantsOf(phrase: string, hyphenAsSpace: boolean): string[] {
  const trimmed = phrase.trim();
  const bare = trimmed.replace(/^the\s+/i, "");
  // "The Gambia" → "Gambia", but "The former Yugoslav Republic…" keeps its capital letter.
  const base = UPPER_START.test(bare) || !UPPER_START.test(trimmed) ? bare : trimmed;
  const out = new Set<string>([base]);
  out.add(base.normalize("NFD").replace(DIACRITICS, "").normalize("NFC"));
  for (const v of [...out]) {
    if (v.includes("'")) out.add(v.replaceAll("'", "’"));
    if (v.includes("’")) out.add(v.replaceAll("’", "'"));
    if (hyphenAsSpace && v.includes("-")) out.add(v.replaceAll("-", " "));
  }
  for (const v of [...out]) {
    if (v.replace(/[^\p{L}]/gu, "").length >= 4) out.add(v.toUpperCase());
  }
  return [...out].filter((v) => v.length > 0);
}

export class Gazetteer {
  /** First word of a phrase → the phrases starting with it, longest first. */
  private readonly index = new Map<string, PartyEntry[]>();
  /** Lowercased name or alias → party, for canonical(). */
  private readonly names = new Map<string, string>();
  /** Capitalised words only, unless an alias starts lowercase; lowercase text is most of an article. */
  private readonly scanner: RegExp;

  /** @param aliases extra phrase → party ("Artsakh" → "Armenia"); they win over built-in meanings. */
  constructor(aliases: Record<string, string> = {}) {
    // A phrase claimed by two parties at the same priority is dropped unless a higher priority claims it.
    const table = new Map<string, PartyEntry>();
    const add = (entry: PartyEntry, hyphenAsSpace: boolean) => {
      for (const phrase of variantsOf(entry.phrase, hyphenAsSpace)) {
        // Checked per variant too: "Malé" folds to "Male", "The Bottom" loses its article.
        if (entry.kind === "capital" && EXCLUDED_CAPITALS.has(phrase)) continue;
        if (entry.kind !== "alias" && JUNK_ALT_SPELLINGS.has(phrase)) continue;
        const seen = table.get(phrase);
        if (seen === undefined || entry.priority > seen.priority) {
          table.set(phrase, { ...entry, phrase });
        } else if (entry.priority === seen.priority && entry.party !== seen.party && seen.kind !== "alias") {
          table.set(phrase, { ...seen, ambiguous: true });
        }
      }
    };
    for (const entry of BASE_ENTRIES) add(entry, false);
    for (const [phrase, party] of Object.entries(aliases)) {
      const resolved = this.canonicalIn(table, party) ?? party;
      add({ phrase, party: resolved, kind: "alias", priority: Priority.Alias }, true);
    }

    let allCapitalised = true;
    for (const [phrase, entry] of table) {
      if (entry.ambiguous) continue;
      const key = LEADING_WORD.exec(phrase)?.[0];
      if (!key) continue;
      if (!UPPER_START.test(phrase)) allCapitalised = false;
      const list = this.index.get(key);
      if (list) list.push(entry);
      else this.index.set(key, [entry]);
      if (entry.party && (entry.kind === "country" || entry.kind === "alias")) {
        this.names.set(phrase.toLowerCase(), entry.party);
      }
    }
    for (const list of this.index.values()) list.sort((a, b) => b.phrase.length - a.phrase.length);
    this.scanner = allCapitalised ? /\p{Lu}[\p{L}\p{M}\p{N}]*/gu : /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*/gu;
  }

  private canonicalIn(table: Map<string, PartyEntry>, name: string): string | null {
    const entry = table.get(name.trim());
    return entry && !entry.ambiguous && entry.kind === "country" ? entry.party : null;
  }

  /** Mentions in text order, non-overlapping, the longest phrase winning at each position. */
  find(text: string): PartyMention[] {
    const found: PartyMention[] = [];
    // One shared regex: find() is synchronous, and compiling a fresh one per call costs more than the scan.
    const scanner = this.scanner;
    scanner.lastIndex = 0;
    for (let m = scanner.exec(text); m !== null; m = scanner.exec(text)) {
      const start = m.index;
      const candidates = this.index.get(m[0]);
      if (!candidates || isWordCharAt(text, start - 1)) continue;
      const entry = candidates.find((c) => this.matchesAt(text, start, c.phrase));
      if (!entry) continue;
      let end = start + entry.phrase.length;
      let possessive = false;
      if (isApostrophe(text, end)) {
        const s = text.charCodeAt(end + 1);
        if ((s === 115 || s === 83) && !isWordCharAt(text, end + 2)) {
          possessive = true;
          end += 2;
        } else if (/s$/i.test(entry.phrase) && !isWordCharAt(text, end + 1)) {
          possessive = true;
          end += 1;
        }
      }
      scanner.lastIndex = end;
      if (entry.party === null) continue;
      found.push({
        party: entry.party,
        start,
        end,
        text: text.slice(start, end),
        kind: entry.kind,
        possessive,
      });
    }
    return found;
  }

  private matchesAt(text: string, start: number, phrase: string): boolean {
    if (!text.startsWith(phrase, start)) return false;
    const end = start + phrase.length;
    return !isWordCharAt(text, end - 1) || !isWordCharAt(text, end);
  }

  /** A country name or alias ("Türkiye", "Republic of Turkey") → party name ("Turkey"); else null. */
  canonical(name: string): string | null {
    const trimmed = name
      .trim()
      .replace(/^the\s+/i, "")
      .replace(/\s+/g, " ");
    return this.names.get(trimmed.toLowerCase()) ?? null;
  }
}

export const defaultGazetteer: Gazetteer = new Gazetteer();
