import type { Category, Population } from "../model/figure.ts";
import {
  CATEGORY_HEADS,
  NON_PERSON_HEADS,
  NP_MODIFIERS,
  POPULATION_MODIFIERS,
  POPULATION_NOUNS,
  WEAK_HEADS,
} from "./lexicon.ts";
import type { PartyMention } from "./parties.ts";

/**
 * What a number counts, read rightwards from the numeral: "93 Azerbaijani and", "2,317 of its troops",
 * "2,783 servicemen of the Azerbaijani armed forces", "40 dead".
 */
export interface CountedPhrase {
  /** population: a people noun; category: "dead", "injured"; weak: "bodies"; none: no noun; unknown: another noun. */
  head: "population" | "category" | "weak" | "none" | "unknown" | "non_person";
  headWord: string | null;
  population: Population | null;
  category: Category | null;
  /** A party named inside the phrase ("Armenian troops", "of the Azerbaijani armed forces"). */
  party: string | null;
  /** "9,057 people in Turkey": where they died, for disasters and civilians; never their side. */
  place: string | null;
  /** "of its", "of their": the counted people belong to the clause's subject. */
  anaphoric: boolean;
  /** "40 more", "more soldiers". */
  more: boolean;
  /** Offset in the sentence just after the phrase. */
  end: number;
}

