import type { Category, Population } from "../model/figure.ts";
import {
  BODIES_OF_RE,
  BODY_PREDICATE_INDEX,
  FIGURE_LEFT_RE,
  LEFT_BLOCK_RE,
  LEFT_TOLL_RE,
  LEFT_VERB_RE,
  leftVerbCategory,
  NON_TOLL_PREDICATE_RE,
  PASSED_RE,
  POPULATION_MODIFIERS,
  POPULATION_NOUNS,
  PREDICATE_CATEGORIES,
  PREDICATE_RE,
} from "./lexicon.ts";
import type { CountedPhrase } from "./noun-phrase.ts";
import type { PartyMention } from "./parties.ts";

/**
 * How one counted phrase reads as a casualty figure, from what governs it: a toll phrase on its left
 * ("the death toll rose to"), a predicate on its right ("were killed"), a verb that takes it as object
 * ("killing 40 people"), or its own noun ("40 dead").
 */
export interface Reading {
  category: Category;
  via: "toll" | "predicate" | "verb" | "head";
  tollParty: string | null;
  population: Population | null;
  strength: number;
  lower: boolean;
  active: boolean;
  fromContext?: boolean;
  anaphoric?: boolean;
  /** "a toll it raised from 63": population of the figure before in the sentence. */
  resumptive?: boolean;
}

const RELEASE_RE = /\b(?:releas|exchang|swap|free|freed|return|repatriat|handed over|hand over|trade)/i;
/** "killed or wounded", "dead and injured" with no second number: a combined count FORMAT has no word for. */
const COMBINED_RIGHT_RE =
  /^\s*(?:or|and|and\/or|&)\s+(?:wounded|injured|hurt|killed|dead)\b(?![^.;,]{0,12}\d)/i;
const COMBINED_LEFT_RE =
  /\b(?:killed|killing|kill|kills|dead)\s+(?:or|and|and\/or)\s+(?:wounded|wounding|injured|injuring|hurt)\b[^.;\d]{0,30}$|\bcasualt(?:y|ies)(?:\s+(?:figures?|count|toll|tally|numbers?))?\s+(?:rose|risen|climbed|reached|stood|stands|is|was|were|are|at|to|of|now|hit|topped|exceeded|passed)(?:\s+(?:to|at))?\s*$/i;
/** "150 people, including soldiers, foreigners and children, had been taken": a list the predicate skips. */
const INCLUDING_INSERT_RE =
  /^\s*,\s*(?:including|among them|most of them|many of them|mostly)\b[^.;:]{1,90}?,(?=\s*(?:had|have|has|were|was|are|is)\b)/i;
/** "54 of the dead were civilians", "160 of those killed were fighters": the subset's people. */
const COPULA_POPULATION_RE =
  /^\s*(?:killed|dead|who died)?\s*(?:were|are)\s+(?:(?:all|mostly|also|reportedly|said to be)\s+)?([\p{L}]+)/iu;
/** Abbreviations inside a toll phrase ("released before the Nov. 10 ceasefire") are no sentence end. */
const ABBREVIATION_RE =
  /\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|Gov|Gen|Lt|Col|Sgt|Dr|Mr|Mrs|Ms|St|No)\./g;
/** "casualty toll", "the toll of killed and wounded": not a death toll. */
const COMBINED_TOLL_RE =
  /\bcasualt(?:y|ies)\s+$|\b(?:killed|dead|deaths)\s+(?:or|and)\s+(?:wounded|injured)\b/i;
/** A headline's present tense: "flood deaths pass 1,100". */
const HEADLINE_PASS_RE = /\b(?:pass|passes|cross|crosses|crossed|crossing)\s*$/i;
/** "89 soldiers died, a toll it raised from 63": the toll restates the figure before it. */
const RESUMPTIVE_RE = /,\s*(?:an?|which|that)\s+(?:[\w-]+\s+)?$/i;
/** "The previous official count stood at 1,434": the same toll as the figure before, at an older time. */
const PREVIOUS_TOLL_RE = /\b(?:the|its|their)\s+(?:previous|prior|earlier|former|initial)\s+(?:[\w-]+\s+)?$/i;
const BRINGING_TOTAL_RE =
  /\b(?:bringing|brings|brought|taking|takes|took|pushing|pushes|pushed|raising|raises|raised)\s+(?:the|its|their)\s+(?:overall\s+|cumulative\s+|national\s+|total\s+)?(?:total|tally)\b[^.;:\d]{0,30}?\bto\s*$/i;
const POW_RE = /\b(?:POWs?|prisoners\s+of\s+war)\b/i;
const LIVES_VERB_RE = /\b(?:claimed|claiming|claims|took|taking|takes|cost|costing|costs|lost|losing)\s*$/i;

