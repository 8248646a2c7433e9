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

/** A wire dateline: "Beirut (AFP) -", "GORIS, Armenia (AP) —", "KYIV, Ukraine -". */
const DATELINE_RE =
  /^\s*(?:\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*){0,2}(?:,\s*\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*){0,2})?\s*\([\p{Lu}][\p{L} .&-]{0,30}\)|\p{Lu}{3,}(?:\s+\p{Lu}{3,})?(?:,\s*\p{Lu}[\p{L}-]*)?)\s*[-–—:]\s/u;

function datelineEnd(sentence: string): number {
  return DATELINE_RE.exec(sentence)?.[0].length ?? 0;
}

/** The party that is the subject of the sentence's main clause, before the number at `before`. */
export function subjectParty(
  sentence: string,
  parties: readonly PartyMention[],
  before: number,
): string | null {
  const dateline = datelineEnd(sentence);
  // The nearest subject before the number: "Baku says ..., while Yerevan puts its own losses at 3,825".
  for (let i = parties.length - 1; i >= 0; i--) {
    const p = parties[i];
    if (!p || p.start >= before) continue;
    // "BEIRUT (AFP) -": where the story was filed, not who speaks or suffers.
    if (p.start < dateline) continue;
    if (PREPOSITION_BEFORE_RE.test(sentence.slice(Math.max(0, p.start - 14), p.start))) continue;
    const after = sentence.slice(p.end, p.end + 40);
    if (AGENT_AFTER_RE.test(after)) continue;
    if (p.kind === "demonym" && !p.possessive && !DEMONYM_SUBJECT_RE.test(after)) continue;
    return p.party;
  }
  return null;
}

const LOCATIVE_BEFORE_RE =
  /(?:\b(?:[Ii]n|[Aa]cross|[Ii]nside|at|off|(?:attacks?|assault|raids?|strikes?|shelling|invasion|incursion) on|struck|jolted|rocked|battered|pounded|shelled|bombed|ravaged)\s+(?:the\s+)?(?:(?:neighbouring|neighboring|nearby)\s+)?(?:(?:southern|northern|eastern|western|central|south-?eastern|north-?western|south-?western|north-?eastern)\s+)?(?:(?:city|town|village|province|region|district|port)\s+of\s+)?|\bin\s+\p{Lu}[\p{L}-]+(?:\s+\p{Lu}[\p{L}-]+)?,\s*)$/u;
const PLACE_NOUN_AFTER_RE =
  /^\s+(?:(?:city|town|village|island|region|province|port|capital|coast|district|state)\s+of\b|(?:[\p{Ll}-]+\s+)?(?:city|town|village|hamlet|port)\b)/iu;

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
    // "killed in Azerbaijan's 24-hour offensive": the possessor of an attack is the attacker, not the place.
    if (p.possessive && attacks(sentence, p)) continue;
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

