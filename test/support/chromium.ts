import { accessSync, constants } from "node:fs";

export const CHROMIUM_PATH = "/usr/bin/chromium";
export const CHROMIUM_INSTALL = "apt-get install -y chromium";

/** Debian's Chromium when it is installed and executable; null otherwise. */
export function chromiumPath(): string | null {
  try {
    accessSync(CHROMIUM_PATH, constants.X_OK);
    return CHROMIUM_PATH;
  } catch {
    return null;
  }
}

/** Prints one visible line naming what is skipped and how to install Chromium; returns whether to skip. */
export function skipWithoutChromium(what: string): boolean {
  if (chromiumPath() !== null) return false;
  console.warn(
    `SKIPPED ${what}: Chromium not found; install with \`${CHROMIUM_INSTALL}\` (CI installs it in .ci/run)`,
  );
  return true;
}
