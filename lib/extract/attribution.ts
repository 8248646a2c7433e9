import type { PartyMention } from "./parties.ts";

/**
 * Parties a sentence leaves implicit: the clause's subject ("Azerbaijan has said nearly 2,800 of its
 * soldiers"), a place ("killed 300 people in Turkey"), the article's main party.
 */

const PREPOSITION_BEFORE_RE =
  /\b(?:in|of|with|against|from|to|by|over|between|on|at|for|into|toward|towards|near|across|and|or|than|versus|vs\.?)\s+(?:the\s+)?$/i;
const AGENT_AFTER_RE =
  /^\s+(?:shelling|shells|strikes?|air ?strikes?|attacks?|missiles?|rockets?|drones?|bombardment|bombing|fire|artillery|offensive|forces|troops|soldiers|army|military|jets|warplanes|planes|gunfire|raids?|snipers?|tanks?)\b/i;
const DEMONYM_SUBJECT_RE =
  /^\s*(?:says|said|has|have|had|reports?|reported|announced|(?:[\p{L}-]+\s+)?(?:ministry|government|officials?|authorities|presidency|side|defen[cs]e|health|general staff))\b/iu;

/** The party that is the subject of the sentence's main clause, before the number at `before`. */
export function subjectParty(
  sentence: string,
  parties: readonly PartyMention[],
  before: number,
): string | null {
  // The nearest subject before the number: "Baku says ..., while Yerevan puts its own losses at 3,825".
  for (let i = parties.length - 1; i >= 0; i--) {
    const p = parties[i];
    if (!p || p.start >= before) continue;
    if (PREPOSITION_BEFORE_RE.test(sentence.slice(Math.max(0, p.start - 14), p.start))) continue;
    const after = sentence.slice(p.end, p.end + 40);
    if (AGENT_AFTER_RE.test(after)) continue;
    if (p.kind === "demonym" && !p.possessive && !DEMONYM_SUBJECT_RE.test(after)) continue;
    return p.party;
  }
  return null;
}

const LOCATIVE_BEFORE_RE =
  /(?:\b(?:in|across|inside|at|off)\s+(?:the\s+)?(?:(?:southern|northern|eastern|western|central|south-?eastern|north-?western|south-?western|north-?eastern)\s+)?|\bin\s+\p{Lu}[\p{L}-]+(?:\s+\p{Lu}[\p{L}-]+)?,\s*)$/u;
const PLACE_NOUN_AFTER_RE =
  /^\s+(?:city|town|village|island|region|province|port|capital|coast|district|state)\s+of\b/i;

/** The one country the sentence places the dead in ("in Turkey", "in Kyiv"); null for none or several. */
export function locativeParty(sentence: string, parties: readonly PartyMention[]): string | null {
  const places = new Set<string>();
  // "in Turkey and Syria": a place coordinated with a place is a place too.
  let previous: number | null = null;
  for (const p of parties) {
    const before = sentence.slice(Math.max(0, p.start - 30), p.start);
    if (p.kind === "demonym") {
      if (PLACE_NOUN_AFTER_RE.test(sentence.slice(p.end, p.end + 20))) places.add(p.party);
      continue;
    }
    const coordinated =
      previous !== null && /^\s*(?:,|and|or|,\s*and)\s*(?:in\s+)?$/i.test(sentence.slice(previous, p.start));
    if (
      coordinated ||
      (LOCATIVE_BEFORE_RE.test(before) &&
        (!p.possessive || /^\s+(?:[\p{L}-]+\s+){0,2}/u.test(sentence.slice(p.end))))
    ) {
      places.add(p.party);
      previous = p.end;
    }
  }
  return places.size === 1 ? ([...places][0] ?? null) : null;
}

/** The article's main party: the first its title names, else the most named in its opening sentences. */
export function mainParty(title: readonly PartyMention[], opening: readonly PartyMention[]): string | null {
  const first = title[0];
  if (first) return first.party;
  const counts = new Map<string, number>();
  for (const p of opening) counts.set(p.party, (counts.get(p.party) ?? 0) + (p.kind === "demonym" ? 0.5 : 1));
  let best: string | null = null;
  let bestCount = 0;
  let tie = false;
  for (const [party, count] of counts) {
    if (count > bestCount) {
      best = party;
      bestCount = count;
      tie = false;
    } else if (count === bestCount) tie = true;
  }
  return tie ? null : best;
}
