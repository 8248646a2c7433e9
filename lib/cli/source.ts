import { readFile } from "node:fs/promises";
import { TollWatchError } from "../ingest/errors.ts";
import { HttpClient } from "../ingest/http.ts";

/** The raw bytes of a feed or page named on the command line, with what is known about them. */
export interface LoadedSource {
  bytes: Uint8Array;
  contentType: string | null;
  /** The URL that answered (after redirects), or null for a file. */
  url: string | null;
  /** How messages name this input: the URL or the file path. */
  name: string;
}

/** A file that cannot be read: named, with the reason, as a TollWatchError so the CLI exits 1 with one line. */
export class InputFileError extends TollWatchError {}

const isUrl = (value: string) => /^https?:\/\//i.test(value);

/**
 * Reads `target` from the web (an http(s) URL) or from disk (anything else). A URL typed by the operator
 * is fetched under the normal HTTP policy but without the SSRF guard, which is for links found in feeds.
 */
export async function loadSource(target: string, purpose: "feed" | "article"): Promise<LoadedSource> {
  if (isUrl(target)) {
    const client = new HttpClient({ perHostDelayMs: 0 });
    try {
      const result = await client.fetch({ url: target, purpose, origin: "config" });
      if (result.status !== "ok") {
        throw new TollWatchError(
          `${target}: the server answered 304 Not Modified to an unconditional request`,
        );
      }
      return { bytes: result.bytes, contentType: result.contentType, url: result.url, name: target };
    } finally {
      await client.close();
    }
  }
  try {
    return { bytes: await readFile(target), contentType: null, url: null, name: target };
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT"
        ? "no such file; give an existing file or an http(s) URL"
        : code === "EISDIR"
          ? "is a directory; give a file or an http(s) URL"
          : code === "EACCES"
            ? "permission denied"
            : `cannot be read (${code ?? String(cause)})`;
    throw new InputFileError(`${target}: ${why}`, { cause });
  }
}
