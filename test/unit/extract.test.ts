import { describe, expect, it } from "vitest";
import { extractFigures } from "../../lib/extract/extract.ts";
import type { Figure } from "../../lib/model/figure.ts";

const PUBLISHED = "2023-02-10";

/** party population category value qualifier status, the fields a row checks. */
function brief(f: Figure): string {
  return [f.party ?? "-", f.population, f.category, f.value, f.qualifier, f.status].join(" ");
}

function extract(text: string, title?: string): Figure[] {
  return extractFigures({ text, published: PUBLISHED, title: title ?? null });
}

describe("extractFigures: sentences that state figures", () => {
  it.each([
    [
      "Armenia said 15 of its soldiers were wounded and three were missing.",
      ["Armenia military wounded 15 exact current", "Armenia military missing 3 exact current"],
    ],
    [
      "The fighting killed at least 40 Georgian and 12 Russian civilians.",
      ["Georgia civilian killed 40 at_least current", "Russia civilian killed 12 at_least current"],
    ],
    [
      "Ukraine's general staff said 620 Russian troops were killed in the past day.",
      ["Russia military killed 620 exact current"],
    ],
    [
      "Kyiv had earlier announced that 31 Ukrainian soldiers died in the assault.",
      ["Ukraine military killed 31 exact earlier"],
    ],
    [
      "Turkey's disaster agency said 3,500 people had died and 21,000 were injured.",
      ["Turkey unspecified killed 3500 exact current", "Turkey unspecified wounded 21000 exact current"],
    ],
    [
      "In Syria, at least 1,300 people were killed, the health ministry said.",
      ["Syria unspecified killed 1300 at_least current"],
    ],
    [
      "Pakistan's toll reached 1,200 and Afghanistan's 300 by Friday.",
      ["Pakistan unspecified killed 1200 exact current", "Afghanistan unspecified killed 300 exact current"],
    ],
    [
      "Floods have killed more than 900 people in Nigeria this year.",
      ["Nigeria unspecified killed 900 more_than current"],
    ],
    [
      "Morocco's interior ministry said nearly 2,900 people died in the quake.",
      ["Morocco unspecified killed 2900 nearly current"],
    ],
    [
      "Georgia said it lost about 170 servicemen during the five-day war.",
      ["Georgia military killed 170 about current"],
    ],
    [
      "The Georgian defence ministry said 12 soldiers have been taken prisoner.",
      ["Georgia military captured 12 exact current"],
    ],
    ["Serbia said 25 of its soldiers remain unaccounted for.", ["Serbia military missing 25 exact current"]],
    [
      "Libya's Red Crescent said up to 4,000 residents were still missing.",
      ["Libya civilian missing 4000 up_to current"],
    ],
    [
      "The health ministry in Kabul said 57 civilians were wounded, up from 41 reported on Monday.",
      ["Afghanistan civilian wounded 57 exact current", "Afghanistan civilian wounded 41 exact earlier"],
    ],
    [
      "Italy's civil protection said the number of confirmed dead rose to 11.",
      ["Italy unspecified killed 11 exact current"],
    ],
    [
      "A cyclone in the 1970s that killed some 300,000 people is still remembered in Bangladesh.",
      ["Bangladesh unspecified killed 300000 about historical"],
    ],
    ["Rescuers in Nepal recovered 14 bodies from the rubble.", ["Nepal unspecified killed 14 exact current"]],
    [
      "Hospitals in Ecuador were treating 446 injured people on Sunday.",
      ["Ecuador unspecified wounded 446 exact current"],
    ],
    [
      "Colombia's army said six soldiers and two civilians were killed in the ambush.",
      ["Colombia military killed 6 exact current", "Colombia civilian killed 2 exact current"],
    ],
    [
      "The Chadian government said 30 of its troops were killed and 45 wounded.",
      ["Chad military killed 30 exact current", "Chad military wounded 45 exact current"],
    ],
    [
      "The storm killed 120 people in Haiti and 15 in the Dominican Republic.",
      [
        "Haiti unspecified killed 120 exact current",
        "Dominican Republic unspecified killed 15 exact current",
      ],
    ],
    [
      "Peru's ombudsman put the death toll at 48, raising it from 46.",
      ["Peru unspecified killed 48 exact current", "Peru unspecified killed 46 exact earlier"],
    ],
    [
      "Mali's army reported 17 soldiers killed and five missing after the attack.",
      ["Mali military killed 17 exact current", "Mali military missing 5 exact current"],
    ],
    [
      "Almost 300 Sudanese civilians have been killed since the clashes began, the WHO said.",
      ["Sudan civilian killed 300 nearly current"],
    ],
    [
      "Somalia's defence ministry said its forces captured 40 fighters.",
      ["- military captured 40 exact current"],
    ],
    ["Kenya said 19 passengers drowned when the ferry sank.", ["Kenya civilian killed 19 exact current"]],
  ])("%s", (text, expected) => {
    const figures = extract(text);

    const found = figures.map(brief);

    expect(found).toEqual(expected);
  });
});

