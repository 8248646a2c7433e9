/**
 * Group 5: texts built to look like a toll without stating one, run through extractFigures (or a whole
 * page through extractArticle first) in the sandbox. Figures read "party population category value qualifier".
 * Cases already in test/unit/extract-hostile.test.ts (a row of 500 numbers, "2,000,000,000 people were
 * killed", two billion) are not repeated; these are their neighbours.
 */
export interface TextCase {
  name: string;
  task?: "text" | "page";
  text: () => string;
  /** The exact figures, or an upper bound on their number. */
  expect: { figures: string[] } | { atMost: number; reason: string };
  withinMs: number;
}

const PEOPLE = ["Peru", "Chile", "Kenya", "Nepal", "Ghana"];

export const TEXT_CASES: TextCase[] = [
  {
    name: "2 000 000 000 killed, with spaces between the thousands",
    text: () => "Peru's health ministry said 2 000 000 000 people were killed.",
    expect: { figures: [] },
    withinMs: 1_000,
  },
  {
    name: "2.000.000.000 killed, with full stops between the thousands",
    text: () => "Peru's health ministry said 2.000.000.000 people were killed.",
    expect: { figures: [] },
    withinMs: 1_000,
  },
  {
    name: "2bn killed",
    text: () => "Peru's health ministry said 2bn people were killed.",
    expect: { figures: [] },
    withinMs: 1_000,
  },
  {
    name: "9,999,999,999 dead",
    text: () => "Peru's health ministry said the floods left 9,999,999,999 dead.",
    expect: { figures: [] },
    withinMs: 1_000,
  },
  {
    name: "1e9 killed",
    text: () => "Peru's health ministry said 1e9 people were killed.",
    expect: { figures: [] },
    withinMs: 1_000,
  },
  {
    name: "2,000,000,000 killed next to a real toll",
    text: () =>
      "Peru's health ministry said 2,000,000,000 people were killed. The ministry later said 41 people were killed in the floods.",
    expect: { figures: ["Peru unspecified killed 41 exact"] },
    withinMs: 1_000,
  },
  {
    name: "numbers inside URLs",
    text: () =>
      "Peru: more at https://news.example/peru/2024/03/killed-4000-people and https://x.example/?killed=4000&missing=12.",
    expect: { figures: [] },
    withinMs: 1_000,
  },
  {
    name: "phone numbers of a hotline for the families of the dead",
    text: () =>
      "Peru's health ministry set up a hotline for relatives of people killed or missing: +51 1 315 6600 or 0800-10-828.",
    expect: { figures: [] },
    withinMs: 1_000,
  },
  {
    name: "dates next to casualty words",
    text: () =>
      "Peru's health ministry said on 12 March 2024 that the floods of 2023 killed, as those of 1998 had.",
    expect: { figures: [] },
    withinMs: 1_000,
  },
  {
    name: "a list of years of deadly floods",
    text: () => "Peru's floods killed in 1970, 1983, 1998, 2017 and 2023, the ministry said.",
    expect: { figures: [] },
    withinMs: 1_000,
  },
  {
    name: "clock times and a numeric date",
    text: () => "Peru's health ministry briefing at 10:30 on 14/03/2024 listed the killed and the missing.",
    expect: { figures: [] },
    withinMs: 1_000,
  },
  {
    name: "money paid to the families of the dead",
    text: () => "Peru's health ministry said $2,000,000 was paid to families of those killed.",
    expect: { figures: [] },
    withinMs: 1_000,
  },
  {
    name: "case numbers and report ids",
    text: () => "Peru case 4512-killed-0092, missing person report #7781, file 3300/2024.",
    expect: { figures: [] },
    withinMs: 1_000,
  },
  {
    name: "coordinates and a depth",
    text: () => "The quake in Peru struck at 12.05 S 77.04 W, at a depth of 35 km; no one was killed.",
    expect: { figures: [] },
    withinMs: 1_000,
  },
  {
    name: "percentages of the dead",
    text: () => "In Peru 45% of those killed were soldiers and 30% of the missing were children.",
    expect: { figures: [] },
    withinMs: 1_000,
  },
  {
    name: "an HTML table of 500 rows of numbers under casualty headings",
    task: "page",
    text: () =>
      "<!doctype html><html><body><article><h1>Flood deaths by district</h1>" +
      "<p>Peru's health ministry published its figures for each district on Monday, district by district.</p>" +
      "<table><tr><th>District</th><th>Killed</th><th>Wounded</th><th>Missing</th></tr>" +
      Array.from(
        { length: 500 },
        (_, i) =>
          `<tr><td>District ${i + 1}</td><td>${i * 3 + 1}</td><td>${i * 5 + 2}</td><td>${i % 9}</td></tr>`,
      ).join("") +
      "</table></article></body></html>",
    expect: { figures: [] },
    withinMs: 2_000,
  },
  {
    name: "500 lines of 'party number killed number wounded number missing'",
    text: () =>
      Array.from(
        { length: 500 },
        (_, i) => `${PEOPLE[i % 5]} ${i * 13 + 7} killed ${i * 7 + 3} wounded ${i % 50} missing`,
      ).join("\n"),
    expect: {
      atMost: 1_500,
      reason:
        "each of the 1,500 numbers is at most one figure; the tally, not extraction, keeps one per party and category",
    },
    withinMs: 2_000,
  },
  {
    name: "500 sentences revising one toll",
    text: () =>
      Array.from({ length: 500 }, (_, i) => `Peru's health ministry said ${i + 10} people were killed.`).join(
        " ",
      ),
    expect: {
      atMost: 500,
      reason: "at most one figure per sentence; the cycle test holds the alerts to one per tally",
    },
    withinMs: 2_000,
  },
];
