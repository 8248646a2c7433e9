import { createHash } from "node:crypto";
import type { TallyKey } from "../model/tally.ts";

/**
 * Key parts are joined with '#'. A part that itself contains '#' ("Party #2") is escaped
 * ('%' -> %25 first, then '#' -> %23) so that no two different tuples can build the same key.
 */
function escapePart(part: string): string {
  return part.replaceAll("%", "%25").replaceAll("#", "%23");
}

/** The tally's identity without its prefix: watch#party#population#category, each part escaped. */
export function tallyId(key: TallyKey): string {
  return [key.watch, key.party, key.population, key.category].map(escapePart).join("#");
}

export function tallyPk(key: TallyKey): string {
  return `TALLY#${tallyId(key)}`;
}

/** Six digits keep versions in string order up to 999999, far past any official toll's revisions. */
const MAX_VERSION = 999_999;
export const VERSION_PREFIX = "V#";
export const OBSERVATION_PREFIX = "OBS#";

export function versionSk(version: number): string {
  if (!Number.isInteger(version) || version < 1 || version > MAX_VERSION) {
    throw new RangeError(`version must be an integer in 1..${MAX_VERSION}, got ${version}`);
  }
  return `${VERSION_PREFIX}${String(version).padStart(6, "0")}`;
}

/** Short content-free hash of an article's URL or path; stable across runs and machines. */
export function articleHash(doc: string): string {
  return createHash("sha256").update(doc).digest("hex").slice(0, 16);
}

/** Longer hash for article records: their key must not collide across a whole crawl history. */
export function urlHash(url: string): string {
  return createHash("sha256").update(url).digest("hex").slice(0, 32);
}

/**
 * statedOn, then article, then where in the article: the same figure read again from the same
 * article (a re-poll, a retried message) lands on the same key, so audit rows are not doubled.
 */
export function observationSk(statedOn: string | null, doc: string, spanStart: number): string {
  const date = statedOn === null ? "undated" : escapePart(statedOn);
  return `${OBSERVATION_PREFIX}${date}#${articleHash(doc)}#${String(spanStart).padStart(7, "0")}`;
}

export function feedPk(id: string): string {
  return `FEED#${escapePart(id)}`;
}

export function articlePk(url: string): string {
  return `ARTICLE#${urlHash(url)}`;
}

export const FEED_SK = "STATE";
export const ARTICLE_SK = "META";
