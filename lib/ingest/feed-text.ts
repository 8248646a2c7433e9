import { load } from "cheerio/slim";
import { limitNesting, MAX_NESTING } from "./nesting.ts";

/**
 * Text cleanup shared by the feed readers: input sanitising, HTML → plain text, entity decoding,
 * mojibake repair and URL resolution. Everything here is regex-based and linear, because it runs on
 * every field of feeds that can be megabytes long.
 */

// Windows-1252 meanings of 0x80–0x9F. Feeds often carry these bytes as C1 control characters
// (UTF-8 C2 92 for a curly apostrophe), which no one ever means literally. 0 marks unassigned slots.
const CP1252_C1 = [
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0,
  0x017d, 0, 0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a,
  0x0153, 0, 0x017e, 0x0178,
];
const CP1252_BYTE = new Map<number, number>(
  CP1252_C1.flatMap((cp, i) => (cp === 0 ? [] : [[cp, 0x80 + i] as [number, number]])),
);

// XML 1.0 forbids these; a single one makes strict parsers reject the whole document.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const ILLEGAL_CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const C1_CONTROLS = /[\u0080-\u009F]/g;

export interface PreparedText {
  text: string;
  warnings: string[];
}

/** Strips the BOM, leading whitespace, characters no feed means and absurd nesting; says what it changed. */
export function prepareInput(input: string): PreparedText {
  const warnings: string[] = [];
  let text = input.replace(/^[\uFEFF\s]+/, "");
  let illegal = 0;
  text = text.replace(ILLEGAL_CONTROLS, () => {
    illegal++;
    return "";
  });
  if (illegal > 0) warnings.push(`removed ${illegal} illegal control character(s) (not allowed in XML)`);
  if (C1_CONTROLS.test(text)) {
    text = demoronize(text);
    warnings.push("read C1 control characters as the Windows-1252 punctuation they stand for");
  }
  // Parsing and walking markup nested thousands deep is quadratic or overflows the stack; no feed needs it.
  if (text.startsWith("<")) {
    const limited = limitNesting(text, { xml: true });
    if (limited.dropped > 0) {
      text = limited.markup;
      warnings.push(
        `elements nested more than ${MAX_NESTING} deep: ${limited.dropped} start tag(s) past that depth were ignored, their text kept`,
      );
    }
  }
  return { text, warnings };
}

function demoronize(text: string): string {
  return text.replace(C1_CONTROLS, (c) => {
    const cp = CP1252_C1[c.charCodeAt(0) - 0x80] ?? 0;
    return cp === 0 ? "" : String.fromCharCode(cp);
  });
}

// Only the lead characters of the classic mojibake (UTF-8 read as Windows-1252 or Latin-1, then
// re-encoded): "â€™" for ’, "Ã©" for é, "Â " for a no-break space. Real text essentially never has
// these pairs, and each candidate is only replaced when its bytes are valid UTF-8.
const CONT =
  "[\\u0080-\\u00BF\\u0152\\u0153\\u0160\\u0161\\u0178\\u017D\\u017E\\u0192\\u02C6\\u02DC\\u2013\\u2014\\u2018-\\u201A\\u201C-\\u201E\\u2020-\\u2022\\u2026\\u2030\\u2039\\u203A\\u20AC\\u2122]";
const MOJIBAKE = new RegExp(`\\u00E2${CONT}{2}|[\\u00C2\\u00C3]${CONT}`, "g");
const utf8 = new TextDecoder("utf-8", { fatal: true });

function repairMojibake(text: string): string {
  return text.replace(MOJIBAKE, (run) => {
    const bytes = Uint8Array.from(run, (c) => {
      const cp = c.charCodeAt(0);
      return cp <= 0xff ? cp : (CP1252_BYTE.get(cp) ?? 0);
    });
    try {
      const fixed = utf8.decode(bytes);
      return [...fixed].length === 1 ? fixed : run;
    } catch {
      return run;
    }
  });
}

