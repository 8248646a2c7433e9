/**
 * Plain text of an HTML fragment that is already the article (a feed's content:encoded, Atom content,
 * JSON Feed content_html): no scoring, since there is no page chrome to remove, only markup.
 */
import { load } from "cheerio/slim";

const BLOCKS =
  "p, h1, h2, h3, h4, h5, h6, li, blockquote, pre, td, th, figcaption, dd, dt, div, section, article, br";

/** Paragraphs joined by blank lines. */
export function htmlToText(html: string): string {
  const $ = load(html);
  $("script, style, noscript, template, iframe, object, svg").remove();
  // Block boundaries become blank lines so that "end.</p><p>Start" never reads as "end.Start".
  $(BLOCKS).each((_, el) => {
    $(el).before("\n\n").after("\n\n");
  });
  return $.root()
    .text()
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s+/g, " ").trim())
    .filter((p) => p !== "")
    .join("\n\n");
}