const WORD_RE = /\s*([\p{L}][\p{L}\p{M}'’-]*|[^\s\p{L}])/uy;
/** Words that end a phrase without a noun: the numeral is the subject of what follows. */
const STOPPERS = new Set(
  (
    "are were was is have has had remain remained remains be been being will would could may might who that which " +
    "and or but while with as according reportedly also still in on at from for to by during after before near " +
    "across since over under into within amid among between without until against along around through per " +
    "so a an the this that these those it its their there here when where if than then now yesterday today " +
    "tonight overnight last this monday tuesday wednesday thursday friday saturday sunday " +
    // "up from 50 announced a day earlier", "stood at 16 late Monday": a statement's time, not a noun.
    "late early earlier announced given released published received sustained suffered " +
    // "and more than 240 taken hostage": a participle with its auxiliary elided.
    "taken held"
  ).split(" "),
);
const OF_PP_RE = /^\s+(?:of|from)\s+(?:the\s+)?/i;
const PLACE_RE = /^\s*(?:in|across)\s+(?:the\s+)?/i;
const SERVICE_MEMBERS_RE = /^\s+members?(?![\p{L}])/iu;
const ANAPHOR_OF_RE = /^(its|their|his|her|our|them|whom|those|these)$/;

export function readCountedPhrase(
  sentence: string,
  from: number,
  parties: readonly PartyMention[],
): CountedPhrase {
  const phrase: CountedPhrase = {
    head: "none",
    headWord: null,
    population: null,
    category: null,
    party: null,
    place: null,
    anaphoric: false,
    more: false,
    end: from,
  };
  let pos = from;
  let sawOf = false;
  for (let step = 0; step < 8; step++) {
    const party = partyAt(parties, sentence, pos);
    if (party) {
      phrase.party ??= party.party;
      pos = party.end;
      phrase.end = pos;
      continue;
    }
    WORD_RE.lastIndex = pos;
    const m = WORD_RE.exec(sentence);
    if (!m) break;
    const raw = m[1] ?? "";
    let word = raw.toLowerCase().replace(/[’']s?$/, "");
    let next = WORD_RE.lastIndex;
    if (word === "service") {
      // "13 U.S. service members": the open compound of "servicemembers".
      const member = SERVICE_MEMBERS_RE.exec(sentence.slice(next));
      if (member) {
        word = "servicemembers";
        next += member[0].length;
      }
    }
    if (word === "of" && !sawOf && phrase.head === "none") {
      WORD_RE.lastIndex = next;
      const after = WORD_RE.exec(sentence)?.[1]?.toLowerCase() ?? "";
      if (ANAPHOR_OF_RE.test(after)) {
        phrase.anaphoric = true;
        sawOf = true;
        pos = WORD_RE.lastIndex;
        if (/^(them|whom|those|these)$/.test(after)) {
          phrase.end = pos;
          break;
        }
        continue;
      }
      if (after === "the") {
        sawOf = true;
        pos = WORD_RE.lastIndex;
        continue;
      }
      break;
    }
    if (word === "more" || word === "additional" || word === "further") phrase.more = true;
    if (word === "others" || word === "more") {
      // "50 others are missing", "40 more were found": no noun of their own.
      pos = next;
      phrase.end = pos;
      if (word === "others") break;
      continue;
    }
    const category = CATEGORY_HEADS.get(word);
    if (category) {
      phrase.category ??= category;
      phrase.head = "category";
      phrase.headWord = word;
      pos = next;
      phrase.end = pos;
      continue;
    }
    const population = POPULATION_NOUNS.get(word);
    if (population && phrase.head !== "category") {
      // "civilian deaths", "soldier fatalities": the people noun modifies a category noun.
      WORD_RE.lastIndex = next;
      const following = WORD_RE.exec(sentence)?.[1]?.toLowerCase() ?? "";
      const followingCategory = CATEGORY_HEADS.get(following);
      if (followingCategory && following !== "missing" && !/^(?:killed|slain|fallen|hurt)$/.test(following)) {
        phrase.population = population === "unspecified" ? phrase.population : population;
        phrase.category = followingCategory;
        phrase.head = "category";
        phrase.headWord = following;
        pos = WORD_RE.lastIndex;
        phrase.end = pos;
        break;
      }
    }
    if (population) {
      // "lives" counts people only after a verb that takes them ("claimed 12 lives").
      phrase.population =
        phrase.population === "military" || phrase.population === "civilian" ? phrase.population : population;
      phrase.head = "population";
      phrase.headWord = word;
      pos = next;
      phrase.end = pos;
      readOfParty(sentence, phrase, parties);
      break;
    }
    if (phrase.head === "category") {
      if (/^pows?$/.test(phrase.headWord ?? "")) phrase.population = "military";
      else if (/^prisoners?$/.test(phrase.headWord ?? "") && /^\s+of war\b/i.test(sentence.slice(pos))) {
        phrase.population = "military";
        phrase.end = pos + (/^\s+of war/i.exec(sentence.slice(pos))?.[0].length ?? 0);
      }
      break;
    }
    const weak = WEAK_HEADS.get(word);
    if (weak) {
      phrase.head = "weak";
      phrase.category = weak;
      phrase.headWord = word;
      phrase.end = next;
      readOfParty(sentence, phrase, parties);
      break;
    }
    const populationModifier = POPULATION_MODIFIERS.get(word);
    if (populationModifier) {
      phrase.population = populationModifier;
      pos = next;
      continue;
    }
    if (NP_MODIFIERS.has(word)) {
      pos = next;
      continue;
    }
    if (STOPPERS.has(word) || !/\p{L}/u.test(raw)) break;
    if (NON_PERSON_HEADS.has(word)) {
      phrase.head = "non_person";
      phrase.headWord = word;
      phrase.end = next;
      break;
    }
    phrase.head = "unknown";
    phrase.headWord = word;
    phrase.end = next;
    break;
  }
  if (phrase.head === "none") phrase.end = Math.max(phrase.end, from);
  if (phrase.head !== "unknown" && phrase.head !== "non_person") readPlace(sentence, phrase, parties);
  return phrase;
}

/** "servicemen of the Azerbaijani armed forces", "soldiers from Armenia": a party after the head. */
function readOfParty(sentence: string, phrase: CountedPhrase, parties: readonly PartyMention[]): void {
  const tail = sentence.slice(phrase.end, phrase.end + 40);
  const of = OF_PP_RE.exec(tail);
  if (!of) return;
  const at = phrase.end + of[0].length;
  const party = partyAt(parties, sentence, at);
  if (party) {
    if (!phrase.party) phrase.party = party.party;
    const rest = /^\s+(?:armed forces|army|military|forces|side|troops)\b/i.exec(sentence.slice(party.end));
    phrase.end = party.end + (rest ? rest[0].length : 0);
    return;
  }
  if (/^(?:of|from)\s+(?:its|their)\b/i.test(tail.trimStart())) phrase.anaphoric = true;
}

/** "9,057 people in Turkey", "2,662 in Syria". */
function readPlace(sentence: string, phrase: CountedPhrase, parties: readonly PartyMention[]): void {
  const m = PLACE_RE.exec(sentence.slice(phrase.end, phrase.end + 20));
  if (!m) return;
  const party = partyAt(parties, sentence, phrase.end + m[0].length);
  if (!party || party.kind === "demonym") return;
  // "kills 2,700 in Turkey and Syria": a total of two countries places its dead in neither.
  if (
    parties.some(
      (p) =>
        p.start > party.end && /^\s*(?:,|and|or|&)\s*(?:in\s+)?$/i.test(sentence.slice(party.end, p.start)),
    )
  )
    return;
  phrase.place = party.party;
}

/** The party mention starting at pos, skipping whitespace and a leading "the". */
function partyAt(parties: readonly PartyMention[], sentence: string, pos: number): PartyMention | null {
  let p = pos;
  while (p < sentence.length && /\s/.test(sentence[p] ?? "")) p++;
  if (/^the\s/i.test(sentence.slice(p, p + 4))) p += 4;
  for (const party of parties) {
    if (party.start === p) return party;
    if (party.start > p) break;
  }
  return null;
}
