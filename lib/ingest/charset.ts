import { Buffer, isAscii, isUtf8 } from "node:buffer";
import { TextDecoder } from "node:util";
import { analyse } from "chardet";
import type { CharsetSource, DecodedBody } from "../model/ingest.ts";

/**
 * Character set decoding for fetched feeds and article pages.
 *
 * Order of evidence: byte order mark, Content-Type charset, XML declaration, HTML <meta> prescan,
 * then sniffing (valid UTF-8, else chardet, else windows-1252). Encoding names are WHATWG names as
 * `TextDecoder` reports them, so "iso-8859-1", "latin1" and "us-ascii" all come out as "windows-1252"
 * and "gb2312" as "gbk", exactly as a browser would decode them.
 */

// The XML declaration has to open the document; 1 KB leaves room for stray leading whitespace.
const DECLARATION_SCAN_BYTES = 1024;
// Browsers prescan 1 KB for <meta charset>; pages with long <head> preambles (inline scripts, big
// comment banners) push it further, so look a little deeper.
const META_SCAN_BYTES = 4096;
// chardet costs about 0.2 ms per KB and its verdict is settled long before 16 KB of text, so it sees
// at most that much text, gathered from the first 64 KB of the body.
const SNIFF_SAMPLE_BYTES = 64 * 1024;
const SNIFF_TEXT_BYTES = 16 * 1024;
// chardet's confidence runs 0-100. Overruling a declaration needs more than noise, yet not much
// more: it is only tried once the bytes are shown not to be UTF-8, and a feed whose only non-ASCII
// text is a one-line Russian title scores just 30-50 for the right answer.
const OVERRULE_MIN_CONFIDENCE = 30;
// chardet hands out exactly 10 to any multi-byte encoding it has too few characters to judge.
const SNIFF_MIN_CONFIDENCE = 15;

const DEFAULT_ENCODING = "windows-1252";

// Every WHATWG decoder we can reach maps 0x00-0x7F to ASCII except these, so for all others an
// all-ASCII body can take the cheap latin1 path.
const NOT_ASCII_COMPATIBLE = new Set(["utf-16le", "utf-16be", "iso-2022-jp"]);

// chardet answers that are not a legacy encoding worth decoding with: Unicode forms are handled by
// BOM and validity checks before chardet runs, and ISO-2022 detections on 8-bit data are spurious.
const NOT_LEGACY = /^(?:utf-|ascii$|iso[-_]2022)/i;

const labelCache = new Map<string, string | null>();
const LABEL_CACHE_LIMIT = 256;
const decoders = new Map<string, TextDecoder>();

/**
 * The charset parameter of a Content-Type header, lower-cased and unquoted, as declared (not
 * validated, not normalised: "latin1" stays "latin1"). Null when absent or empty.
 */
export function charsetFromContentType(contentType: string | null | undefined): string | null {
  if (!contentType) return null;
  const match = /;\s*charset\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s"]*))/i.exec(contentType);
  if (!match) return null;
  const raw = match[1] !== undefined ? match[1].replace(/\\(.)/g, "$1") : (match[2] ?? "");
  const label = raw.trim().toLowerCase();
  return label === "" ? null : label;
}

/**
 * Decodes a response body to text, deciding its character encoding from the strongest evidence
 * available. Never throws on bad labels or bad bytes: unknown labels are skipped and undecodable
 * bytes become U+FFFD.
 */