// "Morocco quake toll climbs to", "Pakistan flood deaths pass", "Gaza toll tops": a place's own toll.
const PLACE_TOLL_AFTER_RE =
  /^(?:'s)?\s+(?:[\p{Ll}-]+\s+){0,2}?(?:death\s+)?(?:toll|deaths|dead|death count)\b[^.;,\d]{0,40}$/u;
/** Events that happen in a place and kill its people. */
const PLACE_EVENT_AFTER_RE =
  /^\s+(?:[\p{Ll}-]+\s+){0,2}?(earthquakes?|quakes?|floods?|flooding|fighting|civil war|violence|unrest|storms?|cyclone|typhoon|landslides?|heatwaves?|wildfires?|stampede|war|conflict|clashes)\s+(?:(?:has|have|had)\s+)?(?:killed|kills|kill|left|claimed)\b[^.;,\d]{0,30}$/u;
/** "Russia's war", "Israel's conflict with Hamas": a possessed war is waged, not suffered. */
const WAGED_RE = /^(?:war|conflict|clashes)$/;

/**
 * The place whose toll or whose event ("Sudan fighting has killed", "Syria's civil war killed") a
 * number counts, from the words just before it. A place joined to another ("Turkey-Syria quake",
 * "Armenia-Azerbaijan clashes") owns nothing alone.
 */
export function eventParty(
  sentence: string,
  parties: readonly PartyMention[],
  numberStart: number,
): string | null {
  const dateline = datelineEnd(sentence);
  for (let i = parties.length - 1; i >= 0; i--) {
    const p = parties[i];
    if (!p || p.end > numberStart) continue;
    if (p.start < dateline) return null;
    if (p.kind === "demonym") return null;
    // The dash that ends a dateline ("Beirut (AFP) - Syria's war") joins nothing.
    const joined =
      p.start !== dateline && /[-–/]\s*$/.test(sentence.slice(Math.max(0, p.start - 5), p.start));
    if (joined || /\band\s+$/.test(sentence.slice(Math.max(0, p.start - 5), p.start))) return null;
    const gap = sentence.slice(p.end, numberStart);
    if (PLACE_TOLL_AFTER_RE.test(gap)) return p.party;
    const event = PLACE_EVENT_AFTER_RE.exec(gap);
    if (!event || (p.possessive && WAGED_RE.test(event[1] ?? ""))) return null;
    return p.party;
  }
  return null;
}

/** Who attacks, not who suffers: "Russian shelling", "Azerbaijan's 24-hour offensive", "Russia's war". */
const ATTACK_AFTER_RE =
  /^\s+(?:[\p{L}\d-]+\s+){0,2}?(?:shelling|shells|strikes?|air ?strikes?|attacks?|missiles?|rockets?|drones?|bombardment|bombing|artillery|offensive|jets|warplanes|gunfire|raids?|invasion|incursion|operation|aggression|assault|occupation|blockade|siege|war\s+(?:on|against))\b/iu;
const WAGED_WAR_AFTER_RE = /^\s+(?:[\p{L}\d-]+\s+)?(?:war|conflict)\b/iu;
/** "a Britain-based monitor", "aid from Algeria", "talks with Egypt": named, but not a side. */
const NOT_A_SIDE_BEFORE_RE = /\b(?:from|by|to|with)\s+(?:the\s+)?$/i;
/** "fighting between Sudan's army and the RSF": a side of the fighting, not the attacker of its victims. */
const BETWEEN_BEFORE_RE = /\bbetween\s+(?:the\s+)?$/i;

function attacks(text: string, p: PartyMention): boolean {
  const after = text.slice(p.end, p.end + 40);
  return ATTACK_AFTER_RE.test(after) || (p.possessive && WAGED_WAR_AFTER_RE.test(after));
}

/** The sides a text names: its party mentions less attackers, helpers and bases. */
export function sidesOf(text: string, parties: readonly PartyMention[]): PartyMention[] {
  const sides: PartyMention[] = [];
  let previous: { end: number; side: boolean } | null = null;
  const dateline = datelineEnd(text);
  for (const p of parties) {
    if (p.start < dateline) continue;
    // "men from Egypt, Syria and Pakistan": a list shares the standing of its first member.
    const listed: boolean =
      previous !== null && /^\s*(?:,|,?\s*(?:and|or))\s*$/.test(text.slice(previous.end, p.start));
    const side: boolean =
      listed && previous
        ? previous.side
        : !attacks(text, p) &&
          !text.startsWith("-based", p.end) &&
          !NOT_A_SIDE_BEFORE_RE.test(text.slice(Math.max(0, p.start - 12), p.start));
    if (side) sides.push(p);
    previous = { end: p.end, side };
  }
  return sides;
}

/** Parties a sentence makes the attacker: their shelling, offensive, war, army or forces. */
export function attackersOf(text: string, parties: readonly PartyMention[]): string[] {
  return parties
    .filter(
      (p) =>
        (attacks(text, p) || AGENT_AFTER_RE.test(text.slice(p.end, p.end + 40))) &&
        !BETWEEN_BEFORE_RE.test(text.slice(Math.max(0, p.start - 12), p.start)),
    )
    .map((p) => p.party);
}

export interface Section {
  text: string;
  parties: readonly PartyMention[];
}

/**
 * Armed groups the gazetteer does not list (they are not countries, and their dead are not always their
 * home country's), each with the country whose side it stands for in the sole-country test: "Israel and
 * Hamas" is a two-sided story, "Sudan's army and the RSF" a one-country one.
 */
const ARMED_GROUPS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b(?:Hamas|Islamic Jihad)\b(?!-(?:run|controlled|led))/, "Palestine"],
  [/\bHezbollah\b/, "Lebanon"],
  [/\bHouthis?\b/, "Yemen"],
  [/\b(?:RSF|Rapid Support Forces)\b/, "Sudan"],
  [/\bTaliban\b/, "Afghanistan"],
  [/\b(?:al-Shabaab?|Al-Shabaab?)\b/, "Somalia"],
  [/\b(?:TPLF|Tigrayan forces)\b/, "Ethiopia"],
  [/\bM23\b/, "Democratic Republic of the Congo"],
  [/\bWagner\b/, "Russia"],
];

function groupSides(text: string): string[] {
  return ARMED_GROUPS.filter(([re]) => re.test(text)).map(([, party]) => party);
}

/** How many sentences after the title make up the lead that says what an article is about. */
const LEAD_SENTENCES = 4;

/**
 * The one country an article is about, or null when it names two sides or none. The title decides when
 * it names a side, else the lead; another side in the title or lead, or named more than in passing later
 * (twice and a third as often, or three times), makes it a two-sided story, where an unattributed figure
 * could be either side's.
 */
export function soleParty(title: Section | null, body: readonly Section[]): string | null {
  const distinct = (sections: readonly Section[]) =>
    new Set(
      sections.flatMap((s) => [...sidesOf(s.text, s.parties).map((p) => p.party), ...groupSides(s.text)]),
    );
  let candidates = title ? distinct([title]) : new Set<string>();
  if (candidates.size === 0) candidates = distinct(body.slice(0, LEAD_SENTENCES));
  const sole = candidates.size === 1 ? [...candidates][0] : undefined;
  if (!sole) return null;
  // Another side in the lead makes a two-sided story, however rarely it is named later.
  if (distinct(title ? [title, ...body.slice(0, LEAD_SENTENCES)] : body.slice(0, LEAD_SENTENCES)).size > 1)
    return null;
  const counts = new Map<string, number>();
  for (const s of [...(title ? [title] : []), ...body]) {
    for (const party of [...sidesOf(s.text, s.parties).map((p) => p.party), ...groupSides(s.text)])
      counts.set(party, (counts.get(party) ?? 0) + 1);
  }
  const own = counts.get(sole) ?? 0;
  for (const [party, n] of counts) {
    if (party !== sole && (n >= 3 || (n >= 2 && n * 3 > own))) return null;
  }
  return sole;
}

/** Whether the title and lead name two sides: a story where a figure without owner could be either's. */
export function leadIsTwoSided(title: Section | null, body: readonly Section[]): boolean {
  const sections = title ? [title, ...body.slice(0, LEAD_SENTENCES)] : body.slice(0, LEAD_SENTENCES);
  const sides = new Set(
    sections.flatMap((s) => [...sidesOf(s.text, s.parties).map((p) => p.party), ...groupSides(s.text)]),
  );
  return sides.size > 1;
}
