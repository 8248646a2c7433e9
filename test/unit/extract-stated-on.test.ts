import { describe, expect, it } from "vitest";
import { findDateExpressions, resolveStatedOn } from "../../lib/extract/stated-on.ts";

describe("resolveStatedOn", () => {
  // 2021-03-04 is a Thursday; 2021-01-01 a Friday.
  it.each<[string, string | null, string | null]>([
    ["The ministry said on Thursday that the toll had risen.", "2021-03-04", "2021-03-04"],
    ["The ministry said Tuesday that the toll had risen.", "2021-03-04", "2021-03-02"],
    ["In a statement on Friday, the army revised its count.", "2021-03-04", "2021-02-26"],
    ["Officials spoke last Thursday.", "2021-03-04", "2021-02-25"],
    ["Officials will speak next Monday.", "2021-03-04", null],
    ["The agency reported today that 40 more had died.", "2021-03-04", "2021-03-04"],
    ["The governor said this morning that rescuers had stopped.", "2021-03-04T09:30:00+03:00", "2021-03-04"],
    ["The health ministry said yesterday that 12 were wounded.", "2021-03-04", "2021-03-03"],
    ["Police said last night that the search continued.", "2021-03-01", "2021-02-28"],
    ["Yesterday the ministry issued new figures.", "2021-01-01", "2020-12-31"],
    ["The figures were released on February 27.", "2021-03-04", "2021-02-27"],
    ["The figures were released on 27 February.", "2021-03-04", "2021-02-27"],
    ["The figures were released on Feb. 27.", "2021-03-04", "2021-02-27"],
    ["The figures were released on Feb 27th.", "2021-03-04", "2021-02-27"],
    ["The figures were released on December 29.", "2021-01-02", "2020-12-29"],
    ["The figures were released on March 4.", "2021-03-04", "2021-03-04"],
    ["The figures were released on March 5.", "2021-03-04", "2020-03-05"],
    ["The figures were released on November 14, 2019.", "2021-03-04", "2019-11-14"],
    ["The figures were released on 14 November 2019.", null, "2019-11-14"],
    ["The report is dated 2019-11-14.", null, "2019-11-14"],
    ["The ministry spoke on Thursday.", null, null],
    ["The ministry spoke on November 14.", null, null],
    ["The register was updated on 14.11.2020.", "2021-03-04", null],
    ["The toll was revised last week and earlier this month.", "2021-03-04", null],
    ["In February 27 soldiers were buried.", "2021-03-04", null],
    ["The office is closed on Mondays.", "2021-03-04", null],
    ["The march recalled Bloody Sunday.", "2021-03-04", null],
    ["It was announced on Thursday, 3 December 2020.", "2021-03-04", "2020-12-03"],
    [
      "Officials said on Thursday, March 4, that 9 had died; on Monday they had said 7.",
      "2021-03-05",
      "2021-03-04",
    ],
  ])("%s (published %s) -> %s", (text, published, expected) => {
    // Prepare: the text and publication date are the whole input.
    // Act
    const statedOn = resolveStatedOn(text, published);
    // Assess
    expect(statedOn).toBe(expected);
  });
});

describe("findDateExpressions", () => {
  it("lists every resolvable date with its span, in text order", () => {
    // Prepare
    const text = "The army said on Wednesday that 30 died; on February 20 it had said 25, and yesterday 31.";
    // Act
    const found = findDateExpressions(text, "2021-03-04");
    // Assess
    expect(found.map((d) => [d.date, d.text])).toEqual([
      ["2021-03-03", "Wednesday"],
      ["2021-02-20", "February 20"],
      ["2021-03-03", "yesterday"],
    ]);
    for (const d of found) expect(text.slice(d.start, d.end)).toBe(d.text);
  });

  it("returns nothing for text without dates", () => {
    // Prepare
    const text = "The fighting killed 40 people and may March on.";
    // Act
    const found = findDateExpressions(text, "2021-03-04");
    // Assess
    expect(found).toEqual([]);
  });
});
