import { describe, expect, it } from "vitest";
import { findNumbers } from "../../lib/extract/numbers.ts";
import type { Qualifier } from "../../lib/model/figure.ts";

/** [value, qualifier, rangeTo, the text of the mention's span] */
type Expected = [number, Qualifier, number | null, string];

function summarise(sentence: string): Expected[] {
  return findNumbers(sentence).map((m) => [m.value, m.qualifier, m.rangeTo, sentence.slice(m.start, m.end)]);
}

describe("findNumbers: figures", () => {
  it.each<[string, Expected[]]>([
    [
      "Close to 3,100 soldiers lost their lives in the offensive.",
      [[3100, "nearly", null, "Close to 3,100"]],
    ],
    ["The army confirmed 1,482 deaths among its ranks.", [[1482, "exact", null, "1,482"]]],
    // A capitalised number word opens the sentence.
    [
      "Thirteen marines were killed and 20 were wounded.",
      [
        [13, "exact", null, "Thirteen"],
        [20, "exact", null, "20"],
      ],
    ],
    ["Forty-two bodies were recovered on Monday.", [[42, "exact", null, "Forty-two"]]],
    ["At Least Seventeen Dead In Quake", [[17, "at_least", null, "At Least Seventeen"]]],
    ["Officials put the toll at 1482 servicemen.", [[1482, "exact", null, "1482"]]],
    ["Rescuers recovered 4 512 bodies from the rubble.", [[4512, "exact", null, "4 512"]]],
    ["Rescuers recovered 4\u00a0512 bodies.", [[4512, "exact", null, "4\u00a0512"]]],
    ["Rescuers recovered 4\u202f512 bodies.", [[4512, "exact", null, "4\u202f512"]]],
    ["The agency listed 3.207 victims by name.", [[3207, "exact", null, "3.207"]]],
    ["The flood displaced 1.5 million people.", [[1_500_000, "exact", null, "1.5 million"]]],
    ["Around 12 thousand residents were evacuated.", [[12_000, "about", null, "Around 12 thousand"]]],
    [
      "The quake left 2,000 soldiers and 1,994 villagers dead.",
      [
        [2000, "exact", null, "2,000"],
        [1994, "exact", null, "1,994"],
      ],
    ],
    ["At least 61 fighters were killed overnight.", [[61, "at_least", null, "At least 61"]]],
    ["No fewer than 18 medics were hurt.", [[18, "at_least", null, "No fewer than 18"]]],
    ["A minimum of 40 sailors drowned.", [[40, "at_least", null, "A minimum of 40"]]],
    ["More than 700 civilians were wounded.", [[700, "more_than", null, "More than 700"]]],
    ["Over 350 people were injured.", [[350, "more_than", null, "Over 350"]]],
    ["The toll topped 900 by nightfall.", [[900, "more_than", null, "topped 900"]]],
    ["Casualties have surpassed 5,000 in the province.", [[5000, "more_than", null, "surpassed 5,000"]]],
    ["In excess of 250 troops are unaccounted for.", [[250, "more_than", null, "In excess of 250"]]],
    ["Almost 80 prisoners were exchanged.", [[80, "nearly", null, "Almost 80"]]],
    [
      "Just under 400 homes and nearly 60 residents were lost.",
      [
        [400, "nearly", null, "Just under 400"],
        [60, "nearly", null, "nearly 60"],
      ],
    ],
    ["Roughly 230 people were hurt, the agency said.", [[230, "about", null, "Roughly 230"]]],
    ["An estimated 45,000 people fled the shelling.", [[45_000, "about", null, "An estimated 45,000"]]],
    ["Some 17 hostages remain in captivity.", [[17, "about", null, "Some 17"]]],
    ["Approximately ~75 were detained.", [[75, "about", null, "~75"]]],
    ["Up to 300 fighters may have died.", [[300, "up_to", null, "Up to 300"]]],
    ["As many as 1,100 people could be trapped.", [[1100, "up_to", null, "As many as 1,100"]]],
    ["The toll could reach 20,000, officials warned.", [[20_000, "up_to", null, "could reach 20,000"]]],
    ["No more than 12 were captured.", [[12, "up_to", null, "No more than 12"]]],
    ["Fewer than 30 soldiers survived.", [[30, "fewer_than", null, "Fewer than 30"]]],
    ["Less than 9 crew members were missing.", [[9, "fewer_than", null, "Less than 9"]]],
    ["Under 50 policemen were wounded.", [[50, "fewer_than", null, "Under 50"]]],
    ["Medics said 200 or more were hurt.", [[200, "at_least", null, "200 or more"]]],
    ["Medics treated 300-plus casualties.", [[300, "at_least", null, "300-plus"]]],
    ["Medics treated 150+ casualties.", [[150, "at_least", null, "150+"]]],
    ["Between 70 and 90 fighters died.", [[70, "about", 90, "Between 70 and 90"]]],
    ["Officials said 70 to 90 fighters died.", [[70, "about", 90, "70 to 90"]]],
    ["Officials said 70-90 fighters died.", [[70, "about", 90, "70-90"]]],
    ["Up to 70-90 fighters died.", [[70, "up_to", 90, "Up to 70-90"]]],
    ["Two or three guards were wounded.", [[2, "about", 3, "Two or three"]]],
    ["Four hundred and sixty villagers were displaced.", [[460, "exact", null, "Four hundred and sixty"]]],
    ["Thirty-seven miners were trapped underground.", [[37, "exact", null, "Thirty-seven"]]],
    [
      "A hundred volunteers and a dozen medics were hurt.",
      [
        [100, "exact", null, "A hundred"],
        [12, "exact", null, "a dozen"],
      ],
    ],
    ["Nearly a thousand people were evacuated.", [[1000, "nearly", null, "Nearly a thousand"]]],
    ["Two thousand troops were deployed.", [[2000, "exact", null, "Two thousand"]]],
    ["Some two dozen fishermen were missing.", [[24, "about", null, "Some two dozen"]]],
    ["One soldier was killed in the raid.", [[1, "exact", null, "One"]]],
    [
      "Nine people died and one was injured.",
      [
        [9, "exact", null, "Nine"],
        [1, "exact", null, "one"],
      ],
    ],
    ["The blast killed nearly 2000 soldiers.", [[2000, "nearly", null, "nearly 2000"]]],
    ["The militia lost 2000 fighters.", [[2000, "exact", null, "2000"]]],
    [
      "The toll rose from 1,310 to 1,412.",
      [
        [1310, "exact", null, "1,310"],
        [1412, "exact", null, "1,412"],
      ],
    ],
    ["On Sunday 14 people were killed in the market.", [[14, "exact", null, "14"]]],
    [
      "A 1,500-strong battalion lost 40 men.",
      [
        [1500, "exact", null, "1,500"],
        [40, "exact", null, "40"],
      ],
    ],
    ["Around forty-odd fishermen were rescued.", [[40, "about", null, "Around forty-odd"]]],
    ["The strike killed 100 a day after the truce.", [[100, "exact", null, "100"]]],
    ["Nearly half a million residents fled.", [[500_000, "nearly", null, "Nearly half a million"]]],
    ["A quarter of a million were displaced.", [[250_000, "exact", null, "A quarter of a million"]]],
    ["Half a dozen guards were hurt.", [[6, "exact", null, "Half a dozen"]]],
  ])("%s", (sentence, expected) => {
    // Prepare: the sentence is the whole input.
    // Act
    const found = summarise(sentence);
    // Assess
    expect(found).toEqual(expected);
  });
});

