/**
 * The shape of the demo's articles. The texts are written for Toll Watch: the outlets are fictional, the
 * casualty figures are the ones the Armenian and Azerbaijani authorities published in 2020-2021.
 */
import type { Category, FigureStatus, Population, Qualifier } from "../../model/figure.ts";

export const OUTLET_IDS = ["caucasus-wire", "baku-daily-monitor", "yerevan-evening-post"] as const;
export type OutletId = (typeof OUTLET_IDS)[number];

/** A figure the text states, as the extractor must read it (the unit test holds the wording to this). */
export interface IntendedFigure {
  party: string | null;
  population: Population;
  category: Category;
  value: number;
  qualifier: Qualifier;
  status: FigureStatus;
}

/** One text of an article: the first one, or a revision published later at the same URL. */
export interface ArticleText {
  /** The simulated day it appears (YYYY-MM-DD) and its time that day, UTC (HH:MM). */
  day: string;
  time: string;
  headline: string;
  /** The one-line summary the feed carries. */
  summary: string;
  /** The city the story is filed from, printed before the first paragraph. */
  dateline: string;
  paragraphs: string[];
  figures: IntendedFigure[];
  /** What this text is in the demo for. */
  purpose: string;
}

export interface DemoArticle extends ArticleText {
  /** Stable and unique: the last part of the article's URL. */
  id: string;
  outlet: OutletId;
  section: string;
  byline: string;
  /** toll: states a current official figure; noise: states figures that must raise nothing; world: unrelated. */
  role: "toll" | "noise" | "world";
  /** Later texts at the same URL, in day order: each replaces the page and the feed entry from its day on. */
  revisions?: ArticleText[];
}

/** Shorthand for the figures lists: party, population, category, value, then qualifier and status. */
export function figure(
  party: string | null,
  population: Population,
  category: Category,
  value: number,
  qualifier: Qualifier = "exact",
  status: FigureStatus = "current",
): IntendedFigure {
  return { party, population, category, value, qualifier, status };
}
