import { describe, expect, it } from "vitest";
import { defaultGazetteer, Gazetteer, pluralOf } from "../../lib/extract/parties.ts";

/** [party, text, kind, possessive] of each mention, in order. */
type Row = [string, string, string, boolean];

function mentions(gazetteer: Gazetteer, text: string): Row[] {
  return gazetteer.find(text).map((m) => [m.party, m.text, m.kind, m.possessive]);
}

describe("Gazetteer.find", () => {
  it.each<[string, Row[]]>([
    // names, common and official
    ["Armenia reported new losses on Monday.", [["Armenia", "Armenia", "country", false]]],
    ["Officials in Azerbaijan disputed the count.", [["Azerbaijan", "Azerbaijan", "country", false]]],
    ["The Republic of Armenia issued a list.", [["Armenia", "Republic of Armenia", "country", false]]],
    ["Sources in the Russian Federation confirmed it.", [["Russia", "Russian Federation", "country", false]]],
    ["The Syrian Arab Republic rejected the report.", [["Syria", "Syrian Arab Republic", "country", false]]],
    [
      "A convoy crossed from Iran into Iraq.",
      [
        ["Iran", "Iran", "country", false],
        ["Iraq", "Iraq", "country", false],
      ],
    ],
    // overrides to everyday English names
    ["Türkiye sent drones.", [["Turkey", "Türkiye", "country", false]]],
    ["Turkiye sent drones.", [["Turkey", "Turkiye", "country", false]]],
    ["Turkey sent drones.", [["Turkey", "Turkey", "country", false]]],
    ["Aid reached Czechia late.", [["Czech Republic", "Czechia", "country", false]]],
    ["Aid reached the DRC late.", [["Democratic Republic of the Congo", "DRC", "country", false]]],
    ["Rebels in eastern Congo fled.", [["Democratic Republic of the Congo", "Congo", "country", false]]],
    ["Donors met in Congo-Brazzaville.", [["Republic of the Congo", "Congo-Brazzaville", "country", false]]],
    ["Talks stalled in Burma.", [["Myanmar", "Burma", "country", false]]],
    ["Clashes erupted in Côte d’Ivoire.", [["Ivory Coast", "Côte d’Ivoire", "country", false]]],
    // United States and United Kingdom forms
    ["The US condemned the strike.", [["United States", "US", "country", false]]],
    ["The U.S. condemned the strike.", [["United States", "U.S.", "country", false]]],
    ["A USA spokesman spoke.", [["United States", "USA", "country", false]]],
    ["Two Americans were hurt.", [["United States", "Americans", "demonym", false]]],
    [
      "The UK and Britain are one.",
      [
        ["United Kingdom", "UK", "country", false],
        ["United Kingdom", "Britain", "country", false],
      ],
    ],
    [
      "A British medic and two Britons left.",
      [
        ["United Kingdom", "British", "demonym", false],
        ["United Kingdom", "Britons", "demonym", false],
      ],
    ],
    // demonyms, singular, plural and adjective forms
    ["An Armenian soldier was hurt.", [["Armenia", "Armenian", "demonym", false]]],
    ["Dozens of Armenians were evacuated.", [["Armenia", "Armenians", "demonym", false]]],
    ["Azerbaijanis marched in the capital.", [["Azerbaijan", "Azerbaijanis", "demonym", false]]],
    [
      "An Azeri officer and three Azeris spoke.",
      [
        ["Azerbaijan", "Azeri", "demonym", false],
        ["Azerbaijan", "Azeris", "demonym", false],
      ],
    ],
    [
      "Turkish jets and two Turks were seen.",
      [
        ["Turkey", "Turkish", "demonym", false],
        ["Turkey", "Turks", "demonym", false],
      ],
    ],
    [
      "Syrians and Ukrainians queued.",
      [
        ["Syria", "Syrians", "demonym", false],
        ["Ukraine", "Ukrainians", "demonym", false],
      ],
    ],
    [
      "Chinese and Lebanese crews helped.",
      [
        ["China", "Chinese", "demonym", false],
        ["Lebanon", "Lebanese", "demonym", false],
      ],
    ],
    [
      "Three Czechs and a Dane were rescued.",
      [
        ["Czech Republic", "Czechs", "demonym", false],
        ["Denmark", "Dane", "demonym", false],
      ],
    ],
    [
      "Congolese and Dominican sailors.",
      [
        ["Democratic Republic of the Congo", "Congolese", "demonym", false],
        ["Dominican Republic", "Dominican", "demonym", false],
      ],
    ],
    [
      "South Sudanese and Sudanese troops.",
      [
        ["South Sudan", "South Sudanese", "demonym", false],
        ["Sudan", "Sudanese", "demonym", false],
      ],
    ],
    // capitals as metonyms
    ["Baku said the talks had failed.", [["Azerbaijan", "Baku", "capital", false]]],
    ["Yerevan had announced the toll.", [["Armenia", "Yerevan", "capital", false]]],
    [
      "Kyiv and Moscow traded claims.",
      [
        ["Ukraine", "Kyiv", "capital", false],
        ["Russia", "Moscow", "capital", false],
      ],
    ],
    [
      "Ankara and Damascus disagreed.",
      [
        ["Turkey", "Ankara", "capital", false],
        ["Syria", "Damascus", "capital", false],
      ],
    ],
    ["Older wires wrote Kiev.", [["Ukraine", "Kiev", "capital", false]]],
    ["Washington said little.", [["United States", "Washington", "capital", false]]],
    [
      "Bogota and Bogotá are one city.",
      [
        ["Colombia", "Bogota", "capital", false],
        ["Colombia", "Bogotá", "capital", false],
      ],
    ],
    // possessives, straight and curly apostrophes
    ["Armenia's health ministry revised it.", [["Armenia", "Armenia's", "country", true]]],
    ["Azerbaijan’s defence ministry spoke.", [["Azerbaijan", "Azerbaijan’s", "country", true]]],
    ["Baku's army advanced.", [["Azerbaijan", "Baku's", "capital", true]]],
    ["The Armenians' losses grew.", [["Armenia", "Armenians'", "demonym", true]]],
    ["The Philippines’ coast guard.", [["Philippines", "Philippines’", "country", true]]],
    ["The U.S.'s envoy flew in.", [["United States", "U.S.'s", "country", true]]],
    // longest match and word boundaries
    ["Papua New Guinea reported floods.", [["Papua New Guinea", "Papua New Guinea", "country", false]]],
    [
      "Equatorial Guinea and Guinea-Bissau.",
      [
        ["Equatorial Guinea", "Equatorial Guinea", "country", false],
        ["Guinea-Bissau", "Guinea-Bissau", "country", false],
      ],
    ],
    [
      "Nigerians and Nigeriens.",
      [
        ["Nigeria", "Nigerians", "demonym", false],
        ["Niger", "Nigeriens", "demonym", false],
      ],
    ],
    [
      "Nigeria and Niger share a border.",
      [
        ["Nigeria", "Nigeria", "country", false],
        ["Niger", "Niger", "country", false],
      ],
    ],
    [
      "Saudi Arabia and South Korea signed.",
      [
        ["Saudi Arabia", "Saudi Arabia", "country", false],
        ["South Korea", "South Korea", "country", false],
      ],
    ],
    ["A Russia-brokered truce.", [["Russia", "Russia", "country", false]]],
    [
      "The Armenia-Azerbaijan border.",
      [
        ["Armenia", "Armenia", "country", false],
        ["Azerbaijan", "Azerbaijan", "country", false],
      ],
    ],
    ["pro-Russian forces", [["Russia", "Russian", "demonym", false]]],
    // headlines in capitals
    ["TURKEY CONFIRMS LOSSES", [["Turkey", "TURKEY", "country", false]]],
    // kept ambiguities, documented in parties.ts
    [
      "Georgia and Jordan and Chad voted.",
      [
        ["Georgia", "Georgia", "country", false],
        ["Jordan", "Jordan", "country", false],
        ["Chad", "Chad", "country", false],
      ],
    ],
  ])("%s", (text, expected) => {
    // Prepare / Act
    const found = mentions(defaultGazetteer, text);
    // Assess
    expect(found).toEqual(expected);
  });

  it.each([
    "They roasted a turkey for the holiday.",
    "Do not chad the ballot; jordan almonds; georgia pine.",
    "The niger seed feeder was empty.",
    "She bought fine china and a japan lacquer box.",
    "Latin America and South America saw protests.",
    "Native Americans marched in New Mexico.",
    "A ship sank in the Gulf of Guinea near New Guinea.",
    "The Washington Post ran the story.",
    "Victoria, Kingston, Hamilton and Georgetown hosted games.",
    "Sofia and Stanley met Douglas in Santiago.",
    "Male and female patients were treated.",
    "A storm reached the Indian Ocean and the North Pole.",
    "ArmeniaX and XArmenia are not names.",
    "Mississippi, Texas and Ohio are states.",
    "Bottom of the list. Reunion dinners.",
    "The OSCE Minsk Group and the Minsk agreements.",
  ])("finds nothing in %s", (text) => {
    // Prepare / Act
    const found = defaultGazetteer.find(text);
    // Assess
    expect(found).toEqual([]);
  });

  it("returns spans that slice back to the text", () => {
    // Prepare
    const text = "Yerevan said 12 Armenians and Azerbaijan’s envoy met in Moscow.";
    // Act
    const found = defaultGazetteer.find(text);
    // Assess
    expect(found).toHaveLength(4);
    for (const m of found) expect(text.slice(m.start, m.end)).toBe(m.text);
  });
});

