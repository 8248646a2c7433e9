/**
 * What the demo must do: the alerts it raises, in order, each from the article that states the figure,
 * and the articles that must raise nothing. The integration test holds runDemo to this list.
 */
import type { Config } from "../config.ts";
import type { Category, Population } from "../model/figure.ts";
import { DEFAULT_POLICY } from "../notify/policy.ts";
import { ARTICLES } from "./script.ts";

/** The demo's config: one watch, no aliases, an alert on every opening and every revision. */
export const DEMO_CONFIG: Pick<Config, "watches" | "aliases" | "alerts"> = {
  watches: [
    {
      id: "karabakh-2020",
      title: "Nagorno-Karabakh war 2020",
      phrases: ["Karabakh", "Armenia", "Azerbaijan"],
    },
  ],
  aliases: {},
  alerts: { ...DEFAULT_POLICY },
};

export interface ExpectedAlert {
  /** The simulated day of the cycle that raises it. */
  day: string;
  kind: "open" | "revise";
  party: string;
  population: Population;
  category: Category;
  from: number | null;
  to: number;
  /** The id of the article whose figure commits the version. */
  article: string;
}

const alert = (
  day: string,
  article: string,
  party: string,
  population: Population,
  category: Category,
  from: number | null,
  to: number,
): ExpectedAlert => ({
  day,
  kind: from === null ? "open" : "revise",
  party,
  population,
  category,
  from,
  to,
  article,
});

const CIVILIANS = "civilian-toll-shelling";
const AZ_FIRST = "defence-ministry-first-military-toll";

/**
 * In cycle order. Within one article, exact counts are committed before floors ("more than 100"), so
 * the 3 December article opens killed, then wounded, then missing.
 */
export const EXPECTED_ALERTS: readonly ExpectedAlert[] = [
  alert("2020-09-30", CIVILIANS, "Azerbaijan", "civilian", "killed", null, 14),
  alert("2020-09-30", CIVILIANS, "Azerbaijan", "civilian", "wounded", null, 46),
  alert("2020-10-01", CIVILIANS, "Azerbaijan", "civilian", "killed", 14, 19),
  alert("2020-10-01", CIVILIANS, "Azerbaijan", "civilian", "wounded", 46, 55),
  alert("2020-11-14", "health-ministry-first-military-toll", "Armenia", "military", "killed", null, 2317),
  alert("2020-11-18", "military-toll-rises-search-teams", "Armenia", "military", "killed", 2317, 2425),
  alert("2020-12-03", AZ_FIRST, "Azerbaijan", "military", "killed", null, 2783),
  alert("2020-12-03", AZ_FIRST, "Azerbaijan", "military", "wounded", null, 1245),
  alert("2020-12-03", AZ_FIRST, "Azerbaijan", "military", "missing", null, 100),
  alert("2020-12-04", "military-toll-2718", "Armenia", "military", "killed", 2425, 2718),
  alert("2020-12-07", "civilian-toll-final", "Azerbaijan", "civilian", "killed", 19, 94),
  alert("2020-12-07", "civilian-toll-final", "Azerbaijan", "civilian", "wounded", 55, 400),
  alert("2020-12-11", "military-toll-2996", "Armenia", "military", "killed", 2718, 2996),
  alert("2020-12-29", "military-toll-2823", "Azerbaijan", "military", "killed", 2783, 2823),
  alert("2021-01-01", "military-toll-3330", "Armenia", "military", "killed", 2996, 3330),
  alert("2021-01-07", "military-toll-2841", "Azerbaijan", "military", "killed", 2823, 2841),
  alert("2021-01-18", "military-toll-2855-missing-50", "Azerbaijan", "military", "killed", 2841, 2855),
  alert("2021-01-18", "military-toll-2855-missing-50", "Azerbaijan", "military", "missing", 100, 50),
  alert("2021-03-02", "military-toll-2881-missing-28", "Azerbaijan", "military", "killed", 2855, 2881),
  alert("2021-03-02", "military-toll-2881-missing-28", "Azerbaijan", "military", "missing", 50, 28),
];

/** Articles that must never raise an alert: the noise (rounded, recalled, repeated, historical) and the rest. */
export const SILENT_ARTICLES: readonly string[] = ARTICLES.filter((a) => a.role !== "toll").map((a) => a.id);
