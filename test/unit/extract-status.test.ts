import { describe, expect, it } from "vitest";
import { extractFigures } from "../../lib/extract/extract.ts";
import { referenceYear } from "../../lib/extract/historical.ts";
import type { Figure } from "../../lib/model/figure.ts";

const PUBLISHED = "2022-09-20";

/** population category value qualifier status: what these rows check (party is another module's). */
function brief(f: Figure): string {
  return [f.population, f.category, f.value, f.qualifier, f.status].join(" ");
}

function extract(text: string, published: string | null = PUBLISHED): string[] {
  return extractFigures({ text, published, title: null }).map(brief);
}

describe("status: figures of another, past event are historical", () => {
  it.each([
    [
      "After the 2008 war, the ministry said 1,166 Georgians had been killed.",
      ["unspecified killed 1166 exact historical"],
    ],
    [
      "In March 2019, a cyclone struck the coast of Mozambique, killing 603 people.",
      ["unspecified killed 603 exact historical"],
    ],
    [
      "It was the worst disaster since the 2005 quake that killed more than 73,000 people in Kashmir.",
      ["unspecified killed 73000 more_than historical"],
    ],
    [
      "The city never recovered from a 1976 earthquake near its port that killed about 240,000 residents.",
      ["civilian killed 240000 about historical"],
    ],
    [
      "In 1994, militias massacred villagers across the region, killing at least 800 people.",
      ["unspecified killed 800 at_least historical"],
    ],
    [
      "A civil war in the 1990s that killed 150,000 people still shapes the country.",
      ["unspecified killed 150000 exact historical"],
    ],
    [
      "During the 2006 war, the army said 121 soldiers were killed; a later inquiry put the number at 119.",
      ["military killed 121 exact historical", "military killed 119 exact historical"],
    ],
    ["Some 3,000 people were killed in the 2010 floods.", ["unspecified killed 3000 about historical"]],
  ])("%s", (text, expected) => {
    const found = extract(text);

    expect(found).toEqual(expected);
  });

  it("reads 'now' from the latest year an undated article mentions", () => {
    const text =
      "The 2023 season brought new floods. In 2017, a landslide buried the town, killing 500 people.";

    const found = extract(text, null);

    expect(found).toEqual(["unspecified killed 500 exact historical"]);
  });

  it("ignores target years when it guesses 'now'", () => {
    const year = referenceYear(null, "The 2021 report set goals to be met by 2030.");

    expect(year).toBe(2021);
  });
});

describe("status: recalled statements are earlier", () => {
  it.each([
    ["The count had stood at 42 late Sunday.", ["unspecified killed 42 exact earlier"]],
    [
      "The army said 950 soldiers had been killed. The previous official toll, issued before the Oct. 3 truce, stood at 880.",
      ["military killed 950 exact current", "military killed 880 exact earlier"],
    ],
    [
      "The navy raised its toll to 31 sailors dead on Friday, up from 24 announced a day earlier.",
      ["military killed 31 exact current", "military killed 24 exact earlier"],
    ],
    [
      "The agency said 9,200 people have died, up from 8,950 reported last Tuesday.",
      ["unspecified killed 9200 exact current", "unspecified killed 8950 exact earlier"],
    ],
    ["It had announced 612 deaths on the first day.", ["unspecified killed 612 exact earlier"]],
    ["Officials had earlier put the toll at 1,050.", ["unspecified killed 1050 exact earlier"]],
    [
      "The ministry last issued a figure in March 2021, when a spokesman said 7,110 troops had been killed.",
      ["military killed 7110 exact earlier"],
    ],
    [
      "The group said 44 of its fighters died in the raid, a toll it raised from 38.",
      ["military killed 44 exact current", "military killed 38 exact earlier"],
    ],
  ])("%s", (text, expected) => {
    const found = extract(text);

    expect(found).toEqual(expected);
  });
});

describe("readings: hostages, burials, headlines, combined counts", () => {
  it.each([
    [
      "Police said about 90 people, including nurses, pupils and two priests, had been taken into the forest as hostages.",
      ["unspecified captured 90 about current"],
    ],
    ["The militia seized around 60 villagers.", ["civilian captured 60 about current"]],
    ["Forty-one migrants were being held hostage at the camp.", ["unspecified captured 41 exact current"]],
    ["By Thursday 2,114 people had been buried in the province.", ["unspecified killed 2114 exact current"]],
    ["Cholera deaths pass 700", ["unspecified killed 700 more_than current"]],
    [
      "Names of more than 9,000 soldiers killed in the fighting were published.",
      ["military killed 9000 more_than current"],
    ],
    [
      "The monitor gave a toll of 210, saying 95 of the dead were civilians.",
      ["unspecified killed 210 exact current", "civilian killed 95 exact current"],
    ],
  ])("%s", (text, expected) => {
    const found = extract(text);

    expect(found).toEqual(expected);
  });
});

describe("status and readings: figures that stay current or yield nothing", () => {
  it.each([
    [
      "The monitors said on Monday they had verified by name the deaths of 6,114 fighters since February 2022.",
      ["military killed 6114 exact current"],
    ],
    [
      "The conflict, which began in 2014 when rebels took the capital, has killed more than 20,000 people.",
      ["unspecified killed 20000 more_than current"],
    ],
    [
      "Since the war began in 2020, at least 4,000 soldiers have been killed.",
      ["military killed 4000 at_least current"],
    ],
    ["The government says 1,950 soldiers died in the 2020 war.", ["military killed 1950 exact current"]],
    ["Forty people were killed or wounded in the blast.", []],
    ["The strikes killed and injured 310 people.", []],
    ["Rockets killed or wounded 75 soldiers on the front.", []],
    ["The casualty toll rose to 66 on Sunday.", []],
    ["The shelling left 28 dead and wounded.", []],
    ["About 130 people are buried under the rubble.", []],
    ["The names of 30 soldiers were read out at the ceremony.", []],
    [
      "The ministry said on Friday that 88 people had died in the floods.",
      ["unspecified killed 88 exact current"],
    ],
  ])("%s", (text, expected) => {
    const found = extract(text);

    expect(found).toEqual(expected);
  });
});

