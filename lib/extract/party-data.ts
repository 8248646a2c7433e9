import type { Country } from "world-countries";
import worldCountries from "world-countries";
import type { PartyMentionKind } from "./parties.ts";
import { REGIONS } from "./regions.ts";

/**
 * Hand-kept corrections to the world-countries data for English news text. world-countries supplies the
 * bulk (names, official names, alternative spellings, demonyms, capitals); these tables fix where
 * everyday English differs from it or where its entries would misfire on ordinary prose.
 */

/**
 * world-countries name.common → the party name. Labels use everyday English short names ("Turkey"
 * although ISO now says "Türkiye"). Czechia is contested either way; news of 2020-2023 mostly writes
 * "Czech Republic", and canonical() maps both, so the choice only affects the name reported.
 */
const PARTY_NAME_OVERRIDES: Readonly<Record<string, string>> = {
  Türkiye: "Turkey",
  Czechia: "Czech Republic",
  "DR Congo": "Democratic Republic of the Congo",
};

/**
 * Names of a party that world-countries lacks or files under another country. These win conflicts:
 * "Congo" alone is an alternative spelling of Congo-Brazzaville in the data, but in news (Reuters/AP
 * style) it nearly always means the Democratic Republic.
 */
const EXTRA_NAMES: Readonly<Record<string, readonly string[]>> = {
  Turkey: ["Turkey", "Türkiye", "Turkiye", "Republic of Turkey"],
  "United States": ["US", "U.S.", "USA", "U.S.A.", "America", "United States of America"],
  "United Kingdom": ["UK", "U.K.", "Britain", "Great Britain", "Northern Ireland"],
  "Czech Republic": ["Czechia", "Czech Republic"],
  "Democratic Republic of the Congo": [
    "DR Congo",
    "DRC",
    "Democratic Republic of Congo",
    "Democratic Republic of the Congo",
    "Congo-Kinshasa",
    "Congo",
  ],
  "Republic of the Congo": ["Congo-Brazzaville", "Congo Republic", "Republic of Congo"],
  "United Arab Emirates": ["UAE", "U.A.E."],
  "North Korea": ["DPRK"],
  "Vatican City": ["Vatican", "Holy See"],
  "Cape Verde": ["Cabo Verde"],
  "Timor-Leste": ["East Timor"],
  "Bosnia and Herzegovina": ["Bosnia", "Bosnia-Herzegovina"],
  "Ivory Coast": ["Côte d'Ivoire", "Cote d'Ivoire"],
  Vietnam: ["Viet Nam"],
};

/**
 * Demonyms and adjectives that world-countries lacks (it has one form per country) or assigns to two
 * countries: "Dominican" is both Dominica's and the Dominican Republic's, "Congolese" both Congos'.
 * Plurals are derived (see pluralOf in parties.ts) except where English does not add "s".
 */
const EXTRA_DEMONYMS: Readonly<Record<string, readonly string[]>> = {
  Azerbaijan: ["Azeri"],
  Turkey: ["Turk"],
  "United States": ["American"],
  "United Kingdom": ["Briton", "Brit"],
  "Czech Republic": ["Czechs"],
  Denmark: ["Dane"],
  Finland: ["Finn"],
  // "Pole" is also a stick; "North Pole"/"South Pole" are blocked below, the rest is left to context.
  Poland: ["Pole"],
  Sweden: ["Swede"],
  Spain: ["Spaniard"],
  France: ["Frenchman", "Frenchmen", "Frenchwoman", "Frenchwomen"],
  Netherlands: ["Dutchman", "Dutchmen"],
  Ireland: ["Irishman", "Irishmen"],
  "Saudi Arabia": ["Saudi"],
  Philippines: ["Filipina", "Philippine"],
  Argentina: ["Argentinian"],
  Ecuador: ["Ecuadorian"],
  "El Salvador": ["Salvadorean"],
  "Cape Verde": ["Cape Verdean"],
  Tajikistan: ["Tajik"],
  Kyrgyzstan: ["Kyrgyz"],
  Kazakhstan: ["Kazakh"],
  Uzbekistan: ["Uzbek"],
  Maldives: ["Maldivian"],
  Comoros: ["Comorian"],
  Slovenia: ["Slovenian"],
  Croatia: ["Croat"],
  Serbia: ["Serb"],
  "Bosnia and Herzegovina": ["Bosniak"],
  Kosovo: ["Kosovan"],
  Suriname: ["Surinamese"],
  Djibouti: ["Djiboutian"],
  "Guinea-Bissau": ["Bissau-Guinean"],
  Laos: ["Lao"],
  Nepal: ["Nepali"],
  Belarus: ["Belarussian"],
  "Burkina Faso": ["Burkinabè"],
  "Democratic Republic of the Congo": ["Congolese"],
  "Dominican Republic": ["Dominican"],
};

