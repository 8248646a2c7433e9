/**
 * The country gazetteer reads six fields of world-countries, whose JSON carries dozens more
 * (translations, borders, currencies): 0.7 MB of a Lambda bundle. At bundle time the package is aliased
 * to a copy holding only those fields, written from the installed package into node_modules/.cache.
 * Nothing derived is committed; the CLI and the tests read the full package as before.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

/** The fields lib/extract/party-data.ts reads; a test checks the gazetteer built from the slim copy is the same. */
const FIELDS = ["name", "altSpellings", "independent", "demonyms", "capital"] as const;

export function slimWorldCountries(projectRoot: string): string {
  const require = createRequire(join(projectRoot, "package.json"));
  const source = require.resolve("world-countries/countries.json");
  const countries = JSON.parse(readFileSync(source, "utf8")) as Array<Record<string, unknown>>;
  const slim = countries.map((country) => {
    const name = country.name as { common: string; official: string };
    const demonyms = country.demonyms as { eng?: unknown } | undefined;
    const kept: Record<string, unknown> = Object.fromEntries(FIELDS.map((field) => [field, country[field]]));
    kept.name = { common: name.common, official: name.official };
    kept.demonyms = demonyms?.eng === undefined ? {} : { eng: demonyms.eng };
    return kept;
  });
  const dir = join(projectRoot, "node_modules", ".cache", "tollwatch");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "world-countries.slim.json");
  writeFileSync(file, JSON.stringify(slim));
  return file;
}
