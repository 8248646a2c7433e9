import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { extractArticle } from "../../lib/ingest/article.ts";
import { normalizeDate } from "../../lib/ingest/article-metadata.ts";
import { ArticleParseError } from "../../lib/ingest/errors.ts";

const FIXTURES = join(import.meta.dirname, "../fixtures/pages");
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), "utf8");

describe("extractArticle on a modern news page (ministry-toll-revised.html)", () => {
  const html = fixture("ministry-toll-revised.html");

  it("reads the metadata from meta tags and JSON-LD", () => {
    // Prepare: the page carries og:title with a " | Site" suffix, an offset publication time and JSON-LD in @graph.

    // Act
    const article = extractArticle(html, { url: "https://ledger.example/world/border-clash" });

    // Assess
    expect(article).toMatchObject({
      title: "Ministry raises count of soldiers killed in border clash to 27",
      published: "2024-03-09T16:45:00.000Z",
      byline: "Mira Castellan",
      siteName: "The Northern Ledger",
      lang: "en-GB",
    });
  });

  it("keeps the story paragraphs, in order", () => {
    const article = extractArticle(html);

    expect(article.paragraphs).toEqual([
      expect.stringMatching(/^The defence ministry on Saturday raised the number of soldiers killed/),
      expect.stringMatching(/^A spokesperson said eight more bodies/),
      expect.stringMatching(/^Officials also said 41 soldiers were being treated/),
      expect.stringMatching(/^The opposition has called for an independent inquiry/),
      expect.stringMatching(/^The ministry said its figures were provisional/),
    ]);
    expect(article.text).toBe(article.paragraphs.join("\n\n"));
  });

  it.each([
    ["navigation", "Politics"],
    ["share bar", "Share on social media"],
    ["figure caption", "relatives wait outside"],
    ["ad marker", "[ad_1]"],
    ["teaser box", "killed 5"],
    ["teaser box", "Ferry fire"],
    ["inline READ MORE teaser", "Warehouse collapse"],
    ["newsletter box", "morning briefing"],
    ["related stories box", "19 soldiers killed in overnight attack"],
    ["comments", "questions to answer"],
    ["footer", "All rights reserved"],
    ["script", "analytics"],
    ["byline", "By Mira Castellan"],
  ])("leaves out the %s (%s)", (_what, fragment) => {
    const article = extractArticle(html);

    expect(article.text).not.toContain(fragment);
  });
});

describe("extractArticle on an old-style page without hints (flood-report-plain.html)", () => {
  const html = fixture("flood-report-plain.html");

  it("falls back to <title>, rel=author and <time datetime> for metadata", () => {
    const article = extractArticle(html);

    expect(article).toMatchObject({
      title: "Floods leave 14 dead in river valley, civil protection says",
      published: "2023-10-02T10:30:00.000Z",
      byline: "Tomás Oller",
      siteName: null,
      lang: "es",
    });
  });

  it("splits <br><br> runs into paragraphs and drops the Related links after their label", () => {
    const article = extractArticle(html);

    expect(article.paragraphs).toEqual([
      expect.stringMatching(/^Civil protection officials said on Monday that 14 people had died/),
      expect.stringMatching(/^Rescue teams were still searching/),
      expect.stringMatching(/^The regional governor declared a state of emergency/),
      expect.stringMatching(/^Forecasters expect the rain to ease/),
    ]);
    expect(article.text).not.toMatch(/Landslide|Storm season|Most read|Weather/);
  });
});

describe("extractArticle errors", () => {
  it.each([
    ["empty input", "", /empty/],
    ["whitespace only", "  \n\t ", /empty/],
    ["plain text", "Fourteen people died in the floods, officials said.", /not HTML/],
    ["JSON", '{"title": "<b>not a page</b>"}', /not HTML/],
    ["a page with only navigation", fixture("navigation-only.html"), /no article text/],
    [
      "an empty body",
      "<html><head><title>Nothing here</title></head><body></body></html>",
      /no article text/,
    ],
  ])("throws ArticleParseError on %s", (_what, input, message) => {
    // Act
    const attempt = () => extractArticle(input, { url: "https://ledger.example/page" });

    // Assess
    expect(attempt).toThrow(ArticleParseError);
    expect(attempt).toThrow(message);
  });

  it("names the source as 'input' when no url is given", () => {
    let caught: unknown;
    try {
      extractArticle("");
    } catch (error) {
      caught = error;
    }

    expect(caught).toBeInstanceOf(ArticleParseError);
    expect((caught as ArticleParseError).source).toBe("input");
    expect((caught as ArticleParseError).message).not.toContain("\n");
  });
});

describe("normalizeDate", () => {
  it.each([
    ["2015-07-24T05:36:09+01:00", "2015-07-24T04:36:09.000Z"],
    ["2017-11-16T14:15+0000", "2017-11-16T14:15:00.000Z"],
    ["2019-01-03T07:00:02.000Z", "2019-01-03T07:00:02.000Z"],
    ["2018-12-21 12:55:00", "2018-12-21T12:55:00.000Z"],
    ["2024-03-09", "2024-03-09T00:00:00.000Z"],
    ["Sat, 09 Mar 2024 18:45:00 GMT", "2024-03-09T18:45:00.000Z"],
    ["9 March 2024", null],
    ["yesterday", null],
    ["", null],
  ])("normalizes %j to %j", (input, expected) => {
    expect(normalizeDate(input)).toBe(expected);
  });
});
