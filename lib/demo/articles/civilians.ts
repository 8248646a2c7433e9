/** Azerbaijan's civilian toll, as its prosecutor general's office counted it. */
import { type DemoArticle, figure } from "./article.ts";

export const civilianArticles: DemoArticle[] = [
  {
    id: "civilian-toll-shelling",
    outlet: "baku-daily-monitor",
    section: "Nation",
    byline: "Monitor staff",
    role: "toll",
    day: "2020-09-30",
    time: "08:10",
    dateline: "BAKU",
    headline: "Prosecutor says 14 civilians killed in Azerbaijan since fighting began",
    summary:
      "The prosecutor general's office counts 14 civilians dead and 46 wounded after four days of shelling.",
    paragraphs: [
      "Fourteen civilians have been killed in Azerbaijan since fighting over Nagorno-Karabakh broke out on Sunday, the prosecutor general's office said on Wednesday, and 46 civilians have been wounded.",
      "Most of the victims lived in districts close to the line of contact, the office said, where artillery fire has damaged homes, a school and farm buildings.",
      "“Villages far from any military position are being shelled,” the office said in a written statement, adding that investigators had opened criminal cases over each attack.",
      "Armenia denies aiming at civilians and accuses Azerbaijani forces of striking Stepanakert, the main town of the region. Neither government has said how many soldiers it has lost.",
      "Nagorno-Karabakh is recognised internationally as part of Azerbaijan but has been held by ethnic Armenian forces since a ceasefire in 1994.",
    ],
    figures: [
      figure("Azerbaijan", "civilian", "killed", 14),
      figure("Azerbaijan", "civilian", "wounded", 46),
    ],
    purpose: "opens the civilian killed (14) and wounded (46) tallies",
    revisions: [
      {
        day: "2020-10-01",
        time: "09:25",
        dateline: "BAKU",
        headline: "Civilian death toll in Azerbaijan rises to 19, prosecutor says",
        summary: "Updated: the prosecutor general's office now counts 19 civilians dead and 55 wounded.",
        paragraphs: [
          "The number of civilians killed in Azerbaijan since Sunday has risen to 19, the prosecutor general's office said on Thursday, and 55 civilians have now been wounded.",
          "In its first count, issued on Wednesday, the office had reported 14 civilians killed and 46 wounded. It said the new figures included people hurt overnight when shells landed in residential streets.",
          "“Villages far from any military position are being shelled,” the office said, adding that investigators had opened criminal cases over each attack.",
          "Armenia denies aiming at civilians and accuses Azerbaijani forces of striking Stepanakert, the main town of the region. Neither government has said how many soldiers it has lost.",
          "Nagorno-Karabakh is recognised internationally as part of Azerbaijan but has been held by ethnic Armenian forces since a ceasefire in 1994.",
          "This story was updated on Thursday with the prosecutor general's new figures.",
        ],
        figures: [
          figure("Azerbaijan", "civilian", "killed", 19),
          figure("Azerbaijan", "civilian", "wounded", 55),
          figure("Azerbaijan", "civilian", "killed", 14, "exact", "earlier"),
          figure("Azerbaijan", "civilian", "wounded", 46, "exact", "earlier"),
        ],
        purpose: "the same URL revised in place: civilian killed 14 -> 19, wounded 46 -> 55",
      },
    ],
  },
  {
    id: "civilian-toll-final",
    outlet: "baku-daily-monitor",
    section: "Nation",
    byline: "Monitor staff",
    role: "toll",
    day: "2020-12-07",
    time: "07:50",
    dateline: "BAKU",
    headline: "War killed 94 civilians, prosecutor general's office says",
    summary:
      "Azerbaijan's prosecutor general counts 94 civilians killed and more than 400 wounded in the war.",
    paragraphs: [
      "Azerbaijan's prosecutor general's office said on Monday that 94 civilians were killed during the war over Nagorno-Karabakh and that more than 400 civilians were wounded.",
      "The count covers the weeks from late September to the ceasefire that took effect on 10 November, the office said, and includes people killed when missiles struck apartment blocks in Ganja, the country's second city.",
      "“Each of these deaths is the subject of a criminal investigation,” a spokesman for the office told reporters, saying the files would be shared with international bodies.",
      "The defence ministry published its first count of military deaths last week. Armenia's authorities have reported their own losses separately.",
    ],
    figures: [
      figure("Azerbaijan", "civilian", "killed", 94),
      figure("Azerbaijan", "civilian", "wounded", 400, "more_than"),
    ],
    purpose: "revises civilian killed 19 -> 94 and wounded 55 -> 400 (a floor: more than 400)",
  },
];