/** Other spellings of capitals in use in 2020-2023 news (older transliterations, renamed cities). */
const EXTRA_CAPITALS: Readonly<Record<string, readonly string[]>> = {
  Ukraine: ["Kiev"],
  Iran: ["Teheran"],
  Myanmar: ["Naypyitaw", "Nay Pyi Taw"],
  Yemen: ["Sanaa"],
  Mongolia: ["Ulaanbaatar"],
  Kazakhstan: ["Nur-Sultan"],
  Burundi: ["Bujumbura"],
  Eswatini: ["Mbabane"],
  // world-countries says "Washington D.C.", while news writes "Washington said".
  "United States": ["Washington"],
  Switzerland: ["Berne"],
  Kosovo: ["Prishtina"],
};

/**
 * Capitals that are not reliable metonyms: ordinary words, frequent personal names, or names shared
 * with other well-known places. Listed with and without diacritics because both forms are indexed.
 */
export const EXCLUDED_CAPITALS: ReadonlySet<string> = new Set([
  "Victoria", // Seychelles: a personal name, an Australian state, a Canadian city
  "City of Victoria", // Hong Kong
  "Kingston", // Jamaica, Norfolk Island: also towns in England, Canada, New York
  "Georgetown", // Guyana: also a Washington neighbourhood and university
  "George Town", // Cayman Islands: also Penang
  "Malé", // Maldives: folds to the English word "Male"
  "Male",
  "Nassau", // Bahamas: also a German region and a New York county
  "Hamilton", // Bermuda: a surname, cities in Canada, New Zealand, Scotland
  "Saint John's", // Antigua: also Newfoundland
  "St. George's", // Grenada: churches and schools everywhere
  "The Valley", // Anguilla: an ordinary phrase
  "Stanley", // Falklands: a personal name
  "Douglas", // Isle of Man: a personal name
  "Plymouth", // Montserrat: the English city
  "Jamestown", // Saint Helena: the Virginia settlement
  "Santiago", // Chile: Santiago de Cuba, Santiago de Compostela, a personal name
  "San Juan", // Puerto Rico: dozens of places
  "Saint-Denis", // Réunion: the Paris suburb
  "Saint-Pierre",
  "Praia", // Cape Verde: Portuguese for beach
  "Sucre", // Bolivia: a Venezuelan state and a surname
  "Tripoli", // Libya: also Lebanon's second city
  "Sofia", // Bulgaria: a personal name
  "Moroni", // Comoros: a surname
  "Diego Garcia", // British Indian Ocean Territory: a personal name
  "West Island",
  "Flying Fish Cove",
  "King Edward Point",
  "Adamstown",
  "Road Town",
  "Cockburn Town",
  "Oranjestad", // Aruba and the Caribbean Netherlands both
  "The Bottom", // Caribbean Netherlands: indexed without its article it would be "Bottom"
  "Bottom",
  // Israel: sovereignty is contested, and in casualty reports it is a place of attacks on both sides.
  "Jerusalem",
]);

/**
 * world-countries alternative spellings that are English words, personal names, or ambiguous
 * regions ("Timor" is an island shared with Indonesia, "Guiana" a region of three countries).
 */
// biome-ignore format: a word list reads better packed
export const JUNK_ALT_SPELLINGS: ReadonlySet<string> = new Set([
  "Island", "Mann", "Mannin", "Prathet", "Mexicanos", "Portuguesa", "Viti", "Timor", "Guiana", "Reunion",
  "RSA", "Swatini", "Ngwane", "Dominique",
]);

/**
 * Phrases that contain a country word but do not name a country. They are matched like names (longest
 * match) so that their inner word is consumed, and yield no mention. The Minsk formats are negotiating
 * venues named after a city, not a party to the conflict.
 */
// biome-ignore format: a word list reads better packed
const BLOCKED_PHRASES: readonly string[] = [
  "Latin America", "Latin American", "Latin Americans", "South America", "South American",
  "South Americans", "North America", "North American", "North Americans", "Central America",
  "Central American", "Central Americans", "Native American", "Native Americans", "New Guinea",
  "Gulf of Guinea", "Guinea pig", "Guinea pigs", "New Mexico", "New Mexican", "New Jersey", "Jersey City",
  "Indian Ocean", "North Pole", "South Pole", "Washington Post", "Washington Times", "Washington Examiner",
  "Washington State", "Washington state", "George Washington", "British Columbia", "Minsk Group",
  "Minsk agreements", "Minsk Agreements", "Minsk accords", "Minsk Accords", "Dnipro River", "Dnipro river",
];

