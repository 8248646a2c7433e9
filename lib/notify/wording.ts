/** Alert wording (pure): one tally version -> an e-mail subject and body, and an SMS. */
import type { Category, Population, Qualifier } from "../model/figure.ts";
import type { TallyVersion } from "../model/tally.ts";
import { formatDelta, formatNumber, formatPercent, oneLine, toGsm, truncate } from "./text.ts";

export interface RenderedAlert {
  /** At most SUBJECT_MAX characters, one line. */
  subject: string;
  /** Plain-text e-mail body. */
  email: string;
  /** At most SMS_MAX GSM characters. */
  sms: string;
}

/** SNS refuses a subject of 100 characters or more. */
export const SUBJECT_MAX = 99;
/** One GSM-7 SMS segment; longer texts are split and billed per segment. */
export const SMS_MAX = 160;

const CATEGORY_WORDS: Record<Category, string> = {
  killed: "deaths",
  wounded: "wounded",
  missing: "missing",
  captured: "captured",
};

const POPULATION_WORDS: Record<Population, string> = {
  military: "military",
  civilian: "civilian",
  unspecified: "",
};

const QUALIFIER_WORDS: Record<Qualifier, string> = {
  exact: "",
  at_least: "at least",
  more_than: "more than",
  nearly: "nearly",
  about: "about",
  up_to: "up to",
  fewer_than: "fewer than",
};

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

export function renderAlert(version: TallyVersion, watchTitle?: string): RenderedAlert {
  return {
    subject: renderSubject(version),
    email: `${renderDetails(version, watchTitle)}\n\n${FOOTER}\n`,
    sms: renderSms(version, watchTitle),
  };
}

/** "Azerbaijan military deaths": whose count this is, in words. */
export function tallyLabel(version: TallyVersion): string {
  return [oneLine(version.key.party), countWords(version)].filter(Boolean).join(" ");
}

/** "military deaths", "wounded". */
function countWords(version: TallyVersion): string {
  const { population, category } = version.key;
  return [POPULATION_WORDS[population], CATEGORY_WORDS[category]].filter(Boolean).join(" ");
}

/** "at least 2,855", "2,855". */
export function statedValue(version: TallyVersion): string {
  const qualifier = QUALIFIER_WORDS[version.qualifier];
  return qualifier ? `${qualifier} ${formatNumber(version.value)}` : formatNumber(version.value);
}

/** "Azerbaijan military deaths revised: 2,783 → 2,855 (+72)" or "...: first official figure 2,783". */
function headline(version: TallyVersion, arrow: string, labelMax = Number.POSITIVE_INFINITY): string {
  const tail =
    version.previousValue === null
      ? `: first official figure ${statedValue(version)}`
      : ` revised: ${formatNumber(version.previousValue)} ${arrow} ${statedValue(version)} (${formatDelta(version.value - version.previousValue)})`;
  // The numbers are the news: shorten the party name rather than the change or the category.
  const what = countWords(version);
  const party = truncate(oneLine(version.key.party), Math.max(8, labelMax - tail.length - what.length - 1));
  return `${[party, what].filter(Boolean).join(" ")}${tail}`;
}

export function renderSubject(version: TallyVersion): string {
  return truncate(headline(version, "→", SUBJECT_MAX), SUBJECT_MAX);
}

/** "5 January 2021 (2021-01-05)", or the raw text when it is not a plain date. */
export function formatDate(statedOn: string | null): string | null {
  if (!statedOn) return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(statedOn);
  const month = match ? MONTHS[Number(match[2]) - 1] : undefined;
  if (!match || !month) return oneLine(statedOn);
  return `${Number(match[3])} ${month} ${match[1]}`;
}