export function decodeBody(bytes: Uint8Array, options: { contentType?: string | null } = {}): DecodedBody {
  const bom = bomEncoding(bytes);
  if (bom) return result(bytes.subarray(bom.length), bom.encoding, "bom");

  const headerEncoding = resolveLabel(charsetFromContentType(options.contentType));
  if (headerEncoding && !isUtf16(headerEncoding)) return result(bytes, headerEncoding, "header");
  if (headerEncoding) {
    // A header saying just "utf-16" carries no byte order; the bytes of "<?" do. Markup in UTF-16 is
    // mostly ASCII, so half its bytes are NUL: bytes with none under a UTF-16 label are an 8-bit body
    // under a wrong label, and reading them as UTF-16 would turn every page into CJK noise.
    const layout = utf16Layout(bytes);
    if (layout) return result(bytes, layout, "header");
    if (bytes.subarray(0, DECLARATION_SCAN_BYTES * 2).includes(0))
      return result(bytes, headerEncoding, "header");
  }

  // Without a BOM, UTF-16 XML still shows itself by the NUL bytes around "<?" (XML 1.0 appendix F);
  // the byte layout is more trustworthy than whatever label the declaration then spells out.
  const layout = utf16Layout(bytes);
  if (layout) {
    const head = decoderFor(layout).decode(bytes.subarray(0, DECLARATION_SCAN_BYTES * 2));
    return result(bytes, layout, xmlDeclarationLabel(head) !== null ? "xml-declaration" : "sniffed");
  }

  if (bytes.length === 0) return { text: "", encoding: "utf-8", source: "default" };

  const xmlLabel = xmlDeclarationLabel(latin1Prefix(bytes, DECLARATION_SCAN_BYTES));
  const xmlEncoding = asciiDeclared(resolveLabel(xmlLabel));
  if (xmlEncoding) return declared(bytes, xmlEncoding, "xml-declaration");

  const metaEncoding = asciiDeclared(metaCharset(latin1Prefix(bytes, META_SCAN_BYTES)));
  if (metaEncoding) return declared(bytes, metaEncoding, "html-meta");

  // A UTF-8 body with a few damaged bytes is still UTF-8: legacy decoding would garble every
  // correct character to rescue the broken ones.
  if (isUtf8Text(bytes) || !mostlyNotUtf8(bytes)) return result(bytes, "utf-8", "sniffed");
  const guess = sniffLegacy(bytes);
  if (guess && guess.confidence >= SNIFF_MIN_CONFIDENCE) return result(bytes, guess.encoding, "sniffed");
  return result(bytes, DEFAULT_ENCODING, "default");
}

/**
 * An in-document declaration is trusted unless it claims UTF-8 over bytes that are mostly not UTF-8
 * and chardet is reasonably sure of a legacy encoding. Feeds built from templates often hard-code
 * `encoding="utf-8"` while the text comes from a latin1 or cp1251 database; decoding those as UTF-8
 * turns every non-ASCII letter into U+FFFD and the text is lost, whereas a legacy decoding keeps it.
 * A genuine UTF-8 feed with a few corrupt bytes keeps its declaration. A header charset is
 * deliberately not second-guessed: it is the transport's explicit statement, it outranks the
 * document in the decision order, and overruling it would make that order meaningless.
 */
function declared(bytes: Uint8Array, encoding: string, source: CharsetSource): DecodedBody {
  const lying = encoding === "utf-8" && !isUtf8Text(bytes) && mostlyNotUtf8(bytes);
  const guess = lying ? sniffLegacy(bytes) : null;
  if (guess && guess.confidence >= OVERRULE_MIN_CONFIDENCE) return result(bytes, guess.encoding, "sniffed");
  return result(bytes, encoding, source);
}

function result(bytes: Uint8Array, encoding: string, source: CharsetSource): DecodedBody {
  return { text: decode(bytes, encoding), encoding, source };
}

function decode(bytes: Uint8Array, encoding: string): string {
  if (bytes.length === 0) return "";
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  // V8's own UTF-8 decoder is as fast or faster than TextDecoder's on Node 20 and substitutes U+FFFD
  // for bad sequences the same WHATWG way (checked against TextDecoder on random byte strings).
  if (encoding === "utf-8") return buffer.toString("utf8");
  // latin1 turns bytes into a one-byte string with no table lookups at all: an order of magnitude
  // faster than TextDecoder, and exact whenever the bytes are ASCII, or windows-1252 without the
  // 0x80-0x9F range where it differs from latin1.
  if (!NOT_ASCII_COMPATIBLE.has(encoding) && isAscii(buffer)) return buffer.toString("latin1");
  if (encoding === "windows-1252") {
    // Not TextDecoder: since 20.18.3 Node decodes windows-1252 as plain latin1, leaving 0x80-0x9F
    // as C1 controls instead of the quotes, dashes and euro sign (nodejs/node#60888).
    return hasC1Bytes(buffer) ? decodeWindows1252(buffer) : buffer.toString("latin1");
  }
  return decoderFor(encoding).decode(bytes);
}

