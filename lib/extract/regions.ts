/**
 * Regions and cities that name one country in 2020-2023 casualty news, so that "in Idlib" or "Gaza toll"
 * places the dead. Only places with no rival claim and no namesake elsewhere in the news are listed:
 * Crimea, Donetsk, Luhansk, Karabakh (contested), Mariupol, Kherson, Bakhmut (occupied or front-line,
 * so the dead there are of either side) and Tripoli (also Lebanon's) are left out. "Balochistan" is the
 * Pakistani spelling; Iran's province is written "Baluchestan".
 */
export const REGIONS: Readonly<Record<string, readonly string[]>> = {
  // Palestinian territories: the Gaza health ministry and West Bank tolls are Palestinian tolls.
  Palestine: ["Gaza", "Gaza Strip", "West Bank"],
  Ethiopia: ["Tigray", "Amhara", "Afar region", "Oromia", "Mekelle", "Dedebit"],
  Yemen: ["Saada", "Hodeidah", "Marib"],
  Sudan: [
    "Darfur",
    "West Darfur",
    "North Darfur",
    "South Darfur",
    "Central Darfur",
    "Omdurman",
    "El Geneina",
  ],
  Syria: ["Idlib", "Aleppo", "Homs", "Latakia", "Deir ez-Zor", "Hama"],
  Libya: ["Derna", "Benghazi"],
  // The February 2023 quake provinces; none shares its name with a place elsewhere.
  Turkey: [
    "Hatay",
    "Antakya",
    "Kahramanmaras",
    "Kahramanmaraş",
    "Gaziantep",
    "Adiyaman",
    "Adıyaman",
    "Malatya",
  ],
  // States and cities that wire stories name without the country in a disaster dateline ("LAHAINA,
  // Hawaii", "BHUBANESWAR"). Listing US states as the United States is safe because its wars of 2020-2023
  // were fought abroad: a figure placed in Florida or Hawaii is a domestic disaster's. Left out: "Georgia"
  // (a country), "Washington" (already the capital), "Bengal" (the bay), "Punjab" (split with Pakistan),
  // and states that also name a river or a ship ("Mississippi", "Texas").
  India: ["Odisha", "West Bengal", "Kolkata", "Bhubaneswar", "Balasore", "Kerala", "Uttarakhand", "Assam"],
  "United States": [
    "Hawaii",
    "Maui",
    "Lahaina",
    "Florida",
    "Surfside",
    "Uvalde",
    "California",
    "Kentucky",
    "Louisiana",
  ],
  Pakistan: ["Sindh", "Balochistan", "Khyber Pakhtunkhwa", "Karachi", "Lahore", "Peshawar"],
  Morocco: ["Marrakesh", "Marrakech", "Al Haouz", "Al-Haouz"],
  // Cities on Ukraine's side of the front (Bucha and Irpin were occupied for a month in 2022, but the
  // civilians killed there were Ukrainian).
  Ukraine: [
    "Kharkiv",
    "Odesa",
    "Odessa",
    "Lviv",
    "Dnipro",
    "Mykolaiv",
    "Zaporizhzhia",
    "Kramatorsk",
    "Kremenchuk",
    "Vinnytsia",
    "Sumy",
    "Chernihiv",
    "Bucha",
    "Irpin",
  ],
};
