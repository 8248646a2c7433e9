import type { Figure } from "../model/figure.ts";

/**
 * A figure as `tollwatch extract --jsonl` prints it and the scorers read it: one per line, doc first. The
 * span is left out: it locates the quote in one decoding of one file, which a reader of the line lacks.
 */
export type FigureRecord = { doc: string } & Omit<Figure, "span">;

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
