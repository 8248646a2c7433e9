import { describe, expect, it } from "vitest";
import { eventParty, soleParty } from "../../lib/extract/attribution.ts";
import { extractFigures } from "../../lib/extract/extract.ts";
import { defaultGazetteer } from "../../lib/extract/parties.ts";

const PUBLISHED = "2022-11-04";

/** The party given to the figure of this value; undefined when no figure has it. */
function partyOf(
  value: number,
  text: string,
  title: string | null = null,
  aliases?: Record<string, string>,
): string | null | undefined {
  const figures = extractFigures({ text, title, published: PUBLISHED }, { aliases });
  const figure = figures.find((f) => f.value === value);
  return figure === undefined ? undefined : figure.party;
}

describe("attribution: where the victims died", () => {
  it.each([
    ["In Chad, more than 1,200 deaths have been recorded since the rains began.", 1200, "Chad"],
    ["Artillery hit a Ukrainian village on Sunday, killing 7 residents.", 7, "Ukraine"],
    ["A rocket landed in the Ukrainian city of Mykolaiv, killing 4 people.", 4, "Ukraine"],
    ["Russian shelling killed 6 civilians in Kharkiv overnight.", 6, "Ukraine"],
    ["Mudslides in Sindh have killed 85 people, officials said.", 85, "Pakistan"],
    ["Floods across Darfur have left 31 people dead.", 31, "Sudan"],
    ["An air raid on a market in Idlib killed 14 people.", 14, "Syria"],
    ["Gaza's health ministry said 88 people had been killed overnight.", 88, "Palestine"],
  ])("%s", (text, value, expected) => {
    const party = partyOf(value, text);

    expect(party).toBe(expected);
  });
});

describe("attribution: a place's own toll or event", () => {
  it.each([
    ["Nepal landslides have killed at least 60 people, police said.", null, 60, "Nepal"],
    ["Yemen's civil war has killed more than 150,000 people.", null, 150000, "Yemen"],
    ["", "Peru storm toll climbs to 34 as rivers burst their banks", 34, "Peru"],
    ["", "Gaza toll passes 900 as strikes continue", 900, "Palestine"],
    ["", "Haiti quake deaths pass 1,900", 1900, "Haiti"],
  ])("%s%s", (text, title, value, expected) => {
    const party = partyOf(value, text, title);

    expect(party).toBe(expected);
  });
});

describe("attribution: the article's one country", () => {
  it.each([
    [
      "Nepal flood toll rises to 120",
      "KATHMANDU (Wire) - Floods in western Nepal have killed 120 people. Officials said 45 people were still missing.",
      45,
      "Nepal",
    ],
    [
      "Peru says storms killed 34",
      "LIMA - Storms hit the north of Peru this week. Authorities had earlier put the toll at 29.",
      29,
      "Peru",
    ],
    [
      "Sudan war has killed more than 2,000, doctors say",
      "Fighting between Sudan's army and a paramilitary force has killed 2,100 people, the doctors' union said.",
      2100,
      "Sudan",
    ],
  ])("%s", (title, text, value, expected) => {
    const party = partyOf(value, text, title);

    expect(party).toBe(expected);
  });
});

describe("attribution: figures that must stay unowned or not go to the attacker or claimant", () => {
  it.each([
    // Two sides in the story: an unattributed figure could be either's.
    [
      "Fighting on the border kills dozens",
      "Armenia and Azerbaijan traded fire overnight. Officials said 49 soldiers were killed.",
      49,
      null,
    ],
    [
      "Georgia says Russian troops crossed the line",
      "Georgia said Russia had moved troops into the valley. Russia denied it. Local officials said 11 people were hurt.",
      11,
      null,
    ],
    // The attacker is not the victims' side.
    ["", "Ethiopia's three-day offensive killed at least 70 people, aid workers said.", 70, null],
    ["", "Russia's war has killed 600 civilians this month, monitors said.", 600, null],
    [
      "Mali says its army pushed back an attack",
      "Mali's army killed 35 people in a raid near the border, witnesses said.",
      35,
      null,
    ],
    // A claimant counting the other side's dead.
    ["", "Israel said at least 90 militants had been killed in the clashes.", 90, null],
    ["", "Turkey said its jets had killed 25 fighters in northern Iraq.", 25, null],
    [
      "",
      "Strikes on the camp killed 50 Palestinians. Israel said 20 of those killed were fighters.",
      20,
      "Palestine",
    ],
    // A joined pair owns no toll alone; a past era is not the article's event.
    ["", "India-Pakistan floods have killed 300 people.", 300, null],
    [
      "Nepal flood toll rises to 120",
      "Floods in Nepal killed 120. A famine in the 1970s killed 4,000 people.",
      4000,
      null,
    ],
    // A teaser for another story.
    [
      "Nepal flood toll rises to 120",
      "Floods in Nepal killed 120.\n\nREAD MORE: Bus crash kills 19",
      19,
      null,
    ],
    // "Both sides" and combined counts belong to no single party.
    [
      "Nepal clashes kill 12",
      "Clashes in Nepal killed 12 people. Officials said 30 people were wounded on both sides.",
      30,
      null,
    ],
  ])("%s %s", (title, text, value, expected) => {
    const party = partyOf(value, text, title || null);

    expect(party).toBe(expected);
  });
});

describe("attribution: a body of a side without a country", () => {
  const text =
    "Azerbaijan said 12 of its soldiers had died. The defence ministry of Nagorno-Karabakh said 40 of its servicemen had been killed.";

  it.each([
    [{}, null],
    [{ "Nagorno-Karabakh": "Armenia" }, "Armenia"],
  ])("aliases %j", (aliases, expected) => {
    const party = partyOf(40, text, null, aliases);

    expect(party).toBe(expected);
  });
});

