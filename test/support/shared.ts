import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

/**
 * ../shared sits beside the repository in CI and on developer machines; a clone elsewhere may not
 * have it. Tests that read it use `sharedAvailable` with `describe.skipIf` and announce the skip.
 */
export const SHARED_DIR = resolve(
  process.env.TOLLWATCH_SHARED ?? join(import.meta.dirname, "../../../shared"),
);
export const CORPUS_DIR = join(SHARED_DIR, "corpus");
export const sharedAvailable = existsSync(CORPUS_DIR);

/** Prints one visible line naming what is skipped and why; returns whether to skip. */
export function skipWithoutShared(what: string): boolean {
  if (!sharedAvailable) {
    console.warn(
      `SKIPPED ${what}: ${CORPUS_DIR} not found. Place the shared corpus beside the repository ` +
        "(or set TOLLWATCH_SHARED) to run these tests; CI always has it.",
    );
  }
  return !sharedAvailable;
}
