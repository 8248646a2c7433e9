import type { PartyMention } from "./parties.ts";

/**
 * Who states a figure: "Azerbaijan Defence Ministry" (country + body when the body is a national
 * institution), "UN OCHA" (international bodies by their usual short name), or a country alone
 * ("Yerevan had earlier announced" → "Armenia").
 */
export interface Claimant {
  name: string;
  /** The country the claimant speaks for; null for international bodies and unresolved bodies. */
  party: string | null;
  /** A body named without its country ("the ministry", "the government"): resolved from context. */
  needsCountry: boolean;
  /** A body of a side the gazetteer does not know ("the defence ministry of Nagorno-Karabakh"). */
  ownerUnknown?: boolean;
  start: number;
}

const BODIES: ReadonlyArray<readonly [RegExp, string]> = [
  [
    /\b(?:defen[cs]e ministry|ministry of (?:national )?defen[cs]e|defen[cs]e department|mod)\b/i,
    "Defence Ministry",
  ],
  [/\b(?:health ministry|ministry of (?:public )?health)\b/i, "Health Ministry"],
  [
    /\b(?:interior ministry|ministry of (?:the )?interior|ministry of internal affairs)\b/i,
    "Interior Ministry",
  ],
  [
    /\b(?:emergenc(?:y|ies) (?:situations )?ministry|ministry (?:of|for) emergenc(?:y|ies)(?: situations)?)\b/i,
    "Emergencies Ministry",
  ],
  [/\b(?:foreign ministry|ministry of foreign affairs)\b/i, "Foreign Ministry"],
  [/\bgeneral staff\b/i, "General Staff"],
  [/\b(?:prosecutor[- ]general'?s? office|prosecutor general)\b/i, "Prosecutor General's Office"],
  [/\b(?:disaster (?:and emergency )?(?:management )?(?:agency|authority)|afad)\b/i, "Disaster Agency"],
  [/\b(?:coast ?guard)\b/i, "coastguard"],
  [/\b(?:emergency|rescue|fire) services?\b/i, "emergency service"],
  [/\bcivil (?:defen[cs]e|protection)\b/i, "civil defence"],
  [/\bpolice\b/i, "police"],
  [/\bstate (?:media|television|tv|news agency|broadcaster)\b/i, "state media"],
  [/\bred crescent\b/i, "Red Crescent"],
  [/\bgovernment\b/i, "government"],
  [/\b(?:armed forces|army|military)\b/i, "military"],
  [/\b(?:presidency|president(?:'s office)?)\b/i, "President"],
  [/\bombudsman\b|\bhuman rights (?:defender|commissioner)\b/i, "Ombudsman"],
];

const INTERNATIONAL: ReadonlyArray<readonly [RegExp, string]> = [
  [
    /\b(?:OCHA|UN humanitarian (?:office|agency)|Office for the Coordination of Humanitarian Affairs)\b/,
    "UN OCHA",
  ],
  [
    /\b(?:OHCHR|UN human rights (?:office|monitoring mission|monitors?)|Human Rights Monitoring Mission)\b/i,
    "UN OHCHR",
  ],
  [/\b(?:World Health Organization|WHO)\b/, "WHO"],
  [/\b(?:UNICEF)\b/, "UNICEF"],
  [/\b(?:UNHCR|UN refugee agency)\b/i, "UNHCR"],
  [/\b(?:ICRC|International Committee of the Red Cross|Red Cross)\b/, "ICRC"],
  [/\b(?:United Nations|UN)\b/, "UN"],
];

const SPEECH =
  "(?:\\s+(?:has|have|had|also|earlier|previously|initially|later|on \\w+|\\w+day))*\\s*(?:said|says|say|announced|announces|reported|reports|stated|states|confirmed|confirms|told|added|adds|claimed|claims|put|puts|gave|gives|released|publishes|published|updated|revised|estimated|estimates|emphasi[sz]ed|noted|:)";
const SPEECH_AFTER_RE = new RegExp(
  `^(?:'s)?(?:\\s+(?:authorities|officials|sources|leaders|spokesm[ae]n|state media))?${SPEECH}`,
  "i",
);
/** Bodies that are also agents ("the army shelled"): claimants only when they speak. */
const GENERIC_BODIES = new Set(["government", "military", "President", "police"]);
const DEMONYM_SPEAKS_RE = /^\s*(?:(?:authorities|officials|sources|leaders|state media)\s+)?(?:says|said)\b/i;
const ACCORDING_RE = /\baccording to\s+(?:the\s+|a\s+)?$/i;
const BODY_ANY_RE = new RegExp([...BODIES, ...INTERNATIONAL].map(([re]) => re.source).join("|"), "gi");
const ANAPHORIC_STATEMENT_RE =
  /\b(?:according to (?:the|its|a) (?:statement|ministry|report|figures?|data)|the statement|the ministry|it said|it added|the ministry said)\b/i;

/** The claimant of the figures of one sentence, from the text before the number or "according to". */
export function findClaimant(
  sentence: string,
  parties: readonly PartyMention[],
  before: number,
): Claimant | null {
  const bodies = findBodies(sentence);
  const speaks = (b: Body) => SPEECH_AFTER_RE.test(sentence.slice(b.end, b.end + 60));
  const according = (start: number) => ACCORDING_RE.test(sentence.slice(Math.max(0, start - 16), start));
  const spoken =
    bodies.find((b) => b.start < before && (!GENERIC_BODIES.has(b.name) || speaks(b))) ??
    bodies.find((b) => according(b.start) || speaks(b));
  if (spoken) {
    if (spoken.international)
      return { name: spoken.name, party: null, needsCountry: false, start: spoken.start };
    return attach(spoken, sentence, parties);
  }
  // A country, capital or demonym followed by a speech verb: "Azerbaijan has said", "Yerevan had earlier announced".
  for (const p of parties) {
    const speech = SPEECH_AFTER_RE.test(sentence.slice(p.end, p.end + 60));
    if (!speech && !according(p.start)) continue;
    if (p.kind === "demonym" && !DEMONYM_SPEAKS_RE.test(sentence.slice(p.end)) && !according(p.start))
      continue;
    if (
      p.start > before &&
      !/,\s*(?:the\s+)?$/.test(sentence.slice(Math.max(0, p.start - 6), p.start)) &&
      !according(p.start)
    )
      continue;
    return { name: p.party, party: p.party, needsCountry: false, start: p.start };
  }
  return null;
}

/** "the ministry said", "according to the statement": the previous claimant goes on speaking. */
export function refersToPreviousClaimant(sentence: string): boolean {
  return ANAPHORIC_STATEMENT_RE.test(sentence);
}

interface Body {
  name: string;
  start: number;
  end: number;
  international: boolean;
}

function findBodies(sentence: string): Body[] {
  const found: Body[] = [];
  BODY_ANY_RE.lastIndex = 0;
  for (let m = BODY_ANY_RE.exec(sentence); m !== null; m = BODY_ANY_RE.exec(sentence)) {
    const text = m[0];
    const intl = INTERNATIONAL.find(([re]) => re.test(text));
    // Uppercase-only acronyms: "who" and "un" in ordinary prose are not bodies.
    if (intl && /^(?:who|un|mod)$/i.test(text) && text !== text.toUpperCase()) continue;
    const national = BODIES.find(([re]) => re.test(text));
    if (text.toLowerCase() === "mod" && text !== "MoD" && text !== "MOD") continue;
    if (intl && !national)
      found.push({ name: intl[1], start: m.index, end: m.index + text.length, international: true });
    else if (national)
      found.push({ name: national[1], start: m.index, end: m.index + text.length, international: false });
  }
  return found;
}

/** The body's country: "Armenia's Health Ministry", "the Azeri Defense Ministry", "the Defence Ministry in Baku". */
function attach(body: Body, sentence: string, parties: readonly PartyMention[]): Claimant {
  for (const p of parties) {
    const gapBefore = sentence.slice(p.end, body.start);
    if (
      p.end <= body.start &&
      /^\s*(?:[\p{L}-]+\s+)?$/u.test(gapBefore) &&
      (p.possessive || p.kind !== "country" || gapBefore.trim() === "")
    ) {
      return { name: `${p.party} ${body.name}`, party: p.party, needsCountry: false, start: body.start };
    }
    const gapAfter = sentence.slice(body.end, p.start);
    if (p.start >= body.end && /^\s+(?:in|of)\s+(?:the\s+)?$/i.test(gapAfter)) {
      return { name: `${p.party} ${body.name}`, party: p.party, needsCountry: false, start: body.start };
    }
  }
  // "the defence ministry of Nagorno-Karabakh": a side the gazetteer has no country for.
  const owner = OWNER_AFTER_RE.exec(sentence.slice(body.end))?.[1];
  if (
    owner &&
    !/-(?:run|controlled|led|backed|installed|held)$|^(?:President|Prime|Minister|General|Mr|Ms)$/i.test(
      owner,
    )
  ) {
    return {
      name: `${body.name} of ${owner}`,
      party: null,
      needsCountry: false,
      ownerUnknown: true,
      start: body.start,
    };
  }
  return { name: body.name, party: null, needsCountry: true, start: body.start };
}

const OWNER_AFTER_RE = /^\s+of\s+(?:the\s+)?(\p{Lu}[\p{L}-]+(?:\s+\p{Lu}[\p{L}-]+)?)/u;