describe("extractFigures: sentences that state no casualty figure", () => {
  it.each([
    "Nearly 3,000 peacekeepers were deployed along the border on Monday.",
    "The ministry mobilised 20,000 reservists after the attack.",
    "More than 150,000 people have been displaced by the floods.",
    "Around 8,000 residents were evacuated from the coastal towns.",
    "About 60,000 people fled the region within a week.",
    "Investigators took DNA samples from 300 relatives of the missing.",
    "Some 1,200 buildings were destroyed and 4,000 homes damaged.",
    "The storm killed 3,000 cattle and 400 sheep in the valley.",
    "The government approved $300 million in aid for the victims.",
    "No one was killed in the blast, the mayor said.",
    "There are not 500 bodies in the morgue, the governor insisted.",
    "The quake, of magnitude 7.8, struck at a depth of 18 kilometres.",
    "Officials said 40 percent of the town had been flattened.",
    "Dozens of people were killed in the strike, witnesses said.",
    "The army lost 60 tanks and 12 aircraft in the offensive.",
    "The brigade sent 500 soldiers to the front on Friday.",
    "Police arrested 35 people after the protests in the capital.",
    "The two sides exchanged 90 prisoners on Saturday.",
    "The 64-year-old minister said 2022 had been a difficult year.",
    "Rescue teams pulled 12 survivors from the rubble overnight.",
  ])("%s", (text) => {
    const figures = extract(text);

    expect(figures.map(brief)).toEqual([]);
  });
});

describe("extractFigures: flags, claimants, dates and spans", () => {
  it.each([
    ["Russia said it had killed 600 Ukrainian servicemen, a claim Kyiv denied.", "disputed", true],
    ["Separatists allegedly killed 30 civilians in the village, officials said.", "disputed", true],
    ["Another 40 people died overnight, raising the toll to 400.", "increment", true],
    ["The death toll rose by 110 to 5,000.", "increment", true],
  ] as const)("%s → %s of the first figure is %s", (text, flag, value) => {
    const figures = extract(text);

    expect(figures[0]?.[flag]).toBe(value);
  });

  it("reads the claimant, the statement date, the quote and the span", () => {
    const text =
      "Officials met on Monday.\n\nArmenia's health ministry said on Wednesday that 2,718 Armenian servicemen were killed.";

    const [figure] = extract(text);

    expect(figure?.claimant).toBe("Armenia Health Ministry");
    expect(figure?.statedOn).toBe("2023-02-08");
    expect(figure && text.slice(...figure.span)).toBe(figure?.quote);
    expect(figure?.quote.startsWith("Armenia's health ministry")).toBe(true);
  });

  it("reports a figure once when headline and body state it, with the body's quote", () => {
    const text =
      "Azerbaijan says 2,783 troops killed\n\nAzerbaijan's defence ministry said 2,783 troops were killed.";

    const figures = extract(text, "Azerbaijan says 2,783 troops killed");

    expect(figures.map(brief)).toEqual(["Azerbaijan military killed 2783 exact current"]);
    expect(figures[0]?.claimant).toBe("Azerbaijan Defence Ministry");
  });

  it("carries the party and population of the sentence before into an elided figure", () => {
    const text =
      "Azerbaijan's defence ministry said 2,783 troops were killed. Another 1,245 are being treated in hospital.";

    const figures = extract(text);

    expect(figures.map(brief)).toEqual([
      "Azerbaijan military killed 2783 exact current",
      "Azerbaijan military wounded 1245 exact current",
    ]);
    expect(figures[1]?.increment).toBe(false);
  });

  it("keeps a title that the text does not repeat, without a span", () => {
    const figures = extractFigures({
      text: "Talks resumed on Friday.",
      published: PUBLISHED,
      title: "Quake kills 40 people in Peru",
    });

    expect(figures.map(brief)).toEqual(["Peru unspecified killed 40 exact current"]);
    expect(figures[0]?.span).toEqual([0, 0]);
  });

  it("resolves configured aliases", () => {
    const figures = extractFigures(
      { text: "Artsakh authorities said 12 soldiers were killed.", published: PUBLISHED },
      { aliases: { Artsakh: "Armenia" } },
    );

    expect(figures.map((f) => f.party)).toEqual(["Armenia"]);
  });
});