// WHATWG index-windows-1252 for 0x80-0x9F (checked against Python's cp1252 codec); 0 marks the five
// bytes the index maps to themselves.
const WINDOWS_1252_C1 = [
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0,
  0x017d, 0, 0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a,
  0x0153, 0, 0x017e, 0x0178,
];
const WINDOWS_1252 = Uint16Array.from({ length: 256 }, (_, byte) => WINDOWS_1252_C1[byte - 0x80] || byte);

// A table pass into UTF-16 costs the same however many smart quotes there are; a regex replace of
// the C1 characters in a latin1 string is twice as slow on quote-heavy text. The Uint16Array is read
// back as UTF-16LE, i.e. this assumes a little-endian host, as every Node build but s390x is.
function decodeWindows1252(buffer: Buffer): string {
  const units = new Uint16Array(buffer.length);
  for (let i = 0; i < buffer.length; i++) units[i] = WINDOWS_1252[buffer[i] ?? 0] ?? 0;
  return Buffer.from(units.buffer, units.byteOffset, units.byteLength).toString("utf16le");
}

function hasC1Bytes(buffer: Buffer): boolean {
  // 32 native scans beat one JS loop over a multi-megabyte body by about 3x.
  for (let byte = 0x80; byte <= 0x9f; byte++) {
    if (buffer.includes(byte)) return true;
  }
  return false;
}

function decoderFor(encoding: string): TextDecoder {
  let decoder = decoders.get(encoding);
  if (!decoder) {
    // The BOM, if any, was already decided on and cut off; a U+FEFF left after that is content.
    decoder = new TextDecoder(encoding, { fatal: false, ignoreBOM: true });
    decoders.set(encoding, decoder);
  }
  return decoder;
}

/** The WHATWG name for a label, or null when Node cannot decode it (unknown, "replacement", ...). */
function resolveLabel(label: string | null): string | null {
  if (!label) return null;
  const key = label.trim().toLowerCase();
  const cached = labelCache.get(key);
  if (cached !== undefined) return cached;
  let encoding: string | null;
  try {
    encoding = new TextDecoder(key).encoding;
  } catch {
    encoding = null;
  }
  // Labels come from remote documents: cap the cache so junk labels cannot grow it without bound.
  if (labelCache.size < LABEL_CACHE_LIMIT) labelCache.set(key, encoding);
  return encoding;
}

function isUtf16(encoding: string): boolean {
  return encoding === "utf-16le" || encoding === "utf-16be";
}

/**
 * A declaration we could read as ASCII cannot truthfully say UTF-16; WHATWG's prescan makes the
 * same correction and reads such documents as UTF-8.
 */
function asciiDeclared(encoding: string | null): string | null {
  return encoding !== null && isUtf16(encoding) ? "utf-8" : encoding;
}

function bomEncoding(bytes: Uint8Array): { encoding: string; length: number } | null {
  const [b0, b1, b2] = bytes;
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { encoding: "utf-8", length: 3 };
  if (b0 === 0xff && b1 === 0xfe) return { encoding: "utf-16le", length: 2 };
  if (b0 === 0xfe && b1 === 0xff) return { encoding: "utf-16be", length: 2 };
  return null;
}

/** "<?" as UTF-16 without a BOM: 3C 00 3F 00 is little-endian, 00 3C 00 3F big-endian. */
function utf16Layout(bytes: Uint8Array): "utf-16le" | "utf-16be" | null {
  const [b0, b1, b2, b3] = bytes;
  if (b0 === 0x3c && b1 === 0 && b2 === 0x3f && b3 === 0) return "utf-16le";
  if (b0 === 0 && b1 === 0x3c && b2 === 0 && b3 === 0x3f) return "utf-16be";
  return null;
}

// Only a small prefix is ever turned into a string: declarations live at the top, and latin1 maps
// each byte to one char so the ASCII markup reads the same whatever the real encoding is.
function latin1Prefix(bytes: Uint8Array, length: number): string {
  const end = Math.min(bytes.length, length);
  return Buffer.from(bytes.buffer, bytes.byteOffset, end).toString("latin1");
}

function xmlDeclarationLabel(head: string): string | null {
  const match = /^\s*<\?xml\s[^>]*?\bencoding\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(head);
  if (!match) return null;
  const label = (match[1] ?? match[2] ?? "").trim();
  return label === "" ? null : label;
}