describe("Gazetteer aliases", () => {
  const gazetteer = new Gazetteer({ "Nagorno-Karabakh": "Armenia", Artsakh: "Armenia", Donbas: "Ukraine" });

  it.each<[string, Row[]]>([
    ["Forces in Nagorno-Karabakh reported losses.", [["Armenia", "Nagorno-Karabakh", "alias", false]]],
    ["Forces in Nagorno Karabakh reported losses.", [["Armenia", "Nagorno Karabakh", "alias", false]]],
    ["Artsakh’s army said so.", [["Armenia", "Artsakh’s", "alias", true]]],
    [
      "Fighting in the Donbas and Kyiv.",
      [
        ["Ukraine", "Donbas", "alias", false],
        ["Ukraine", "Kyiv", "capital", false],
      ],
    ],
    ["NAGORNO-KARABAKH TOLL RISES", [["Armenia", "NAGORNO-KARABAKH", "alias", false]]],
  ])("%s", (text, expected) => {
    // Prepare / Act
    const found = mentions(gazetteer, text);
    // Assess
    expect(found).toEqual(expected);
  });

  it("does not leak aliases into the default gazetteer", () => {
    // Prepare / Act
    const found = defaultGazetteer.find("Forces in Artsakh and Nagorno-Karabakh.");
    // Assess
    expect(found).toEqual([]);
  });

  it("resolves an alias to the canonical party name", () => {
    // Prepare
    const custom = new Gazetteer({ "Northern Syria": "Syrian Arab Republic", "Kurdistan Region": "Iraq" });
    // Act
    const found = custom.find("Strikes in Northern Syria and the Kurdistan Region.").map((m) => m.party);
    // Assess
    expect(found).toEqual(["Syria", "Iraq"]);
  });

  it("lets an alias override a built-in meaning", () => {
    // Prepare
    const custom = new Gazetteer({ Georgia: "United States" });
    // Act
    const found = custom.find("Storms hit Georgia.");
    // Assess
    expect(found.map((m) => [m.party, m.kind])).toEqual([["United States", "alias"]]);
  });
});

