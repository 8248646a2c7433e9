import type { ParsedFeed } from "../model/ingest.ts";
import { decodeBody } from "./charset.ts";
import { FeedParseError } from "./errors.ts";
import { parseJsonFeed } from "./feed-json.ts";
import { prepareInput } from "./feed-text.ts";
import { parseXmlFeed } from "./feed-xml.ts";

export interface FeedOptions {
  /** The feed's URL: base for relative links, and the label in error messages. */
  url?: string;
  /** Label for error messages when there is no URL (a file name, a feed id). */
  source?: string;
}

function preview(text: string): string {
  const line = text.slice(0, 60).replace(/\s+/g, " ").trim();
  return text.length > 60 ? `${line}…` : line;
}

/**
 * Reads RSS 0.9x / 1.0 / 2.0, Atom 1.0 and JSON Feed 1.x from already-decoded text. Problems it
 * can live with end up in `warnings`; input that is no feed at all throws FeedParseError, and
 * nothing else is ever thrown.
 */
export function parseFeed(text: string, options: FeedOptions = {}): ParsedFeed {
  const source = options.source ?? options.url ?? "input";
  try {
    if (typeof text !== "string") {
      throw new FeedParseError(
        `${source}: no text to parse (got ${typeof text}); pass the decoded body`,
        source,
      );
    }
    const prepared = prepareInput(text);
    const body = prepared.text;
    const ctx = { source, url: options.url ?? null, warnings: prepared.warnings };
    if (body.length === 0) {
      throw new FeedParseError(
        `${source}: empty body, not a feed; check the URL, or try later if the server is having trouble`,
        source,
      );
    }
    if (body.startsWith("{") || body.startsWith("[")) return parseJsonFeed(body, ctx);
    if (body.startsWith("<")) return parseXmlFeed(body, ctx);
    throw new FeedParseError(
      `${source}: plain text, not a feed (starts "${preview(body)}"); check the URL`,
      source,
    );
  } catch (error) {
    if (error instanceof FeedParseError) throw error;
    // A parser bug must not take the whole polling cycle down with an unnamed exception.
    const reason = error instanceof Error ? error.message : String(error);
    throw new FeedParseError(
      `${source}: the feed could not be read (${reason}); report this feed as a parser bug`,
      source,
      { cause: error },
    );
  }
}

/** Decodes the body (BOM, Content-Type charset, XML declaration, sniffing) and parses it. */
export function parseFeedBytes(
  bytes: Uint8Array,
  options: FeedOptions & { contentType?: string | null } = {},
): ParsedFeed {
  const source = options.source ?? options.url ?? "input";
  let text: string;
  try {
    text = decodeBody(bytes, { contentType: options.contentType ?? null }).text;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new FeedParseError(
      `${source}: the body could not be decoded (${reason}); check the feed's charset`,
      source,
      {
        cause: error,
      },
    );
  }
  return parseFeed(text, { url: options.url, source });
}