/** The reading of one counted phrase, from its left (toll, verb) and right (predicate) context. */
export function readOne(
  sentence: string,
  left: string,
  leftStart: number,
  phrase: CountedPhrase,
  end: number,
  parties: readonly PartyMention[],
  prevEnd: number,
  qualifierVerb: string,
): Reading | null {
  if (phrase.head === "non_person") return null;
  const right = sentence.slice(end, end + 140);
  if (COMBINED_LEFT_RE.test(left)) return null;
  const tollLeft = (qualifierVerb ? left + qualifierVerb : left)
    .replace(ABBREVIATION_RE, (m) => `${m.slice(0, -1)} `)
    .replace(HEADLINE_PASS_RE, "passed ");
  let toll = LEFT_TOLL_RE.exec(tollLeft);
  const cut = prevEnd - leftStart;
  if (toll && toll.index < cut && cut < tollLeft.length) {
    // "the number of dead stood at 275 and the number of injured at 1,175": the toll after the figure before.
    const later = LEFT_TOLL_RE.exec(tollLeft.slice(cut));
    if (later) later.index += cut;
    toll = later ?? toll;
  }
  // A toll phrase governs only the first number after it: "toll rose to 120, up from 100".
  if (toll && leftStart + toll.index >= prevEnd) {
    const noun = (toll[5] ?? toll[3] ?? "").toLowerCase();
    const whole = (toll[1] ?? "").toLowerCase();
    const category: Category =
      /injur|wound/.test(noun) || /^(?:injured|wounded)$/.test(whole)
        ? "wounded"
        : /missing|unaccounted/.test(noun) || whole === "missing"
          ? "missing"
          : /prisoner|captive|hostage/.test(noun)
            ? "captured"
            : "killed";
    const modifier = (toll[2] ?? "").toLowerCase();
    // "the number of Russian servicemen killed": the people noun may follow a demonym.
    const nounPopulation = (/number of (?:the\s+)?((?:[\w-]+\s+){0,2}[\w-]+)/i.exec(whole)?.[1] ?? "")
      .split(/\s+/)
      .find((w) => POPULATION_NOUNS.has(w.toLowerCase()) || POPULATION_MODIFIERS.has(w.toLowerCase()));
    const population: Population | null =
      modifier === "military" || modifier === "army"
        ? "military"
        : modifier === "civilian"
          ? "civilian"
          : (POPULATION_NOUNS.get(nounPopulation?.toLowerCase() ?? "") ??
            POPULATION_MODIFIERS.get(nounPopulation?.toLowerCase() ?? "") ??
            // "the toll of Ukrainian POWs killed in the blast": prisoners of war are soldiers.
            (POW_RE.test(toll[0]) ? "military" : null));
    if (phrase.head === "unknown" || phrase.head === "weak") return null;
    if (
      COMBINED_TOLL_RE.test(tollLeft.slice(Math.max(0, toll.index - 12), toll.index)) ||
      COMBINED_TOLL_RE.test(toll[0])
    )
      return null;
    const tollStart = leftStart + toll.index;
    const tollParty = partyOfToll(parties, tollStart, leftStart + left.length, sentence);
    return {
      category,
      via: "toll",
      tollParty,
      population,
      strength: 0.9,
      lower: PASSED_RE.test(tollLeft),
      active: false,
      resumptive: population === null && RESUMPTIVE_RE.test(tollLeft.slice(0, toll.index)),
      fromContext: population === null && !toll[3] && PREVIOUS_TOLL_RE.test(tollLeft.slice(0, toll.index)),
    };
  }
  // "75 died overnight, bringing the total since June to 1,136": the running total of the figure before.
  if (BRINGING_TOTAL_RE.test(left) && (phrase.head === "none" || phrase.head === "population")) {
    return {
      category: "killed",
      via: "toll",
      tollParty: null,
      population: phrase.population,
      strength: 0.75,
      lower: false,
      active: false,
      fromContext: true,
    };
  }
  const figure = FIGURE_LEFT_RE.exec(left);
  if (figure && (phrase.head === "none" || phrase.head === "population")) {
    const modifier = (figure[1] ?? "").toLowerCase();
    const population: Population | null =
      modifier === "military" ? "military" : modifier === "civilian" ? "civilian" : null;
    const losses = /loss/i.test(figure[0]);
    return {
      category: "killed",
      via: "toll",
      tollParty: null,
      population,
      strength: 0.75,
      lower: false,
      active: false,
      fromContext: !losses,
      anaphoric: /\b(?:its|their)\b/i.test(figure[0]),
    };
  }
  const rightCore = PREDICATE_RE.test(right) ? right : right.replace(INCLUDING_INSERT_RE, "");
  const predicate = PREDICATE_RE.exec(rightCore);
  const block = LEFT_BLOCK_RE.exec(left);
  // "names of 27,000 soldiers killed" counts the dead; "names of 20 soldiers" alone does not.
  if (block && !(/^names of/i.test(block[0]) && predicate?.[2] !== undefined)) return null;
  const bodiesOf = BODIES_OF_RE.test(left) && (phrase.head === "population" || phrase.head === "none");
  if (predicate) {
    if (predicate[1]) return null;
    if (COMBINED_RIGHT_RE.test(rightCore.slice(predicate[0].length))) return null;
    const index = predicate.slice(2).findIndex((g) => g !== undefined);
    if (index === BODY_PREDICATE_INDEX && phrase.head !== "weak" && !bodiesOf) return null;
    const category = PREDICATE_CATEGORIES[index];
    if (!category) return null;
    if (phrase.head === "unknown" && !/s$/.test(phrase.headWord ?? "")) return null;
    const strength =
      phrase.head === "population" || phrase.head === "category" ? 0.9 : phrase.head === "none" ? 0.75 : 0.6;
    return {
      category,
      via: "predicate",
      tollParty: null,
      population: copulaPopulation(sentence, end),
      strength,
      lower: false,
      active: false,
    };
  }
  const verb = LEFT_VERB_RE.exec(left);
  if (verb) {
    const kind = leftVerbCategory(verb[1] ?? "");
    if (phrase.head === "unknown" || (phrase.head === "weak" && kind !== "found")) return null;
    if (kind === "found") {
      if (phrase.head !== "weak" && !bodiesOf) return null;
      return verbReading("killed", 0.8, false);
    }
    if (kind === "lost") {
      if (phrase.head !== "population") return null;
      return verbReading("killed", 0.85, false);
    }
    if (kind === "captured" && phrase.head !== "population" && phrase.head !== "category") return null;
    return verbReading(kind, 0.85, true);
  }
  if (phrase.headWord === "lives" && LIVES_VERB_RE.test(left)) {
    return verbReading("killed", 0.85, true);
  }
  if (phrase.category && (phrase.head === "category" || phrase.head === "population")) {
    if (phrase.category !== "captured" && COMBINED_RIGHT_RE.test(right)) return null;
    if (NON_TOLL_PREDICATE_RE.test(right) && phrase.category === "captured") return null;
    if (phrase.category === "captured" && RELEASE_RE.test(left.slice(-60))) return null;
    return {
      category: phrase.category,
      via: "head",
      tollParty: null,
      population: copulaPopulation(sentence, end),
      strength: 0.8,
      lower: false,
      active: false,
    };
  }
  return null;
}