describe("Gazetteer.canonical", () => {
  it.each<[string, string | null]>([
    ["Türkiye", "Turkey"],
    ["Turkey", "Turkey"],
    ["Republic of Turkey", "Turkey"],
    ["Republic of Türkiye", "Turkey"],
    ["turkey", "Turkey"],
    ["Russian Federation", "Russia"],
    ["Islamic Republic of Iran", "Iran"],
    ["Syrian Arab Republic", "Syria"],
    ["Republic of Korea", "South Korea"],
    ["DPRK", "North Korea"],
    ["United States of America", "United States"],
    ["U.S.", "United States"],
    ["Great Britain", "United Kingdom"],
    ["the Netherlands", "Netherlands"],
    ["Holland", "Netherlands"],
    ["Czechia", "Czech Republic"],
    ["DR Congo", "Democratic Republic of the Congo"],
    ["State of Palestine", "Palestine"],
    ["  Armenia  ", "Armenia"],
    ["Baku", null],
    ["Azerbaijani", null],
    ["Atlantis", null],
    ["", null],
  ])("%j → %j", (name, expected) => {
    // Prepare / Act
    const party = defaultGazetteer.canonical(name);
    // Assess
    expect(party).toBe(expected);
  });

  it("knows configured aliases", () => {
    // Prepare
    const custom = new Gazetteer({ Artsakh: "Armenia" });
    // Act / Assess
    expect(custom.canonical("Artsakh")).toBe("Armenia");
    expect(defaultGazetteer.canonical("Artsakh")).toBeNull();
  });
});

describe("pluralOf", () => {
  it.each<[string, string | null]>([
    ["Armenian", "Armenians"],
    ["Iraqi", "Iraqis"],
    ["Turk", "Turks"],
    ["Chinese", null],
    ["Swiss", null],
    ["French", null],
    ["British", null],
    ["Kyrgyz", null],
    ["Frenchmen", null],
  ])("%s → %j", (demonym, expected) => {
    // Prepare / Act / Assess
    expect(pluralOf(demonym)).toBe(expected);
  });
});