// The package types an ESM default export, but Node loads its CommonJS entry (module.exports is the
// array) while bundlers pick index.mjs; both hand over the array, which TypeScript cannot see.
const countries: readonly Country[] = Array.isArray(worldCountries)
  ? worldCountries
  : (worldCountries as unknown as { default: Country[] }).default;

/** Who wins when one phrase names two parties: config aliases, then the blocklist, then hand tables. */
export const Priority = { Territory: 1, State: 2, Explicit: 3, Blocked: 4, Alias: 5 } as const;
export type Priority = (typeof Priority)[keyof typeof Priority];

export interface PartyEntry {
  phrase: string;
  /** null: a blocked phrase, matched only to consume it. */
  party: string | null;
  kind: PartyMentionKind;
  priority: Priority;
  ambiguous?: boolean;
}

/** Non-sovereign in world-countries' terms, but parties to conflicts in their own name. */
const STATE_LIKE = new Set(["Palestine", "Taiwan", "Western Sahara", "Kosovo"]);

const UPPER_START = /^\p{Lu}/u;
const LATIN_ONLY = /^[\p{Script=Latin}\p{M}0-9 '’.-]+$/u;

function partyOf(common: string): string {
  return PARTY_NAME_OVERRIDES[common] ?? common;
}

/** Alternative spellings in world-countries mix ISO codes, native-script and inverted ISO forms. */
function usableDataPhrase(phrase: string): boolean {
  return (
    phrase.length >= 3 &&
    !/^[A-Z]{2,3}$/.test(phrase) &&
    UPPER_START.test(phrase) &&
    LATIN_ONLY.test(phrase) &&
    !JUNK_ALT_SPELLINGS.has(phrase)
  );
}

/** English plural of a demonym, or null when it does not take "s" ("Chinese", "Swiss", "French"). */
export function pluralOf(demonym: string): string | null {
  if (/(?:ese|s|sh|ch|x|z|men)$/.test(demonym)) return null;
  return `${demonym}s`;
}

function baseEntries(): PartyEntry[] {
  const entries: PartyEntry[] = [];
  const push = (phrase: string, party: string | null, kind: PartyMentionKind, priority: Priority) => {
    entries.push({ phrase, party, kind, priority });
  };
  // Names first, then demonyms, then capitals: for one party the first kind indexed is kept.
  for (const c of countries) {
    const party = partyOf(c.name.common);
    const priority = c.independent !== false || STATE_LIKE.has(party) ? Priority.State : Priority.Territory;
    push(party, party, "country", Priority.Explicit);
    for (const p of [c.name.common, c.name.official, ...c.altSpellings]) {
      if (usableDataPhrase(p)) push(p, party, "country", priority);
    }
  }
  for (const [party, names] of Object.entries(EXTRA_NAMES)) {
    for (const p of names) push(p, party, "country", Priority.Explicit);
  }
  const pushDemonym = (d: string, party: string, priority: Priority) => {
    push(d, party, "demonym", priority);
    const plural = pluralOf(d);
    if (plural) push(plural, party, "demonym", priority);
  };
  for (const c of countries) {
    const party = partyOf(c.name.common);
    const priority = c.independent !== false || STATE_LIKE.has(party) ? Priority.State : Priority.Territory;
    const eng = c.demonyms.eng;
    if (!eng) continue;
    for (const form of new Set([eng.m, eng.f])) {
      for (const d of form.split(/,\s*|\s+or\s+/)) {
        if (usableDataPhrase(d)) pushDemonym(d, party, priority);
      }
    }
  }
  for (const [party, forms] of Object.entries(EXTRA_DEMONYMS)) {
    for (const d of forms) pushDemonym(d, party, Priority.Explicit);
  }
  for (const c of countries) {
    const party = partyOf(c.name.common);
    const priority = c.independent !== false || STATE_LIKE.has(party) ? Priority.State : Priority.Territory;
    for (const cap of c.capital) {
      if (!EXCLUDED_CAPITALS.has(cap) && usableDataPhrase(cap)) push(cap, party, "capital", priority);
    }
  }
  for (const [party, caps] of Object.entries(EXTRA_CAPITALS)) {
    for (const cap of caps) push(cap, party, "capital", Priority.Explicit);
  }
  for (const [party, places] of Object.entries(REGIONS)) {
    for (const place of places) push(place, party, "region", Priority.Explicit);
  }
  for (const p of BLOCKED_PHRASES) push(p, null, "country", Priority.Blocked);
  return entries;
}

/** Every built-in phrase with its party, before variants and conflicts are resolved. */
export const BASE_ENTRIES: readonly PartyEntry[] = baseEntries();
