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