/** "54 of the dead were civilians": a subset whose people the copula names. */
function copulaPopulation(sentence: string, end: number): Population | null {
  const noun = COPULA_POPULATION_RE.exec(sentence.slice(end, end + 60))?.[1]?.toLowerCase() ?? "";
  const population = POPULATION_NOUNS.get(noun);
  return population === "military" || population === "civilian" ? population : null;
}

/** A verb reading leaves party and population to the counted phrase; active verbs make it their object. */
function verbReading(category: Category, strength: number, active: boolean): Reading {
  return { category, via: "verb", tollParty: null, population: null, strength, lower: false, active };
}

/** "Turkey's toll", "the death toll in Syria": the one party that owns a toll phrase. */
function partyOfToll(
  parties: readonly PartyMention[],
  tollStart: number,
  end: number,
  sentence: string,
): string | null {
  const owners = new Set<string>();
  for (const p of parties) {
    if (
      p.end <= tollStart &&
      (p.possessive || p.kind === "demonym") &&
      /^\s*(?:[\w-]+\s+){0,2}$/.test(sentence.slice(p.end, tollStart))
    ) {
      owners.add(p.party);
    } else if (p.start >= tollStart && p.end <= end) {
      if (
        p.possessive ||
        /\b(?:in|of|for)\s+(?:the\s+)?$/i.test(sentence.slice(Math.max(tollStart, p.start - 12), p.start))
      ) {
        owners.add(p.party);
      } else if (p.kind === "demonym" && /^\s+(?:death\s+)?toll\b/i.test(sentence.slice(p.end)))
        owners.add(p.party);
    }
  }
  // "in Turkey and Syria": a toll of two countries belongs to neither.
  const named = new Set(
    parties.filter((p) => p.start >= tollStart && p.end <= end && p.kind !== "demonym").map((p) => p.party),
  );
  for (const p of named) owners.add(p);
  return owners.size === 1 ? ([...owners][0] ?? null) : null;
}
