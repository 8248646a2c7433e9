import { describe, expect, it } from "vitest";
import type { Watch } from "../../lib/model/tally.ts";
import { DEFAULT_WATCH, matchWatches, mentions } from "../../lib/tally/watches.ts";

const WAR_2020: Watch = {
  id: "karabakh-war-2020",
  title: "Second Karabakh war",
  phrases: ["Nagorno-Karabakh", "Karabakh"],
  from: "2020-09-27",
  to: "2021-12-31",
};
const BORDER_2022: Watch = {
  id: "border-clashes-2022",
  title: "Armenia-Azerbaijan border clashes",
  phrases: ["border clashes", "Jermuk", "Armenia-Azerbaijan border"],
  from: "2022-09-12",
  to: "2022-12-31",
};
const FERRY_2020: Watch = {
  id: "buriganga-2020",
  title: "Launch capsized on the Buriganga",
  phrases: ["Buriganga", "Morning Bird"],
  from: "2020-06-29",
  to: "2020-09-30",
};
const FERRY_2021: Watch = {
  id: "sugandha-2021",
  title: "Ferry fire on the Sugandha",
  phrases: ["Abhijan-10", "Sugandha"],
  from: "2021-12-23",
  to: "2022-03-31",
};
const ALL = [WAR_2020, BORDER_2022, FERRY_2020, FERRY_2021];

function article(text: string, published: string | null, title: string | null = null) {
  return { title, text, published };
}

describe("with no watch configured, the default watch takes every article", () => {
  it.each([
    ["A quake struck the coast overnight.", "2021-08-14"],
    ["An article with no date at all.", null],
    ["", "2022-01-01"],
  ])("%s (%s)", (text, published) => {
    // Act
    const ids = matchWatches(article(text, published), []);
    // Assess
    expect(ids).toEqual([DEFAULT_WATCH.id]);
    expect(DEFAULT_WATCH).toMatchObject({ id: "default", title: "All articles", phrases: [] });
  });
});

describe("phrases match in any case, as whole words, across spaces and hyphens", () => {
  it.each<[string, string, boolean]>([
    ["Nagorno-Karabakh", "Fighting in Nagorno-Karabakh went on.", true],
    ["Nagorno-Karabakh", "Fighting in nagorno karabakh went on.", true],
    ["Nagorno-Karabakh", "Fighting in Nagorno\u2013Karabakh went on.", true],
    ["Nagorno-Karabakh", "Fighting in NAGORNO -\nKARABAKH went on.", true],
    ["border clashes", "The border-clashes left dozens dead.", true],
    ["Abhijan-10", "The launch Abhijan 10 caught fire.", true],
    ["Abhijan-10", "The launch Abhijan-100 caught fire.", false],
    ["Karabakh", "Karabakhi refugees returned.", false],
    ["Jermuk", "Shelling hit the spa town of Jermuk.", true],
    ["Jermuk", "Nothing about the spa town here.", false],
    ["Côte d'Ivoire", "Floods in C\u00f4te d\u2019Ivoire killed 12.", true],
    ["U.S.", "The U.S. embassy said.", true],
    ["U.S.", "The US embassy said.", false],
    ["   ", "Any text at all.", false],
  ])("%s in %s: %s", (phrase, text, expected) => {
    expect(mentions({ title: null, text }, phrase)).toBe(expected);
  });

  it("matches the title as well as the text", () => {
    const found = matchWatches(article("Casualties rose.", "2020-10-05", "Karabakh: new toll"), ALL);
    expect(found).toEqual([WAR_2020.id]);
  });
});

describe("date windows keep two events of one country apart", () => {
  it.each<[string, string, string | null, string[]]>([
    ["the 2020 war", "Shelling continued across Nagorno-Karabakh.", "2020-10-10", [WAR_2020.id]],
    [
      "2022 clashes recalling the war",
      "The border clashes near Jermuk were the worst since the 2020 Nagorno-Karabakh war.",
      "2022-09-14",
      [BORDER_2022.id],
    ],
    ["a 2022 mention of Karabakh alone", "Karabakh talks resumed.", "2022-09-20", []],
    ["the first day of a window", "Heavy fighting in Karabakh.", "2020-09-27", [WAR_2020.id]],
    ["the day before a window", "Tension rose around Karabakh.", "2020-09-26", []],
    [
      "the last day, with a time and offset",
      "Karabakh toll updated.",
      "2021-12-31T23:30:00-05:00",
      [WAR_2020.id],
    ],
    ["an undated article with windowed watches", "Karabakh toll updated.", null, []],
    ["the 2020 ferry", "The Morning Bird sank on the Buriganga.", "2020-06-30", [FERRY_2020.id]],
    [
      "the 2021 ferry recalling the 2020 one",
      "The fire aboard Abhijan-10 on the Sugandha was deadlier than last year's Buriganga sinking.",
      "2021-12-24",
      [FERRY_2021.id],
    ],
    ["neither ferry", "A ferry sank somewhere else.", "2021-12-24", []],
  ])("%s", (_name, text, published, expected) => {
    expect(matchWatches(article(text, published), ALL)).toEqual(expected);
  });
});

describe("watches without phrases or windows", () => {
  it.each<[Watch[], string | null, string[]]>([
    [[{ id: "all", title: "All", phrases: [] }], null, ["all"]],
    [
      [{ id: "2021", title: "2021", phrases: [], from: "2021-01-01", to: "2021-12-31" }],
      "2021-05-01",
      ["2021"],
    ],
    [[{ id: "2021", title: "2021", phrases: [], from: "2021-01-01", to: "2021-12-31" }], "2022-05-01", []],
    [
      [{ id: "open-ended", title: "Since", phrases: [], from: "2021-01-01", to: null }],
      "2023-05-01",
      ["open-ended"],
    ],
    [
      [
        { id: "a", title: "A", phrases: [] },
        { id: "a", title: "A again", phrases: [] },
      ],
      null,
      ["a"],
    ],
  ])("%o on %s → %o", (watches, published, expected) => {
    expect(matchWatches(article("Some text.", published), watches)).toEqual(expected);
  });
});
