/** Text helpers for alert wording: number formatting, safe truncation, SMS-safe characters. */

const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });
const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });

export function formatNumber(value: number): string {
  return integer.format(value);
}

/** "+72", "-50", "0": the sign always shown, so a reader never mistakes a fall for a rise. */
export function formatDelta(delta: number): string {
  return delta > 0 ? `+${formatNumber(delta)}` : delta < 0 ? `-${formatNumber(-delta)}` : "0";
}

/** "+2.6%", or null when there is no base to compare against. */
export function formatPercent(previous: number, next: number): string | null {
  if (previous === 0) return null;
  const percent = ((next - previous) / Math.abs(previous)) * 100;
  const rounded = Math.abs(percent) < 10 ? percent.toFixed(1) : percent.toFixed(0);
  return `${percent > 0 ? "+" : ""}${rounded}%`;
}

/**
 * One line of text from anything the config or an article supplied: control characters and line
 * breaks would end an e-mail header early or be refused by SNS as a subject.
 */
export function oneLine(text: string): string {
  return text
    .replace(/[\p{Cc}\p{Zl}\p{Zp}]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Cuts `text` to at most `max` UTF-16 units (what SNS and JavaScript count), ending in `ellipsis` when
 * cut. Cuts between grapheme clusters, so neither a surrogate pair nor a letter and its accent are split.
 */
export function truncate(text: string, max: number, ellipsis = "…"): string {
  if (text.length <= max) return text;
  const room = max - ellipsis.length;
  if (room <= 0) return ellipsis.slice(0, Math.max(0, max));
  let out = "";
  for (const { segment } of graphemes.segment(text)) {
    if (out.length + segment.length > room) break;
    out += segment;
  }
  return `${out.trimEnd()}${ellipsis}`;
}

// GSM 03.38 basic character set: one septet each, so 160 of them fit one SMS.
const GSM_BASIC = new Set(
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà",
);

// Characters news text and names commonly carry that have a plain GSM stand-in.
const GSM_REPLACEMENTS: Record<string, string> = {
  "→": "->",
  "←": "<-",
  "–": "-",
  "—": "-",
  "−": "-",
  "‘": "'",
  "’": "'",
  "‚": "'",
  "“": '"',
  "”": '"',
  "„": '"',
  "«": '"',
  "»": '"',
  "…": "...",
  "\u00a0": " ",
  "\u202f": " ",
  "[": "(",
  "]": ")",
  "{": "(",
  "}": ")",
  "~": "-",
  "|": "/",
  "\\": "/",
  "^": "'",
  "€": "EUR",
  // Letters of Azerbaijani, Turkish, Polish, Croatian names that have no decomposition to a GSM letter.
  ə: "e",
  Ə: "E",
  ı: "i",
  ł: "l",
  Ł: "L",
  đ: "d",
  Đ: "D",
  ħ: "h",
  œ: "oe",
  Œ: "OE",
};

/**
 * Text made only of GSM basic characters: a single non-GSM character would switch the whole SMS to
 * UCS-2 and cut its room from 160 characters to 70. Accents outside GSM are dropped ("ş" -> "s").
 */
export function toGsm(text: string): string {
  let out = "";
  for (const char of text) {
    if (GSM_BASIC.has(char)) {
      out += char;
      continue;
    }
    const replacement = GSM_REPLACEMENTS[char];
    if (replacement !== undefined) {
      out += replacement;
      continue;
    }
    const bare = char.normalize("NFD").replace(/\p{M}/gu, "");
    out += [...bare].every((c) => GSM_BASIC.has(c)) && bare.length > 0 ? bare : "?";
  }
  return out;
}

export function isGsm(text: string): boolean {
  return [...text].every((c) => GSM_BASIC.has(c));
}