/** The e-mail body without its footer; also what the console sink prints. */
export function renderDetails(version: TallyVersion, watchTitle?: string): string {
  const opening = version.previousValue === null;
  const rows: Array<[string, string]> = [];
  if (watchTitle) rows.push(["Watch", oneLine(watchTitle)]);
  rows.push(["Count", tallyLabel(version)]);
  rows.push(["Previous", opening ? "none: this is the first official figure" : previousText(version)]);
  rows.push(["New", qualifierText(version)]);
  if (version.previousValue !== null) rows.push(["Change", changeText(version.previousValue, version)]);
  rows.push(["Claimant", version.claimant ? oneLine(version.claimant) : "not named in the article"]);
  const date = formatDate(version.statedOn);
  rows.push([
    "Statement date",
    date ? `${date}${date === version.statedOn ? "" : ` (${version.statedOn})`}` : "unknown",
  ]);
  rows.push([
    "Version",
    `${version.version} (${opening ? "tally opened" : "revision"}), recorded ${version.observedAt}`,
  ]);
  if (version.corroborations > 0) rows.push(["Corroborated by", `${version.corroborations} other outlet(s)`]);

  const width = Math.max(...rows.map(([name]) => name.length)) + 2;
  const lines = [
    opening ? `First official figure for ${tallyLabel(version)}.` : `The official toll was revised.`,
    "",
    ...rows.map(([name, value]) => `${`${name}:`.padEnd(width)}${value}`),
    "",
    version.evidence.length === 1
      ? "Evidence (1 article):"
      : `Evidence (${version.evidence.length} articles):`,
  ];
  version.evidence.forEach((item, index) => {
    lines.push(`${index + 1}. ${item.outlet ? oneLine(item.outlet) : "Unknown outlet"}`);
    lines.push(`   ${oneLine(item.doc)}`);
    lines.push(`   "${oneLine(item.quote)}"`);
    lines.push(`   read ${item.observedAt}`);
  });
  if (version.evidence.length === 0) lines.push("(no article recorded)");
  return lines.join("\n");
}

const FOOTER = [
  "--",
  "This alert was sent by your own Toll Watch, the monitor you run yourself.",
  "To stop these e-mails, use the unsubscribe link below, or remove this address from the alert topic.",
].join("\n");

function previousText(version: TallyVersion): string {
  return version.previousValue === null ? "none" : formatNumber(version.previousValue);
}

const QUALIFIER_MEANING: Record<Qualifier, string> = {
  exact: "stated as an exact figure",
  at_least: "a lower bound",
  more_than: "a lower bound",
  nearly: "an upper bound, close to it",
  about: "approximate",
  up_to: "an upper bound",
  fewer_than: "an upper bound",
};

function qualifierText(version: TallyVersion): string {
  return `${statedValue(version)} (${QUALIFIER_MEANING[version.qualifier]})`;
}

function changeText(previous: number, version: TallyVersion): string {
  const delta = version.value - previous;
  const percent = formatPercent(previous, version.value);
  const direction = delta > 0 ? "up" : delta < 0 ? "down" : "unchanged";
  return `${formatDelta(delta)}${percent ? ` (${percent})` : ""}, ${direction}`;
}

/** Most important first: whose count, old -> new, claimant, date, watch; what does not fit is dropped. */
export function renderSms(version: TallyVersion, watchTitle?: string): string {
  const head = truncate(toGsm(headline(version, "->", SMS_MAX)), SMS_MAX, "...");
  const claimant = version.claimant ? ` per ${toGsm(oneLine(version.claimant))}` : "";
  const date = version.statedOn ? ` on ${toGsm(oneLine(version.statedOn))}` : "";
  const watch = watchTitle ? ` - ${toGsm(oneLine(watchTitle))}` : "";
  let out = head;
  if (claimant) {
    // A long claimant is shortened so that the date still fits after it.
    const reserve = date && out.length + claimant.length + date.length > SMS_MAX ? date.length : 0;
    const room = SMS_MAX - out.length - reserve;
    if (claimant.length <= room) out += claimant;
    else if (room >= 12) out += truncate(claimant, room, "...");
  }
  if (date && out.length + date.length <= SMS_MAX) out += date;
  if (watch && out.length + watch.length <= SMS_MAX) out += watch;
  return out;
}
