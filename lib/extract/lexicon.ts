import type { Category, Population } from "../model/figure.ts";

/**
 * Word lists and compiled patterns for the frame reader. Everything is lower-case and compiled once at
 * load: the engine runs these on every number mention of every article.
 */

/** Head nouns of a noun phrase that counts people, and the population they name. */
export const POPULATION_NOUNS: ReadonlyMap<string, Population> = new Map<string, Population>([
  ...words<Population>("military", [
    "soldier soldiers troop troops trooper troopers serviceman servicemen servicemember servicemembers",
    "personnel fighter fighters militant militants combatant combatants conscript conscripts",
    "marine marines paratrooper paratroopers sailor sailors guardsman guardsmen officer officers",
    "mercenary mercenaries rebel rebels insurgent insurgents militiamen militiaman reservist reservists",
    "peacekeeper peacekeepers policeman policemen gendarmes commandos servicewomen recruits",
  ]),
  ...words<Population>("civilian", [
    "civilian civilians resident residents child children kid kids woman women villager villagers",
    "passenger passengers student students pupil pupils worker workers journalist journalists",
    "medic medics doctor doctors nurse nurses baby babies infant infants minor minors teenager teenagers",
    "pilgrim pilgrims worshippers worshipers tourist tourists farmer farmers miner miners",
    "aid rescuer rescuers volunteer volunteers patient patients inhabitants schoolchildren",
    // Unarmed crowds shot by security forces are counted as civilians by the groups that keep the tolls.
    "protester protesters demonstrator demonstrators",
  ]),
  ...words<Population>("unspecified", [
    "people person persons individual individuals adult adults men man lives",
  ]),
]);

/** Category nouns or adjectives that can head (or modify) the counted phrase by themselves: "40 dead". */
export const CATEGORY_HEADS: ReadonlyMap<string, Category> = new Map<string, Category>([
  ...words<Category>("killed", ["dead deaths fatalities killed martyrs fallen slain deceased"]),
  ...words<Category>("wounded", ["wounded injured injuries hurt"]),
  ...words<Category>("missing", ["missing"]),
  ...words<Category>("captured", ["prisoners prisoner pows pow hostages captives detainees"]),
]);

/** Heads that only count as a toll with a predicate or governing verb ("12 bodies were recovered"). */
export const WEAK_HEADS: ReadonlyMap<string, Category> = new Map<string, Category>([
  ["bodies", "killed"],
  ["body", "killed"],
  ["corpses", "killed"],
  ["remains", "killed"],
  ["victims", "killed"],
]);

/** Words that may stand between a number and its head without changing what is counted. */
export const NP_MODIFIERS: ReadonlySet<string> = new Set(
  (
    "more other additional further fellow innocent unarmed young elderly old local foreign enemy " +
    "government police rebel opposition regular ordinary brave heroic serving active-duty contract " +
    "israeli-arab ethnic all both confirmed known reported estimated total overall new " +
    "armed unidentified identified registered official separatist pro-russian pro-government " +
    "female male little small seriously severely critically badly lightly"
  ).split(" "),
);

/** Modifiers that fix the population whatever the head noun says ("military deaths"). */
export const POPULATION_MODIFIERS: ReadonlyMap<string, Population> = new Map<string, Population>([
  ["military", "military"],
  ["army", "military"],
  ["civilian", "civilian"],
]);

/** Plural nouns that are never people: a number heading these is not a toll whatever the verb says. */
export const NON_PERSON_HEADS: ReadonlySet<string> = new Set(
  (
    "tanks vehicles aircraft planes jets helicopters drones missiles rockets shells bombs rounds weapons " +
    "guns artillery buildings houses homes apartments flats schools hospitals villages towns cities " +
    "settlements positions kilometres kilometers miles metres meters hectares acres tonnes tons " +
    "dollars euros manat rubles roubles pounds animals cattle sheep cows dogs cats horses birds livestock " +
    "goats pigs chickens poultry sheep fish samples tests days weeks months years hours minutes " +
    "percent cases doses beds trucks ships boats vessels bridges roads districts regions provinces " +
    "villages shelters tents points targets strikes attacks raids incidents violations"
  ).split(" "),
);

/** Words between a number and its predicate that leave the number the subject of the predicate. */
const AUX =
  "(?:(?:have|has|had|were|was|are|is|been|being|be|also|reportedly|still|all|now|so far|confirmed|" +
  "officially|later|subsequently|already|in total|altogether|either|both|each|reported|believed to have|" +
  "known to have|said to have|thought to have|remain|remained|remains|just|recently|since|then)\\s+)*";

