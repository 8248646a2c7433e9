import type { Category, Figure, FigureStatus, Population, Qualifier } from "../model/figure.ts";
import type { Prediction } from "./score.ts";

/** A figure as `tollwatch extract --jsonl` prints it and the scorers read it: one per line, doc first. */
export interface FigureRecord extends Prediction {
  doc: string;
  party: string | null;
  population: Population;
  category: Category;
  value: number;
  qualifier: Qualifier;
  status: FigureStatus;
  claimant: string | null;
  statedOn: string | null;
  quote: string;
  confidence: number;
  disputed: boolean;
  increment: boolean;
}

export function toRecord(doc: string, figure: Figure): FigureRecord {
  return {
    doc,
    party: figure.party,
    population: figure.population,
    category: figure.category,
    value: figure.value,
    qualifier: figure.qualifier,
    status: figure.status,
    claimant: figure.claimant,
    statedOn: figure.statedOn,
    quote: figure.quote,
    confidence: figure.confidence,
    disputed: figure.disputed,
    increment: figure.increment,
  };
}