describe("findNumbers: no figure", () => {
  it.each([
    // years and eras
    "The offensive began in 2020 and ended in 2021.",
    "Since 1994 the front line barely moved.",
    "The 2020 war reshaped the region.",
    "The accord was signed on March 4, 2019 in the capital.",
    "Tensions grew during the 1990s.",
    "Fighting in 1992-94 displaced families.",
    // ages
    "Those aged 18 to 60 were barred from leaving.",
    "A 19-year-old conscript was named.",
    "Officials identified a 9-year-old.",
    "Petrov, 52, was among the passengers.",
    "Children under 16 were sent away.",
    // percentages, measures, money, durations
    "Turnout fell to 48% from 61 per cent.",
    "Roughly 70 percent of the houses were damaged.",
    "The column moved 35 km in 6 hours.",
    "The dam is 120 metres high and 3 miles long.",
    "Reconstruction will cost $4 million.",
    "The talks lasted three days and the siege six weeks.",
    "The 44-day conflict ended in a truce.",
    "The magnitude 6.4 tremor shook the valley.",
    "Shells fell at a rate of 30 per hour.",
    // dates, times, ordinals, labels, codes
    "The ministry spoke on 12 October and again on Oct. 15.",
    "Sirens sounded at 14:45 and again at 9 p.m.",
    "It was the 2nd convoy and the third attempt.",
    "Room No. 7 and Article 51 were cited.",
    "The council adopted Resolution 2139 unanimously.",
    "COVID-19 spread while F-16 and S-400 systems were tested.",
    "The Boeing 777 left from Gate 12.",
    "Call 212-555-0187 for updates.",
    "Details are at https://news.example.com/2021/05/17/item-4471 online.",
    "One in four homes lost power.",
    "The curfew starts at 18.00 and the tremor measured 7.0.",
    "Contact the office on +994 12 345 67 89.",
    "Posted 14 March, 2022 Ukrainian soldiers on patrol.",
    // vague amounts and pronoun "one"
    "Dozens were hurt and hundreds fled.",
    "Tens of thousands marched, and scores of shops closed.",
    "Several dozen protesters and a few hundred onlookers gathered.",
    "Thousands of people were stranded.",
    "One of the guards said no one had been told.",
    "They blamed one another for the collapse.",
    "The two-thirds majority backed a one-sided deal.",
  ])("%s", (sentence) => {
    // Prepare: the sentence is the whole input.
    // Act
    const found = findNumbers(sentence);
    // Assess
    expect(found).toEqual([]);
  });
});

describe("findNumbers: spans", () => {
  it("gives the numeral's own span beside the qualified span", () => {
    // Prepare
    const sentence = "Officials said at least 2,855 soldiers died.";
    // Act
    const [mention] = findNumbers(sentence);
    // Assess
    expect(mention).toBeDefined();
    expect(sentence.slice(mention?.start, mention?.end)).toBe("at least 2,855");
    expect(sentence.slice(mention?.numberStart, mention?.numberEnd)).toBe("2,855");
  });

  it("returns mentions in text order without overlap", () => {
    // Prepare
    const sentence = "About 90 were killed, between 10 and 20 wounded and 3 missing.";
    // Act
    const mentions = findNumbers(sentence);
    // Assess
    expect(mentions.map((m) => m.value)).toEqual([90, 10, 3]);
    for (let i = 1; i < mentions.length; i++) {
      expect(mentions[i]?.start).toBeGreaterThanOrEqual(mentions[i - 1]?.end ?? 0);
    }
  });
});
