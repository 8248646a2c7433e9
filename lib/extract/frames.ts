import type { Category, Population, Qualifier } from "../model/figure.ts";
import { type CountedPhrase, readCountedPhrase } from "./noun-phrase.ts";
import type { NumberMention } from "./numbers.ts";
import type { PartyMention } from "./parties.ts";
import { type Reading, readOne } from "./readings.ts";

/**
 * For each number mention of one sentence: is it a casualty figure, and of which category, population
 * and party as far as the sentence itself says. Parties the sentence leaves implicit are resolved later.
 */
export interface Frame {
  mention: NumberMention;
  category: Category;
  /** null: the sentence does not say (an elided head: "more than 400 were wounded"). */
  population: Population | null;
  party: string | null;
  /**
   * np: named in the counted phrase or its toll; anaphoric: "of its", "the army had lost";
   * bare: a people noun with no owner; elided: no noun at all; object: the object of an active "killed".
   */
  partyHow: "np" | "anaphoric" | "bare" | "elided" | "headless" | "object";
  qualifier: Qualifier;
  strength: number;
  increment: boolean;
  /** "40 more", "another 40": an increment only when the same category was counted just before. */
  more: boolean;
  /** Where the counted people died ("in Turkey"): a disaster's or civilians' party. */
  place: string | null;
  /** "put the number at 2,425": category, population and party are those of the figure before. */
  fromContext: boolean;
  /** A member of a dated series ("1,297 on Sunday and 1,419 on Monday"): snapshots of one toll. */
  series: boolean;
}

const QUALIFIER_VERB_RE = /^(?:exceed|pass|top|surpass|reach|rose|risen|climb|hit|over)/i;
const CONJ_RE = /^\s*(?:,\s*)?(?:and|or|as well as|plus)?\s*$/i;
const GAP_LEFT_RE = /(?:\band|,|\bwhile|\bwhereas|\bwith|\bplus|\bas well as)\s*$/i;
const CHANGE_GAP_RE =
  /^[^.;]{0,12}(?:\bto|\bfrom)(?:\s+the)?\s*$|\b(?:up|down)\s+from(?:\s+the)?\s*$|^[^.;]{0,40}\b(?:revis|rais|lower|updat|increas|ris|rose|climb|jump|bring|brought|push|put)\w*\b[^.;\d]{0,25}\b(?:to|at|from)\s*$/i;
const DAY = String.raw`(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|the\s+(?:day|night|evening|morning)\s+before|a\s+day\s+earlier)`;
const DATED_LINK_RE = new RegExp(
  String.raw`^\s*(?:on|by|late|early)?\s*${DAY}(?:\s+(?:morning|evening|night))?\s*,?\s*(?:and|then)\s*$`,
  "i",
);
const DATED_AFTER_RE = new RegExp(String.raw`^\s*(?:on|by|late|early)?\s*${DAY}\b`, "i");
const TOLL_BEFORE_RE = /\b(?:toll|tally|count|figure|number)\b[^.;]*$/i;
const INCLUDING_RE = /\b(?:including|among them|among whom|of whom|of them)\s*$/i;

export function readFrames(
  sentence: string,
  mentions: readonly NumberMention[],
  parties: readonly PartyMention[],
): Frame[] {
  const phrases = mentions.map((m) => readCountedPhrase(sentence, m.end, parties));
  // Coordinated figures ("93 Azerbaijani and 50 Armenian civilians") share the last one's noun and
  // predicate, and the first one's governing verb and qualifier.
  const groupStart: number[] = [];
  for (let i = 0; i < mentions.length; i++) {
    const prev = mentions[i - 1];
    const prevPhrase = phrases[i - 1];
    const linked =
      prev !== undefined &&
      prevPhrase !== undefined &&
      (prevPhrase.head === "none" || prevPhrase.head === "population") &&
      CONJ_RE.test(sentence.slice(prevPhrase.end, mentions[i]?.start ?? 0));
    groupStart.push(linked ? (groupStart[i - 1] ?? i) : i);
  }
  const frames: (Frame | null)[] = [];
  for (let i = 0; i < mentions.length; i++) {
    const mention = mentions[i];
    const phrase = phrases[i];
    if (!mention || !phrase) continue;
    const first = groupStart[i] ?? i;
    let last = i;
    while (groupStart[last + 1] === first) last++;
    const lastPhrase = phrases[last] ?? phrase;
    const head = phrase.head === "population" || phrase.head === "category" ? phrase : lastPhrase;
    const left = sentence.slice(
      Math.max(0, (mentions[first]?.start ?? mention.start) - 120),
      mentions[first]?.start,
    );
    const leftStart = Math.max(0, (mentions[first]?.start ?? mention.start) - 120);
    const prevEnd = mentions[first - 1]?.end ?? 0;
    const firstMention = mentions[first] ?? mention;
    const qualifierWords = sentence.slice(firstMention.start, firstMention.numberStart);
    const qualifierVerb = QUALIFIER_VERB_RE.test(qualifierWords) ? qualifierWords : "";
    const reading = readOne(sentence, left, leftStart, head, lastPhrase.end, parties, prevEnd, qualifierVerb);
    let frame: Frame | null = null;
    if (reading) {
      frame = makeFrame(mention, phrase, head, reading);
      const prev = frames.findLast((f) => f !== null);
      if (reading.resumptive && prev && prev.category === frame.category && !phrase.population)
        frame.population = prev.population;
      const firstMention = mentions[first];
      if (first !== i && mention.qualifier === "exact" && firstMention)
        frame.qualifier = firstMention.qualifier;
    } else {
      frame = gapped(sentence, mention, phrase, frames, parties);
    }
    frames.push(frame);
  }
  return frames.filter((f): f is Frame => f !== null);
}

