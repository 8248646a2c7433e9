import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { extractArticle } from "../../lib/ingest/article.ts";
import type { Article } from "../../lib/model/ingest.ts";
import { CORPUS_DIR, sharedAvailable, skipWithoutShared } from "../support/shared.ts";
import { htmlToText, type TokenScore, tokenF1, tokenize } from "../support/token-f1.ts";

const PAGES_DIR = join(CORPUS_DIR, "pages");
const MIN_AVERAGE_F1 = 0.9;
const MIN_PAGE_F1 = 0.75;
/** Titles are checked loosely; a page may fall short, most must not. */
const MIN_TITLE_MATCHES = 0.8;

interface ExpectedMetadata {
  title: string | null;
  publishedTime: string | null;
}

interface PageResult {
  page: string;
  article: Article;
  expected: ExpectedMetadata;
  score: TokenScore;
  titleMatch: boolean;
}

const squash = (s: string): string => s.replace(/\s+/g, " ").trim();

function titleMatches(actual: string, expected: string | null): boolean {
  if (expected === null) return true;
  const a = squash(actual);
  const e = squash(expected);
  return a === e || a.includes(e) || (a.length > 0 && e.includes(a));
}

/** The corpus writes dates with and without offsets; one without is read as UTC, as the extractor does. */
function instant(date: string): number {
  const iso = date.trim().replace(" ", "T");
  const zoned = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(iso) ? iso : `${iso}Z`;
  return Date.parse(zoned);
}

function evaluate(page: string): PageResult {
  const dir = join(PAGES_DIR, page);
  const source = readFileSync(join(dir, "source.html"), "utf8");
  const expectedText = htmlToText(readFileSync(join(dir, "expected.html"), "utf8"));
  const expected = JSON.parse(readFileSync(join(dir, "expected-metadata.json"), "utf8")) as ExpectedMetadata;
  const article = extractArticle(source, { url: `corpus:${page}` });
  return {
    page,
    article,
    expected,
    score: tokenF1(article.text, expectedText),
    titleMatch: titleMatches(article.title, expected.title),
  };
}

describe.skipIf(skipWithoutShared("article corpus tests"))(
  "article extraction on the shared page corpus",
  () => {
    // vitest runs a skipped suite's body to collect its tests, so read nothing when the corpus is absent.
    const pages = sharedAvailable
      ? readdirSync(PAGES_DIR, { withFileTypes: true })
          .filter((d) => d.isDirectory())
          .map((d) => d.name)
          .sort()
      : [];
    const results = pages.map(evaluate);

    it("finds the 13 corpus pages", () => {
      expect(pages).toHaveLength(13);
    });

    it("prints the token F1 table and meets the average bar", () => {
      const rows = results.map((r) => ({
        page: r.page.replace(/^readability__/, ""),
        words: tokenize(r.article.text).length,
        precision: r.score.precision.toFixed(3),
        recall: r.score.recall.toFixed(3),
        f1: r.score.f1.toFixed(3),
        title: r.titleMatch ? "yes" : "no",
      }));
      const average = results.reduce((sum, r) => sum + r.score.f1, 0) / results.length;
      const header = ["page", "words", "precision", "recall", "F1", "title match"];
      const lines = [
        header.join(" | "),
        ...rows.map((r) => [r.page.padEnd(16), r.words, r.precision, r.recall, r.f1, r.title].join(" | ")),
        `average F1 | ${average.toFixed(3)}`,
      ];
      console.log(`\n${lines.join("\n")}`);

      expect(average).toBeGreaterThanOrEqual(MIN_AVERAGE_F1);
    });

    it.each(pages)("%s reaches the per-page F1 floor", (page) => {
      const result = results.find((r) => r.page === page);

      expect(result?.score.f1).toBeGreaterThanOrEqual(MIN_PAGE_F1);
    });

    it("matches the expected title on most pages", () => {
      const matched = results.filter((r) => r.titleMatch).length;

      expect(matched / results.length).toBeGreaterThanOrEqual(MIN_TITLE_MATCHES);
    });

    it.each(pages.filter((page) => results.find((r) => r.page === page)?.expected.publishedTime))(
      "%s has the expected publication instant",
      (page) => {
        const result = results.find((r) => r.page === page);
        const expected = result?.expected.publishedTime ?? "";

        expect(result?.article.published).not.toBeNull();
        expect(instant(result?.article.published ?? "")).toBe(instant(expected));
      },
    );

    it("returns UTC ISO 8601 dates whenever a date is found", () => {
      for (const r of results) {
        if (r.article.published !== null)
          expect(r.article.published).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      }
    });
  },
);