const XML_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
// Looked up once per distinct name through cheerio's HTML decoder, which knows all ~2,200 HTML
// names. The cap keeps a hostile feed with millions of made-up names from costing a parse each.
const namedEntities = new Map<string, string | null>();
const MAX_ENTITY_NAMES = 4096;

function namedEntity(name: string): string | null {
  const xml = XML_ENTITIES[name];
  if (xml !== undefined) return xml;
  const known = namedEntities.get(name);
  if (known !== undefined) return known;
  if (namedEntities.size >= MAX_ENTITY_NAMES) return null;
  const decoded = load(`&${name};`, null, false).root().text();
  // A prefix match ("&noti;" → "¬i;") or an unknown name comes back longer than one character.
  const value = decoded.startsWith("&") || [...decoded].length > 2 ? null : decoded;
  namedEntities.set(name, value);
  return value;
}

function fromCodePoint(cp: number): string | null {
  if (cp >= 0x80 && cp <= 0x9f) {
    const mapped = CP1252_C1[cp - 0x80] ?? 0;
    return mapped === 0 ? null : String.fromCharCode(mapped);
  }
  if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return null;
  return String.fromCodePoint(cp);
}

/**
 * Decodes HTML character references. Named ones need their semicolon: "&copy=2" inside a URL stays
 * as written, which is what browsers do in attributes and what every feed author means.
 */
export function decodeEntities(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(
    /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));?/g,
    (all, dec, hex, name) => {
      if (name !== undefined) {
        if (!all.endsWith(";")) return all;
        return namedEntity(name) ?? all;
      }
      const cp = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex, 16);
      return fromCodePoint(cp) ?? "";
    },
  );
}

const BLOCK_TAGS = new Set(
  "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table tbody td tfoot th thead tr ul".split(
    " ",
  ),
);
// Quoted attribute values may contain ">"; the alternation is unambiguous, so matching stays linear.
const TAG = /<(\/?)([A-Za-z][A-Za-z0-9:-]*)(?:[^>"']|"[^"]*"|'[^']*')*>/g;
const LOOKS_LIKE_MARKUP =
  /<\/?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?\/?>|&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]+);/i;

function stripMarkup(html: string): string {
  return html
    .replace(/<!--[\s\S]*?(?:-->|$)/g, " ")
    .replace(/<(script|style)\b[\s\S]*?(?:<\/\1\s*>|$)/gi, " ")
    .replace(/<!\[CDATA\[([\s\S]*?)(?:\]\]>|$)/g, "$1")
    .replace(TAG, (_all, _slash, name: string) => (BLOCK_TAGS.has(name.toLowerCase()) ? " " : ""));
}

/** Collapses whitespace (no-break spaces included) and repairs encoding damage in a plain-text value. */
export function tidyText(text: string): string {
  let out = text;
  if (/[\u0080-\u009F]/.test(out)) out = demoronize(out);
  if (/[\u00C2\u00C3\u00E2]/.test(out)) out = repairMojibake(out);
  return out.replace(ILLEGAL_CONTROLS, "").replace(/\s+/g, " ").trim();
}

/**
 * Plain text of an HTML fragment. Feeds escape their HTML once, twice, or not at all, so decoding
 * repeats while the result still looks like markup (at most three rounds): a title must never come
 * out as "<p>…</p>" or "&amp;amp;".
 */
export function htmlToText(html: string): string {
  let text = html;
  for (let round = 0; round < 3; round++) {
    if (!text.includes("<") && !text.includes("&")) break;
    text = decodeEntities(stripMarkup(text));
    if (!LOOKS_LIKE_MARKUP.test(text)) break;
  }
  return tidyText(text);
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&${{ "&": "amp", "<": "lt", ">": "gt", '"': "quot" }[c]};`);
}

/**
 * Absolute http(s) URL of `ref` against `base`, else null. A doubly escaped "&amp;" is never part of
 * a real URL, so it is read as "&".
 */
export function resolveUrl(ref: string | null | undefined, base: string | null): string | null {
  if (!ref) return null;
  const cleaned = ref.trim().replace(/&amp;/gi, "&");
  if (!cleaned) return null;
  try {
    const url = base ? new URL(cleaned, base) : new URL(cleaned);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}