describe("eventParty", () => {
  it.each([
    ["Chile wildfires have killed 24", "Chile"],
    ["Syria's civil war killed 500", "Syria"],
    ["Russia's war killed 500", null],
    ["Turkey-Syria quake toll tops 500", null],
    ["Shelling of Ukraine killed 500", null],
  ])("%s", (sentence, expected) => {
    const parties = defaultGazetteer.find(sentence);

    const party = eventParty(sentence, parties, sentence.search(/\d/));

    expect(party).toBe(expected);
  });
});

describe("soleParty", () => {
  const section = (text: string) => ({ text, parties: defaultGazetteer.find(text) });

  it.each([
    ["Floods in Nepal kill 120", ["Rain has fallen for weeks in Nepal."], "Nepal"],
    ["Floods in Nepal kill 120", ["India sent rescue teams to Nepal."], null],
    ["Russian strike hits Odesa", ["Rescuers in Odesa searched the rubble."], "Ukraine"],
    ["Israel and Hamas trade fire", ["Rockets were fired."], null],
    ["Sudan's army and the RSF clash again", ["Khartoum was shelled."], "Sudan"],
    [
      "Quake hits Morocco",
      ["Rescuers dug in Morocco.", "Spain offered help.", "Spain sent dogs.", "Spain sent a plane.", "X."],
      null,
    ],
  ])("%s", (title, body, expected) => {
    const sole = soleParty(section(title), body.map(section));

    expect(sole).toBe(expected);
  });
});

describe("attribution: the possessor of an attack, a dateline, the place an attack hits", () => {
  it.each([
    // The possessor of the attack is the attacker, never the victims' place.
    ["At least 45 people were killed in Ethiopia's two-day offensive on the town.", 45, null],
    ["Dozens of homes burned and 19 people died in Israel's bombardment of the camp.", 19, null],
    ["Eleven people were killed in Turkey's drone strikes on the border villages.", 11, null],
    ["Some 23 people were killed in Russia's missile attack overnight, rescuers said.", 23, null],
    // A wire dateline names where the story was filed, not whose dead these are.
    ["Beirut (Wire) - Syria's civil war killed 2,410 people this year, a monitor said.", 2410, "Syria"],
    ["NAIROBI, Kenya - Sudan's civil war has killed 1,800 people, medics said.", 1800, "Sudan"],
    // The place an attack or a quake hits is where the victims are.
    ["Missiles struck Kyiv before dawn, killing 8 people.", 8, "Ukraine"],
    ["Gunmen took about 130 hostages in the attack on northern Israel.", 130, "Israel"],
    ["A strong aftershock that jolted Hatay province killed three people.", 3, "Turkey"],
    // Unchanged: a possessive place that is not an attack, a place joined to another.
    ["At least 15 people died in Ukraine's eastern Donetsk region.", 15, "Ukraine"],
    ["Nine people were killed in Turkey's southeast on Sunday.", 9, "Turkey"],
    ["Pakistan's floods have killed 1,100 people.", 1100, "Pakistan"],
    ["The Turkey-Syria quake killed 50,000 people.", 50000, null],
  ])("%s", (text, value, expected) => {
    const party = partyOf(value, text);

    expect(party).toBe(expected);
  });
});

describe("attribution: the losing side, captives, multi-country totals and later paragraphs (round 3)", () => {
  it.each([
    ["Kyiv claims Russia lost 1,030 soldiers in a single day.", null, 1030, "Russia"],
    [
      "Armenia's Defense Ministry claimed that Azerbaijan had lost more than 200 soldiers.",
      null,
      200,
      "Azerbaijan",
    ],
    [
      "Russia's Defense Ministry said 53 Ukrainian prisoners of war were killed. On Friday the ministry had said 40 prisoners died.",
      "Russia raises toll of Ukrainian POWs killed in prison blast to 53",
      40,
      "Ukraine",
    ],
    [
      "A quake struck western Nepal, killing 150 people. Houses collapsed. Roads were cut. Rescuers dug all night. India sent aid. Tremors were felt in India. India's prime minister offered help. Officials had counted 120 dead earlier.",
      "Quake in Nepal kills 150",
      120,
      "Nepal",
    ],
    ["An air strike on a detention centre in Saada killed 70 people.", null, 70, "Yemen"],
    ["A drone strike near Mekelle killed 17 people.", null, 17, "Ethiopia"],
    // Unchanged or unowned: a side's own loss, a prison riot, a total of two countries, a two-sided lead.
    ["Armenia's Defense Ministry said Armenia had lost 49 soldiers.", null, 49, "Armenia"],
    ["Ecuador's prisons agency said 40 prisoners died in a riot.", null, 40, "Ecuador"],
    ["A powerful quake kills more than 2,700 in Turkey and Syria.", null, 2700, null],
    [
      "Armenia and Azerbaijan traded fire on the border. Armenia said 15 of its soldiers were killed. Officials said 37 civilians had died on their side.",
      "Armenia and Azerbaijan clash again",
      37,
      null,
    ],
  ])("%s", (text, title, value, expected) => {
    const party = partyOf(value, text, title);

    expect(party).toBe(expected);
  });

  it.each([
    ["Kyiv claims Russia lost 1,030 soldiers in a single day.", 1030, true],
    ["Ukraine's army said it killed 500 Russian soldiers on Monday.", 500, true],
    ["Ukraine's army said 30 of its soldiers were killed on Monday.", 30, false],
  ])("disputed: %s", (text, value, expected) => {
    const figure = extractFigures({ text, title: null, published: PUBLISHED }).find((f) => f.value === value);

    expect(figure?.disputed).toBe(expected);
  });
});