describe("status: a past event told in a when-clause, a toll that was, a statement dated to a past month", () => {
  it.each([
    [
      "The storm was the deadliest since 2015, when almost 1,300 people drowned in the delta.",
      "2022-09-20",
      ["unspecified killed 1300 nearly historical"],
    ],
    [
      "Rescuers fear a repeat of 2017, when 400 villagers died under a collapsed hillside.",
      "2022-09-20",
      ["civilian killed 400 exact historical"],
    ],
    [
      "The quake toll had been 310 on Friday before more bodies were found.",
      "2022-09-20",
      ["unspecified killed 310 exact earlier"],
    ],
    ["The flood toll had been about 75 on Saturday.", "2022-09-20", ["unspecified killed 75 about earlier"]],
    [
      "The death toll was 212 on Sunday, officials said.",
      "2022-09-20",
      ["unspecified killed 212 exact earlier"],
    ],
    [
      "The army last published its losses in April, when it said 1,351 of its troops had died.",
      "2022-09-20",
      ["military killed 1351 exact earlier"],
    ],
    [
      "The monitor had recorded 2,940 deaths in the previous twelve months.",
      "2022-09-20",
      ["unspecified killed 2940 exact earlier"],
    ],
    // Unchanged: an ongoing count since a year, a when-clause closed before the count, today's toll.
    [
      "Since 2019, the insurgency has killed more than 6,000 people.",
      "2022-09-20",
      ["unspecified killed 6000 more_than current"],
    ],
    [
      "Since 2016, when the fighting began, 9,200 people have been killed.",
      "2022-09-20",
      ["unspecified killed 9200 exact current"],
    ],
    [
      "The death toll was 212 on Tuesday, officials said.",
      "2022-09-20",
      ["unspecified killed 212 exact current"],
    ],
    ["The toll rose to 230 on Monday.", "2022-09-20", ["unspecified killed 230 exact current"]],
    [
      "The toll had been rising all week and reached 140 on Tuesday.",
      "2022-09-20",
      ["unspecified killed 140 exact current"],
    ],
    [
      "The ministry said on Tuesday that 415 soldiers had been killed since the offensive began.",
      "2022-09-20",
      ["military killed 415 exact current"],
    ],
  ])("%s", (text, published, expected) => {
    const found = extract(text, published);

    expect(found).toEqual(expected);
  });
});

describe("status: recalled statements, recaps, timeline entries and past months (round 3)", () => {
  it.each([
    [
      "Officials first put the flood toll at 64, then raised it to 80.",
      ["unspecified killed 64 exact earlier", "unspecified killed 80 exact current"],
    ],
    [
      "On Monday the agency had said 31 people died and 12 were injured.",
      ["unspecified killed 31 exact earlier", "unspecified wounded 12 exact earlier"],
    ],
    ["Rescuers had spoken of about 400 dead.", ["unspecified killed 400 about earlier"]],
    [
      "Let us remind that on 4 May the ministry reported 512 dead soldiers.",
      ["military killed 512 exact earlier"],
    ],
    [
      "It is recalled that the previous time the army informed about its losses, 1,004 soldiers had died.",
      ["military killed 1004 exact earlier"],
    ],
    ["- September 12: the agency reported 1,203 dead.", ["unspecified killed 1203 exact earlier"]],
    ["In mid-July the governor said 640 people had been killed.", ["unspecified killed 640 exact earlier"]],
    [
      "The Soviet Union admitted about 14,000 dead in Afghanistan years later.",
      ["unspecified killed 14000 about historical"],
    ],
    [
      "The general said 1,102 soldiers died and 2,310 received wounds.",
      ["military killed 1102 exact current", "military wounded 2310 exact current"],
    ],
    [
      "The number of servicemen who became martyrs has reached 1,700.",
      ["military killed 1700 exact current"],
    ],
    [
      "Another 40 people died on Tuesday, bringing the overall total to 1,330.",
      ["unspecified killed 40 exact current", "unspecified killed 1330 exact current"],
    ],
    // Unchanged or nothing: today's timeline entry, this month, combined counts, other totals and nouns.
    ["- September 20: the agency reported 1,480 dead.", ["unspecified killed 1480 exact current"]],
    ["In September the governor said 640 people had been killed.", ["unspecified killed 640 exact current"]],
    [
      "A survey estimated that about 90,000 soldiers had been killed or wounded, and 40,000 on the other side.",
      [],
    ],
    ["Donors gave 5 million, bringing the total raised to 20 million.", []],
    ["He said 3,000 volunteers received awards.", []],
    ["The number of people who were evacuated has reached 2,908.", []],
    ["Ten more families arrived, bringing the total to 400.", []],
  ])("%s", (text, expected) => {
    const figures = extract(text);

    expect(figures).toEqual(expected);
  });

  it("marks a day's count that a running total follows as an increment", () => {
    const figures = extractFigures({
      text: "Another 40 people died on Tuesday, bringing the overall total to 1,330.",
      published: PUBLISHED,
      title: null,
    });

    expect(figures.map((f) => [f.value, f.increment])).toEqual([
      [40, true],
      [1330, false],
    ]);
  });
});