/** Casualty predicates that may follow a counted phrase, with the category each names. */
const PREDICATES: ReadonlyArray<readonly [string, Category]> = [
  [
    "killed|dead|died|die|dying|slain|perished|martyred|lost their lives|lost his life|fell|fallen|drowned|" +
      "burned to death|burnt to death|crushed to death|succumbed|found dead|confirmed dead|shot dead|" +
      // Buried under rubble may still be alive; buried alone is a funeral.
      "buried(?!\\s+(?:alive|under|beneath|in\\s+(?:the\\s+)?rubble))",
    "killed",
  ],
  [
    "wounded|injured|hurt|hospitali[sz]ed|being treated|receiving treatment|treated in|in hospital|" +
      "(?:received|sustained|suffered)\\s+(?:[\\w-]+\\s+)?(?:injuries|wounds)",
    "wounded",
  ],
  ["missing|unaccounted for|listed as missing|considered missing", "missing"],
  [
    "captured|taken prisoner|taken captive|held captive|taken hostage|held hostage|in captivity|" +
      // Detention listed with court steps is an arrest count, not war captives.
      "detained(?!,?\\s+(?:(?:or|and)\\s+)?(?:charged|sentenced|arrested|jailed|convicted|prosecuted|questioned|fined))|" +
      "taken (?:[\\w-]+\\s+){0,3}?as (?:hostages?|captives?|prisoners?)|taken into captivity|abducted|kidnapped",
    "captured",
  ],
  // Only for bodies: "78 bodies had been recovered".
  ["recovered|retrieved|pulled from|pulled out|identified|exhumed|found|examined|brought", "killed"],
];
export const BODY_PREDICATE_INDEX = PREDICATES.length - 1;

/** A short parenthesis or place phrase may stand between the counted phrase and the predicate. */
const INSERT =
  "(?:,[^,.;:]{1,60},\\s*)?(?:(?:who|that)\\s+[^,.;:]{1,50}?\\s+(?=(?:have|has|had|were|was|are|is)\\s))?(?:(?:in|across|at|on|near|inside)\\s+(?:the\\s+)?[\\w'’-]+(?:\\s+[\\w'’-]+)?\\s+(?=(?:were|was|had|have|has|are|is|died|killed)\\b))?";

/** The predicate that governs a counted phrase, tried at the phrase's end. Group 1..4 by category. */
export const PREDICATE_RE = new RegExp(
  `^\\s*${INSERT}(?:(?:who|that)\\s+)?(not\\s+|n[o']t\\s+|never\\s+)?${AUX}(?:${PREDICATES.map(([p]) => `(${p})`).join("|")})\\b`,
  "i",
);
export const PREDICATE_CATEGORIES: readonly Category[] = PREDICATES.map(([, c]) => c);

/** Verbs that take the counted phrase as their object: "killing 40 people", "claimed the lives of 93". */
export const LEFT_VERB_RE = new RegExp(
  "\\b(killed|killing|kill|kills|slew|slaying|shot dead|shooting dead|claimed the lives of|claiming the lives of|took the lives of|" +
    "taking the lives of|cost the lives of|costing the lives of|lost|losing|lose|loses|" +
    "injured|injuring|injure|injures|wounded|wounding|wound|wounds|hurt|hurting|" +
    "captured|capturing|capture|captures|took prisoner|taken prisoner|seized|seizing|abducted|abducting|kidnapped|kidnapping|" +
    "recovered|recovering|found|retrieved|pulled out|pulled|exhumed|identified|examined|examining)" +
    "(?:\\s+(?:the\\s+)?(?:bodies|remains)\\s+of)?" +
    "(?:\\s+(?:only|just|another|a further|an additional|a total of|up to|as many as))?\\s*$",
  "i",
);

/** "put the number at", "gave a figure of": a toll whose category the sentence before gave. */
export const FIGURE_LEFT_RE =
  /\b(?:(?:put|puts|putting|gave|give|gives|giving|set|sets|estimated?|estimates)\s+(?:the|its|their|a|an)\s+(?:own\s+)?(?:(military|civilian)\s+)?(?:number|figure|count|tally|losses|loss|toll)\s+(?:at|as)|(?:figure|count|tally)\s+of|\b(?:the|its|their)\s+(?:previous|earlier|last|former)\s+figure\b[^.;\d]{0,50}?\b(?:was|had been)|\b(?:the|a|that|this)\s+figure\s+(?:that\s+|which\s+)?(?:had\s+|has\s+)?(?:rose|risen|climbed|jumped|stood|reached)\s+(?:to|at)|(?:losses|loss)\s+(?:at|of|to)|\b(?:list|register|roll|database|tally)\s+(?:now\s+)?(?:names|includes|contains|lists|counts|records))\s*$/i;