/**
 * The first usable charset named by a <meta> tag, whether `<meta charset=x>` or the http-equiv
 * form whose content carries "charset=x". Like the browsers' prescan, an unknown label is skipped in
 * favour of a later tag, and commented-out tags do not count.
 */
function metaCharset(head: string): string | null {
  const visible = head.replace(/<!--[\s\S]*?(?:-->|$)/g, "");
  for (const tag of visible.matchAll(/<meta\b[^>]*>?/gi)) {
    const match = /\bcharset\s*=\s*["']?\s*([^\s"'/>;]+)/i.exec(tag[0]);
    const encoding = resolveLabel(match?.[1] ?? null);
    if (encoding) return encoding;
  }
  return null;
}

/** Valid UTF-8, forgiving a character cut in half at the very end (a truncated download). */
function isUtf8Text(bytes: Uint8Array): boolean {
  if (isUtf8(bytes)) return true;
  const end = bytes.length;
  for (let back = 1; back <= 3 && back <= end; back++) {
    const byte = bytes[end - back] ?? 0;
    if ((byte & 0xc0) === 0x80) continue;
    return utf8SequenceLength(byte) > back && isUtf8(bytes.subarray(0, end - back));
  }
  return false;
}

/** How many bytes a UTF-8 sequence starting with this byte has; 0 when it cannot start one. */
function utf8SequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/**
 * Whether, in the first 64 KB, malformed UTF-8 sequences outnumber well-formed multi-byte ones.
 * Legacy text almost never forms valid UTF-8 by accident, while real UTF-8 damaged in transit or by
 * a careless splice keeps most of its sequences intact. Lead/continuation structure is all that is
 * checked; overlong forms and surrogates are rare enough not to sway a count.
 */
function mostlyNotUtf8(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, SNIFF_SAMPLE_BYTES);
  let valid = 0;
  let invalid = 0;
  for (let i = 0; i < end; i++) {
    const lead = bytes[i] ?? 0;
    if (lead < 0x80) continue;
    const length = utf8SequenceLength(lead);
    let ok = length > 0 && i + length <= end;
    for (let k = 1; ok && k < length; k++) ok = ((bytes[i + k] ?? 0) & 0xc0) === 0x80;
    if (ok) {
      valid++;
      i += length - 1;
    } else {
      invalid++;
    }
  }
  return invalid > valid;
}

/** chardet's best legacy (non-Unicode) encoding for the start of the body, with its confidence. */
function sniffLegacy(bytes: Uint8Array): { encoding: string; confidence: number } | null {
  const sample = textOnly(bytes.subarray(0, SNIFF_SAMPLE_BYTES));
  for (const match of analyse(sample)) {
    if (NOT_LEGACY.test(match.name)) continue;
    const encoding = resolveLabel(match.name);
    if (encoding && !NOT_ASCII_COMPATIBLE.has(encoding)) return { encoding, confidence: match.confidence };
  }
  return null;
}

/**
 * The sample with markup removed. chardet scores byte n-grams of natural language; tag names,
 * attributes and URLs are ASCII that dilutes those statistics, which matters in feeds where a
 * title of a few words sits between hundreds of bytes of markup. CDATA sections are text, so only
 * their `<![CDATA[` opener is dropped. Falls back to the raw bytes when little text is left.
 */
function textOnly(sample: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.min(sample.length, SNIFF_TEXT_BYTES));
  let length = 0;
  let inTag = false;
  for (let i = 0; i < sample.length && length < out.length; i++) {
    const byte = sample[i] ?? 0;
    if (inTag) {
      if (byte === 0x3e) inTag = false;
    } else if (byte === 0x3c) {
      if (startsCdata(sample, i)) i += 8;
      else inTag = true;
    } else {
      out[length++] = byte;
    }
  }
  return length >= 100 ? out.subarray(0, length) : sample.subarray(0, SNIFF_TEXT_BYTES);
}

const CDATA_OPEN = [0x3c, 0x21, 0x5b, 0x43, 0x44, 0x41, 0x54, 0x41, 0x5b]; // "<![CDATA["

function startsCdata(bytes: Uint8Array, at: number): boolean {
  for (let k = 0; k < CDATA_OPEN.length; k++) {
    if (bytes[at + k] !== CDATA_OPEN[k]) return false;
  }
  return true;
}
