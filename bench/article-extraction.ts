import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import { extractArticle } from "../lib/ingest/article.ts";
import { CORPUS_DIR, sharedAvailable } from "../test/support/shared.ts";
import { htmlToText, tokenF1 } from "../test/support/token-f1.ts";
import { fmt, measure } from "./measure.ts";

interface Page {
  name: string;
  html: string;
  expected: string;
}

function readability(html: string): string {
  const { document } = parseHTML(html);
  // Readability's types expect the DOM lib's Document; linkedom's is compatible at run time.
  const article = new Readability(
    document as unknown as ConstructorParameters<typeof Readability>[0],
  ).parse();
  return article?.textContent ?? "";
}

/** Ours and Readability-on-linkedom over the same real pages, in the same process, back to back. */
export function benchArticleExtraction(): string[] {
  if (!sharedAvailable)
    return [`article extraction: SKIPPED, ${CORPUS_DIR} not found (the pages live in ../shared)`];
  const dir = join(CORPUS_DIR, "pages");
  const pages: Page[] = readdirSync(dir)
    .filter((name) => name.startsWith("readability__"))
    .sort()
    .map((name) => ({
      name,
      html: readFileSync(join(dir, name, "source.html"), "utf8"),
      expected: htmlToText(readFileSync(join(dir, name, "expected.html"), "utf8")),
    }));
  const mb = pages.reduce((sum, p) => sum + Buffer.byteLength(p.html), 0) / 1024 / 1024;

  const ours = measure(() => {
    for (const page of pages) extractArticle(page.html);
  });
  const theirs = measure(
    () => {
      for (const page of pages) readability(page.html);
    },
    { warmup: 1 },
  );
  const f1 = (extract: (html: string) => string) =>
    pages.reduce((sum, p) => sum + tokenF1(extract(p.html), p.expected).f1, 0) / pages.length;
  const oursRate = (ours.iterations * pages.length) / ours.seconds;
  const theirsRate = (theirs.iterations * pages.length) / theirs.seconds;
  const row = (name: string, rate: number, m: typeof ours, meanF1: number) =>
    `  ${name.padEnd(33)} ${fmt(rate)} pages/s, ${fmt((mb * m.iterations) / m.seconds)} MB/s, ` +
    `mean token F1 ${fmt(meanF1, 3)}, peak RSS ${fmt(m.peakRssMb, 0)} MB`;
  return [
    `article extraction: ${pages.length} real pages, ${fmt(mb, 1)} MB`,
    row(
      "toll watch (cheerio/slim):",
      oursRate,
      ours,
      f1((h) => extractArticle(h).text),
    ),
    row("@mozilla/readability on linkedom:", theirsRate, theirs, f1(readability)),
    `  ratio: ${fmt(oursRate / theirsRate, 2)}x Readability's speed (target >= 3x)`,
  ];
}