/** "the bodies of 2,425 soldiers": the people counted are dead whatever the noun. */
export const BODIES_OF_RE = /\b(?:bodies|remains)\s+of\s*$/i;

export function leftVerbCategory(verb: string): Category | "lost" | "found" {
  const v = verb.toLowerCase();
  if (/^(kill|slew|slay|shot dead|shooting dead|claim|took the|taking the|cost)/.test(v)) return "killed";
  if (/^los/.test(v)) return "lost";
  if (/^(injur|wound|hurt)/.test(v)) return "wounded";
  if (/^(captur|took prisoner|taken prisoner|seiz|abduct|kidnap)/.test(v)) return "captured";
  return "found";
}

/**
 * A toll phrase whose value the number is: "the death toll rose to", "Turkey's toll reached". A decimal
 * point ("the magnitude 7.2 quake") does not end the phrase.
 */
export const LEFT_TOLL_RE = new RegExp(
  "\\b((?:(military|civilian|army|official|overall|total|combined|confirmed|updated|new|latest)\\s+)?" +
    "(?:(death|fatality)\\s+)?(toll|tally|count|number of (?:the\\s+)?(?:[\\w-]+\\s+){0,2}?(?:who\\s+(?:became|were|are|have\\s+been)\\s+)?(dead|deaths|fatalities|killed|victims|martyrs|" +
    "bodies|injured|wounded|injuries|missing|unaccounted for|prisoners|captives|hostages)|deaths|fatalities))" +
    "\\b((?:[^.;!?]|\\.(?=\\d)){0,95}?)\\b(?:rose|risen|rising|rises|climbed|climbs|climbing|jumped|soared|surged|increased|" +
    "reached|reaching|reaches|hit|hits|stood|stands|stand|is|was|were|are|been|at|to|of|now|passed|passing|exceeded|" +
    "exceeds|topped|tops|surpassed|surpasses|over|above|hitting|by|from|:)\\s*$",
  "i",
);

/**
 * Left context that turns a would-be toll into something else. "flew 41 injured people to hospitals":
 * those a rescuer moved are a subset, not the toll.
 */
export const LEFT_BLOCK_RE =
  /\b(?:no|not|never|zero|without|identit(?:y|ies) of|dna (?:of|from)|names of|funerals? of|every|per|aged|age|ages|(?:killed|wounded|injured|hit|shot|struck|attacked|caused|carried out) by|than|for|flown|flew|airlifted|airlifting|evacuated|evacuating|ferried|ferrying|transported|transporting|rescued|rescuing)\s*$/i;

/** Non-toll verbs: a sentence counting these people is about something else. */
export const NON_TOLL_PREDICATE_RE =
  /^\s*(?:[\w'’-]+\s+){0,3}?(?:have been |had been |were |was |are |is |being )?(?:deployed|mobili[sz]ed|sent|dispatched|stationed|displaced|evacuated|fled|rescued|released|freed|exchanged|swapped|returned|repatriated|arrested|deported|vaccinated|tested|relocated|sheltered|employed|involved|taking part|participating|trained|recruited|drafted|called up|enlisted|registered|housed|arrived|left)\b/i;

/** Rise-by phrases: the number is a change, not a total. */
export const INCREMENT_LEFT_RE =
  /\b(?:(?:rose|risen|increased|climbed|jumped|grew|went up|up|down|fell|dropped)\s+by|another|a further|an additional|additional|further)\s*$/i;
export const BRINGING_RE =
  /\b(?:bringing|brings|brought|raising|raises|pushing|taking|takes|to a total of)\b/i;

/** Lower-bound verbs of a toll ("passed 10,000") when the number itself carries no qualifier. */
export const PASSED_RE =
  /\b(?:passed|passing|exceeded|exceeds|topped|tops|surpassed|surpasses|over|above)\s*$/i;

function words<T>(value: T, lines: readonly string[]): [string, T][] {
  return lines
    .join(" ")
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => [w, value]);
}