function makeFrame(mention: NumberMention, own: CountedPhrase, head: CountedPhrase, reading: Reading): Frame {
  let population: Population | null = reading.population ?? own.population ?? head.population;
  // "two soldiers were killed and three injured": a bare category word borrows the figure before it.
  const headless = head.head === "category" && population === null && !own.party && !head.party;
  if (population === null && (own.party || head.party) && head.head !== "population")
    population = "unspecified";
  if (population === null && (head.head === "category" || head.head === "weak" || head.head === "unknown")) {
    population = "unspecified";
  }
  if (population === null && reading.via === "toll" && !reading.fromContext) population = "unspecified";
  const party = own.party ?? reading.tollParty;
  const anaphoric = own.anaphoric || head.anaphoric || reading.anaphoric === true;
  let partyHow: Frame["partyHow"];
  if (party) partyHow = "np";
  else if (anaphoric) partyHow = "anaphoric";
  else if (headless) partyHow = "headless";
  else if (reading.via === "toll") partyHow = "bare";
  else if (reading.active) partyHow = "object";
  else if (head.head === "none" && !own.party) partyHow = "elided";
  else partyHow = "bare";
  let qualifier = mention.qualifier;
  if (qualifier === "exact" && reading.lower) qualifier = "more_than";
  return {
    mention,
    category: reading.category,
    population,
    party,
    partyHow,
    qualifier,
    strength: reading.strength,
    increment: false,
    more: own.more || head.more,
    place: own.place ?? head.place,
    fromContext: reading.fromContext === true,
    series: false,
  };
}

/**
 * The next figure of a coordination: the previous frame's reading, with this number and its own
 * qualifier, a little less sure, and whatever the link between the two changes.
 */
function carry(prev: Frame, mention: NumberMention, doubt: number, changes: Partial<Frame>): Frame {
  return { ...prev, mention, qualifier: mention.qualifier, strength: prev.strength - doubt, ...changes };
}

/** "Turkey's toll reached 12,391 and Syria's 2,992", "including 30 children": borrow the last frame. */
function gapped(
  sentence: string,
  mention: NumberMention,
  phrase: CountedPhrase,
  frames: readonly (Frame | null)[],
  parties: readonly PartyMention[],
): Frame | null {
  const prev = frames.findLast((f) => f !== null);
  if (!prev) return null;
  const left = sentence.slice(prev.mention.end, mention.start);
  if (left.length > 60 && !/\b(?:up|down)\s+from(?:\s+the)?\s*$/i.test(left)) return null;
  const ownParty = parties.find(
    (p) =>
      p.start >= prev.mention.end &&
      p.end <= mention.start &&
      /^\s*(?:(?:stood|stands|was|is|were|reached)\s+)?(?:at|to)?\s*$/i.test(
        sentence.slice(p.end, mention.start),
      ),
  );
  let leftRest = left;
  if (ownParty) leftRest = sentence.slice(prev.mention.end, ownParty.start);
  if (phrase.head === "unknown" || phrase.head === "non_person" || phrase.head === "weak") return null;
  if (INCLUDING_RE.test(left) || INCLUDING_RE.test(leftRest)) {
    return carry(prev, mention, 0.1, {
      population: phrase.population ?? prev.population,
      party: phrase.party ?? prev.party,
      more: phrase.more,
    });
  }
  if (phrase.head !== "none" && phrase.head !== "population") return null;
  // A change's other end: "rose by 110 to 5,000", "up from 100", "from 50 to 75", "revising it to 75".
  if (prev.partyHow !== "object" && CHANGE_GAP_RE.test(left)) {
    return carry(prev, mention, 0.05, {
      increment: false,
      more: false,
    });
  }
  // A dated series: "rose to 1,297 on Sunday and 1,419 on Monday", "had been 111 on Monday and 99 on Sunday".
  if (
    prev.partyHow !== "object" &&
    phrase.head === "none" &&
    !ownParty &&
    DATED_LINK_RE.test(left) &&
    TOLL_BEFORE_RE.test(sentence.slice(Math.max(0, prev.mention.start - 80), prev.mention.start)) &&
    DATED_AFTER_RE.test(sentence.slice(mention.end))
  ) {
    prev.series = true;
    return carry(prev, mention, 0.1, {
      increment: false,
      more: false,
      series: true,
    });
  }
  if (phrase.place && !ownParty && GAP_LEFT_RE.test(left.trimEnd()) && prev.population !== "military") {
    return carry(prev, mention, 0.1, {
      party: phrase.place,
      partyHow: "np",
      more: false,
    });
  }
  if (!ownParty?.possessive) return null;
  if (!GAP_LEFT_RE.test(leftRest.trimEnd())) return null;
  if (/\b(?:said|says)\b/i.test(leftRest)) return null;
  return carry(prev, mention, 0.1, {
    party: ownParty.party,
    partyHow: "np",
    population: phrase.population ?? prev.population,
    more: phrase.more,
  });
}
