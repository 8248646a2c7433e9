import { load } from "cheerio/slim";

export interface TokenScore {
  precision: number;
  recall: number;
  f1: number;
}

/** Lowercased runs of letters and digits; everything else (punctuation, spaces) separates. */
export function tokenize(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0);
}

/**
 * Bag-of-words F1: each token counts as often as it occurs on both sides (multiset overlap), so
 * a repeated teaser line is penalised once per repetition. Two empty texts agree perfectly.
 */
export function tokenF1(predicted: string, expected: string): TokenScore {
  const pred = tokenize(predicted);
  const exp = tokenize(expected);
  if (pred.length === 0 && exp.length === 0) return { precision: 1, recall: 1, f1: 1 };
  const counts = new Map<string, number>();
  for (const t of exp) counts.set(t, (counts.get(t) ?? 0) + 1);
  let overlap = 0;
  for (const t of pred) {
    const n = counts.get(t) ?? 0;
    if (n > 0) {
      overlap++;
      counts.set(t, n - 1);
    }
  }
  const precision = pred.length === 0 ? 0 : overlap / pred.length;
  const recall = exp.length === 0 ? 0 : overlap / exp.length;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

/** Visible text of an HTML fragment, scripts and styles excluded, whitespace collapsed. */
export function htmlToText(html: string): string {
  const $ = load(html);
  $("script, style, noscript, template").remove();
  // Block boundaries become spaces so that "</p><p>" does not glue two words into one token.
  $("br, p, div, li, h1, h2, h3, h4, h5, h6, td, th, blockquote, figcaption").after(" ");
  return $.root().text().replace(/\s+/g, " ").trim();
}
