import { describe, expect, it } from "vitest";
import { extractFigures } from "../../lib/extract/extract.ts";
import { findNumbers } from "../../lib/extract/numbers.ts";
import type { Figure } from "../../lib/model/figure.ts";

const PUBLISHED = "2022-06-14";

function extract(text: string): Figure[] {
  return extractFigures({ text, published: PUBLISHED, title: null });
}

function brief(f: Figure): string {
  return [f.party ?? "-", f.category, f.value, f.qualifier].join(" ");
}

/** Milliseconds that fn takes, and what it returns. */
function timed<T>(fn: () => T): [T, number] {
  const started = performance.now();
  const result = fn();
  return [result, performance.now() - started];
}

function repeatTo(unit: string, length: number): string {
  return unit.repeat(Math.ceil(length / unit.length));
}

// Generous for a slow CI machine; each of these took at most a few hundred ms, and seconds before the fixes.
const BUDGET_MS = 1_000;

describe("extractFigures: input sizes and shapes that must stay fast", () => {
  it.each([
    [
      "2 MB of prose on one line",
      repeatTo(
        "Georgia's interior ministry said on Monday that 14 police officers were wounded in the clashes. " +
          "The talks resumed in the afternoon and are due to end this week. ",
        2_000_000,
      ),
    ],
    ["2 MB on one line with no full stop", repeatTo("Chile said 3 miners were hurt, ", 2_000_000)],
    ["100 KB of digits and commas", repeatTo("4,", 100_000)],
    ["100 KB of grouped thousands", repeatTo("812,", 100_000)],
    ["100 KB of one digit", "6".repeat(100_000)],
    ["100 KB of spelled-out numbers", repeatTo("seven ", 100_000)],
    ["2 MB of one letter", "x".repeat(2_000_000)],
  ])("%s: returns within the budget", (_name, text) => {
    // Prepare: text above.
    // Act
    const [figures, ms] = timed(() => extract(text));
    // Assess
    expect(Array.isArray(figures)).toBe(true);
    expect(ms).toBeLessThan(BUDGET_MS);
  });

  it("still reads the figures of long one-line prose", () => {
    // Prepare
    const text = repeatTo(
      "Chile's interior ministry said on Monday that 14 police officers were wounded. The talks resumed. ",
      200_000,
    );
    // Act
    const figures = extract(text).map(brief);
    // Assess
    expect(figures).toEqual(["Chile wounded 14 exact"]);
  });

  it.each([
    ["a run of spelled-out numbers", repeatTo("one ", 100_000)],
    ["a run of grouped digits", repeatTo("1, ", 100_000)],
  ])("findNumbers on %s is linear, not quadratic", (_name, text) => {
    // Prepare: text above.
    // Act
    const [, ms] = timed(() => findNumbers(text));
    // Assess
    expect(ms).toBeLessThan(BUDGET_MS);
  });
});

describe("extractFigures: odd input yields nothing and never throws", () => {
  const table = Array.from({ length: 500 }, (_, i) => `${i * 37 + 11}`).join("\t");
  const tableRows = Array.from({ length: 500 }, (_, i) => `${2000 + (i % 24)}  ${i * 13}  ${i * 7}`).join(
    "\n",
  );
  it.each([
    ["empty text", ""],
    ["only whitespace", " \n\n\t \n"],
    ["only numbers", "12 450 3,200 17.5 1998 2021 0 7"],
    ["a row of 500 numbers", table],
    ["a table of 500 rows", tableRows],
    ["control characters", "\u0000\u0001\u0007 41 \u001b[31m\u0008 wounded\u007f \u0000"],
    ["Cyrillic", "Министерство сообщило, что 37 человек погибли и 120 ранены."],
    ["Chinese", "官方表示，地震造成 58 人死亡，300 多人受伤。"],
    ["Arabic", "قالت الوزارة إن 25 شخصا قتلوا في القصف."],
    ["emoji and surrogate pairs", "😢 12 🕯️ 300 💔 \uD83D alone \uDE22"],
    ["a lone combining mark", "\u0301 3 \u0301 killed \u0301"],
  ])("%s", (_name, text) => {
    // Prepare: text above.
    // Act
    const figures = extract(text);
    // Assess
    expect(figures).toEqual([]);
  });
});

describe("extractFigures: implausibly large figures", () => {
  it.each([
    ["Officials in Peru said 2,000,000,000 people were killed."],
    ["Peru said 2,000,000,000 soldiers were killed."],
    ["Peru said two billion soldiers were killed."],
    ["The quake killed 11 million people in Peru, officials said."],
    ["Peru's health ministry said 10,000,001 people were injured."],
  ])("%s -> nothing", (text) => {
    // Prepare: text above.
    // Act
    const figures = extract(text);
    // Assess
    expect(figures).toEqual([]);
  });

  it.each([
    ["Peru's health ministry said 10,000,000 people were injured.", ["Peru wounded 10000000 exact"]],
    ["The quake killed 1.2 million people in Peru, officials said.", ["Peru killed 1200000 exact"]],
    ["Peru said 40 soldiers were killed.", ["Peru killed 40 exact"]],
  ])("%s -> kept", (text, expected) => {
    // Prepare: text above.
    // Act
    const figures = extract(text).map(brief);
    // Assess
    expect(figures).toEqual(expected);
  });
});
