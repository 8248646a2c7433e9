import { extractFigures } from "../lib/extract/extract.ts";
import type { ArticleInput } from "../lib/model/figure.ts";
import { fmt, measure } from "./measure.ts";

// Paragraphs in the register of wire copy: tolls, recalled figures, and the numbers that are not tolls
// (dates, distances, money, displaced people) that the extractor must read past.
const PARAGRAPHS = [
  "The defence ministry said on Thursday that {a} servicemen had been killed since the fighting began, and that {b} soldiers were still missing.",
  "Officials had earlier put the number of dead at {c}, a figure repeated by several outlets over the weekend.",
  "More than 40,000 people have fled their homes, according to the regional authorities, and 12 villages were evacuated within 30 kilometres of the front line.",
  "The government allocated $250 million for reconstruction in 2021, the finance minister told parliament in a session that lasted six hours.",
  "At least {d} civilians were killed and {e} wounded in the shelling of the town, the prosecutor general's office said in a statement.",
  "Hospitals in the capital were treating {f} injured people on Friday, the health ministry said, adding that 14 of them were in a serious condition.",
  "Nearly 2,000 peacekeepers are being deployed along the line of contact under the agreement signed on November 10.",
  "Rescue teams recovered {g} more bodies from the rubble, bringing the death toll to {h}, the emergency agency said.",
  "The conflict in the 1990s killed some 30,000 people and displaced hundreds of thousands, most of whom never returned.",
  "Analysts said the 44-day war had changed the balance of power in the South Caucasus for years to come.",
];

function article(seed: number): ArticleInput {
  const n = (base: number, spread: number) =>
    String(base + ((seed * 7919) % spread)).replace(/\B(?=(\d{3})+$)/g, ",");
  const values: Record<string, string> = {
    a: n(2700, 200),
    b: n(40, 80),
    c: n(2300, 300),
    d: n(80, 40),
    e: n(300, 200),
    f: n(1000, 400),
    g: n(10, 30),
    h: n(2000, 9000),
  };
  const parts: string[] = ["Ministry revises military death toll after identifying more remains"];
  for (let i = 0; parts.join("\n\n").length < 5_000; i++) {
    const template = PARAGRAPHS[(seed + i) % PARAGRAPHS.length] ?? "";
    parts.push(template.replace(/\{(\w)\}/g, (_, key: string) => values[key] ?? "0"));
  }
  return { text: parts.join("\n\n").slice(0, 5_200), published: "2020-12-03", title: parts[0] ?? null };
}

export function benchFigureExtraction(): string[] {
  const articles = Array.from({ length: 200 }, (_, i) => article(i));
  const kb = articles.reduce((sum, a) => sum + a.text.length, 0) / articles.length / 1024;
  let figures = 0;
  const m = measure(() => {
    figures = 0;
    for (const input of articles) figures += extractFigures(input).length;
  });
  const perSecond = (m.iterations * articles.length) / m.seconds;
  return [
    `figure extraction: ${articles.length} distinct articles of ${fmt(kb, 1)} KB, ${figures} figures per pass`,
    `  ${fmt(perSecond, 0)} articles/s on one core (target >= 500), ${fmt(1000 / perSecond, 2)} ms per article, peak RSS ${fmt(m.peakRssMb, 0)} MB (${fmt(m.startRssMb, 0)} MB before)`,
  ];
}
