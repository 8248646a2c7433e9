import { extractArticle } from "../ingest/article.ts";
import { decodeBody } from "../ingest/charset.ts";
import type { GlobalOptions } from "./global-options.ts";
import { type CliIO, writeJsonLine } from "./io.ts";
import { loadSource } from "./source.ts";

/** `tollwatch article <url|file>`: the metadata and main text Toll Watch would read figures from. */
export async function articleCommand(target: string, options: GlobalOptions, io: CliIO): Promise<void> {
  const source = await loadSource(target, "article");
  const { text: html } = decodeBody(source.bytes, { contentType: source.contentType });
  const article = extractArticle(html, { url: source.url ?? source.name });
  if (options.json) {
    writeJsonLine(io, { url: source.url, ...article });
    return;
  }
  if (!options.quiet) {
    const fields: Array<[string, string | null]> = [
      ["Title", article.title],
      ["Published", article.published],
      ["Byline", article.byline],
      ["Site", article.siteName],
      ["Language", article.lang],
      ["URL", source.url],
    ];
    for (const [label, value] of fields) if (value) io.out(`${`${label}:`.padEnd(11)}${value}\n`);
    io.out("\n");
  }
  io.out(`${article.text}\n`);
}
