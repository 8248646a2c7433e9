/**
 * The words of ../shared/corpus/FORMAT.md, shared by extraction, reconciliation, evaluation, storage and
 * the CLI. Each list is the one place its words are spelled; the types are derived from it.
 */
export const CATEGORIES = ["killed", "wounded", "missing", "captured"] as const;
export const POPULATIONS = ["military", "civilian", "unspecified"] as const;
export const QUALIFIERS = [
  "exact",
  "at_least",
  "more_than",
  "nearly",
  "about",
  "up_to",
  "fewer_than",
] as const;
/** current: the figure now; earlier: an earlier statement recalled; historical: another, past event. */
export const STATUSES = ["current", "earlier", "historical"] as const;

export type Category = (typeof CATEGORIES)[number];
export type Population = (typeof POPULATIONS)[number];
export type Qualifier = (typeof QUALIFIERS)[number];
export type FigureStatus = (typeof STATUSES)[number];

/** One casualty figure an article states. */
export interface Figure {
  /** Whose dead, wounded or missing: a country's English short name ("Azerbaijan", "Turkey"); null when no single side. */
  party: string | null;
  population: Population;
  category: Category;
  value: number;
  qualifier: Qualifier;
  status: FigureStatus;
  /** Who states it ("Azerbaijan Defence Ministry", "UN OCHA"); null when the text does not say. */
  claimant: string | null;
  /** The statement's date, YYYY-MM-DD, resolved against the publication date; null when unknown. */
  statedOn: string | null;
  /** The sentence that states it, and its [start, end) character span in the article text. */
  quote: string;
  span: [number, number];
  /** 0..1: how sure the extractor is that this is a casualty figure with the right attribution. */
  confidence: number;
  /** Denied, rejected, "allegedly", or contradicted by the text: recorded, never a revision. */
  disputed: boolean;
  /** A change ("another 40", "rose by 110"), not a total. */
  increment: boolean;
}

/** What extraction reads: an article's text and what is known about it. */
export interface ArticleInput {
  text: string;
  /** Publication date, YYYY-MM-DD or ISO 8601; resolves "on Thursday". Null when unknown. */
  published: string | null;
  title?: string | null;
  outlet?: string | null;
}