describe("extractFigures: people nouns, places, dated series and restated counts", () => {
  it.each([
    // An open compound and a capitalised number word open the sentence.
    [
      "Nine U.S. service members were killed and 14 were wounded at the base, the Pentagon said.",
      ["United States military killed 9 exact current", "United States military wounded 14 exact current"],
    ],
    [
      "Security forces have shot dead at least 120 protesters in Iran since September, a rights group said.",
      ["Iran civilian killed 120 at_least current"],
    ],
    ["Fourteen demonstrators were killed in Sudan on Thursday.", ["Sudan civilian killed 14 exact current"]],
    // Places that wire stories name without their country.
    [
      "The flash floods killed 31 people in Kerala, officials said.",
      ["India unspecified killed 31 exact current"],
    ],
    [
      "The number of people killed by the storm in Kentucky rose to 74, the governor said.",
      ["United States unspecified killed 74 exact current"],
    ],
    [
      "The number of residents unaccounted for in Maui stood at 66.",
      ["United States civilian missing 66 exact current"],
    ],
    // Snapshots of one toll: those of another day than publication are earlier.
    [
      "The toll in Libya rose to 2,300 on Wednesday and 3,800 on Friday.",
      ["Libya unspecified killed 2300 exact earlier", "Libya unspecified killed 3800 exact current"],
    ],
    [
      "The toll in Nepal had stood at 128 on Monday and 140 on Tuesday.",
      ["Nepal unspecified killed 128 exact earlier", "Nepal unspecified killed 140 exact earlier"],
    ],
    [
      "Chile's death toll, which rose sharply to 122 on Friday after the magnitude 6.1 aftershock, was confirmed.",
      ["Chile unspecified killed 122 exact current"],
    ],
    [
      "Rescuers in Peru had counted 41 dead, a figure that rose to 57 by nightfall.",
      ["Peru unspecified killed 41 exact earlier", "Peru unspecified killed 57 exact earlier"],
    ],
    [
      "The number of Ukrainian soldiers killed in the shelling of the base has risen to 25.",
      ["Ukraine military killed 25 exact current"],
    ],
    ["Nepal raises its landslide toll to 44.", ["Nepal unspecified killed 44 exact current"]],
    [
      "The toll in Chile rose to 40 on Friday and 12 ambulances arrived on Saturday.",
      ["Chile unspecified killed 40 exact current"],
    ],
    [
      "Hamas said 30 people were killed and more than 20 taken hostage in Israel.",
      ["Israel unspecified killed 30 exact current", "Israel unspecified captured 20 more_than current"],
    ],
    [
      "In Nepal the number of dead stood at 61 and the number of injured at 210.",
      ["Nepal unspecified killed 61 exact current", "Nepal unspecified wounded 210 exact current"],
    ],
    [
      "Storms hit Malawi, and in neighbouring Mozambique at least 19 people died.",
      ["Mozambique unspecified killed 19 at_least current"],
    ],
    [
      "Doctors said 44 people were killed when a market in the northern city of Idlib was hit.",
      ["Syria unspecified killed 44 exact current"],
    ],
    // The year after a comparison dates the compared event, not the toll before it.
    [
      "February 8: the toll in Turkey passed 9,000, far above the 604 people killed in the 2011 Van earthquake.",
      ["Turkey unspecified killed 9000 more_than earlier", "Turkey unspecified killed 604 exact historical"],
    ],
    [
      "In Turkey 2,251 people were killed in the 2014 war.",
      ["Turkey unspecified killed 2251 exact historical"],
    ],
    // A sum over two countries is neither's.
    [
      "Floods in Nepal and India pushed the combined toll in both countries to more than 900.",
      ["- unspecified killed 900 more_than current"],
    ],
  ] as const)("%s", (text, expected) => {
    const figures = extract(text);

    expect(figures.map(brief)).toEqual(expected);
  });

  it("gives a headline count the people the body names for the same value", () => {
    const figures = extract(
      "The number of Azerbaijani soldiers killed in the ambush has risen to 17, the ministry said.",
      "Azerbaijan raises ambush toll to 17",
    );

    expect(figures.map(brief)).toEqual(["Azerbaijan military killed 17 exact current"]);
  });

  it.each([
    "Rights monitors said 1,900 people had been detained, charged or sentenced since the coup in Myanmar.",
    "The U.S. Coast Guard said it had flown 23 injured people from Haiti to hospitals.",
    "Helicopters airlifted 60 wounded villagers out of Nepal's flooded valley.",
    "In Italy 59 people died on Sunday and 3 on Monday.",
    "He thanked the service members who had served in Iraq.",
  ])("%s yields nothing new", (text) => {
    const figures = extract(text);

    expect(figures.map(brief).filter((f) => !f.startsWith("Italy unspecified killed 59 "))).toEqual([]);
  });
});
