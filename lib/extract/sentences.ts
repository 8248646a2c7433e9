/**
 * Sentence splitter for plain article text. Captures put headlines, captions and credits on lines of
 * their own without a full stop, so a line break ends a sentence unless the line plainly runs on
 * (hard-wrapped text). Spans index the original text so figures can be quoted and located exactly.
 */

/** [start, end) into the original text, trimmed; paragraph counts blank-line-separated blocks from 0. */
export interface Sentence {
  text: string;
  start: number;
  end: number;
  paragraph: number;
}

/** Abbreviations that precede a name or number, so a capital after them never starts a sentence. */
// biome-ignore format: a word list reads better packed
const NEVER_FINAL = new Set([
  "Mr.", "Mrs.", "Ms.", "Dr.", "Gen.", "Lt.", "Col.", "Maj.", "Sgt.", "Capt.", "Cpl.", "Pvt.", "Adm.",
  "Cmdr.", "Brig.", "Prof.", "Rev.", "Sen.", "Rep.", "Gov.", "Pres.", "Amb.", "Hon.", "St.", "Mt.", "No.",
  "Nos.", "Vol.", "Art.", "Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sep.", "Sept.", "Oct.",
  "Nov.", "Dec.", "vs.", "v.", "e.g.", "i.e.", "cf.", "approx.", "est.", "Fig.",
]);

/**
 * Abbreviations that can also end a sentence ("troops from the U.S."). After them a sentence starts
 * only when the next word is one that typically opens a sentence, not a name ("U.S. President").
 */
// biome-ignore format: a word list reads better packed
const MAYBE_FINAL = new Set([
  "U.S.", "U.N.", "U.K.", "U.A.E.", "E.U.", "a.m.", "p.m.", "etc.", "Inc.", "Ltd.", "Co.", "Corp.", "Jr.",
  "Sr.",
]);

// biome-ignore format: a word list reads better packed
const SENTENCE_OPENERS = new Set([
  "The", "A", "An", "It", "He", "She", "They", "We", "I", "In", "On", "At", "But", "And", "This", "That",
  "These", "Those", "There", "However", "Meanwhile", "Earlier", "Later", "According", "Its", "His", "Her",
  "Their", "After", "As", "When",
]);

/** A line ending in one of these is hard-wrapped mid-sentence even if the next line starts with a capital. */
// biome-ignore format: a word list reads better packed
const RUN_ON_WORDS = new Set([
  "a", "an", "the", "of", "and", "or", "to", "in", "on", "at", "by", "for", "with", "from", "that", "as",
  "its", "their", "his", "her", "than", "into", "over", "said",
]);

const LOWER = /\p{Ll}/u;

function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || (code >= 0x2000 && code <= 0x200b);
}

function isTerminal(code: number): boolean {
  return code === 46 || code === 33 || code === 63 || code === 0x2026; // . ! ? …
}

/** Closing quotes and brackets that stay with the sentence they end. */
function isCloser(code: number): boolean {
  return (
    code === 34 ||
    code === 39 ||
    code === 41 ||
    code === 93 ||
    code === 0x201d ||
    code === 0x2019 ||
    code === 0xbb
  );
}

/** Opening quotes and brackets that belong to the word after them. */
function isOpener(code: number): boolean {
  return (
    code === 34 ||
    code === 39 ||
    code === 40 ||
    code === 91 ||
    code === 0x201c ||
    code === 0x2018 ||
    code === 0xab
  );
}

function isLowerAt(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  if (code >= 97 && code <= 122) return true;
  if (code < 128) return false;
  return LOWER.test(text.charAt(index));
}

function isUpperAsciiLetter(code: number): boolean {
  return code >= 65 && code <= 90;
}

/** Does the line ending at prevEnd run on into the line starting at nextStart? */
function runsOn(text: string, prevEnd: number, nextStart: number): boolean {
  let last = prevEnd - 1;
  while (last > 0 && isCloser(text.charCodeAt(last))) last--;
  if (isTerminal(text.charCodeAt(last)) || text.charCodeAt(prevEnd - 1) === 58) return false;
  if (isLowerAt(text, nextStart)) return true;
  const lastCode = text.charCodeAt(prevEnd - 1);
  if (lastCode === 44 || lastCode === 59) return true; // , ;
  let wordStart = prevEnd;
  while (wordStart > 0 && !isSpace(text.charCodeAt(wordStart - 1))) wordStart--;
  return RUN_ON_WORDS.has(text.slice(wordStart, prevEnd));
}

/** Is the period at `dot` (followed by whitespace, then `next`) the end of a sentence? */
function periodEnds(text: string, blockStart: number, segStart: number, dot: number, next: number): boolean {
  let wordStart = dot;
  while (wordStart > blockStart && !isSpace(text.charCodeAt(wordStart - 1))) wordStart--;
  while (wordStart < dot && isOpener(text.charCodeAt(wordStart))) wordStart++;
  const word = text.slice(wordStart, dot + 1);
  if (NEVER_FINAL.has(word)) return false;
  // Initials: "J. R. Smith".
  if (word.length === 2 && isUpperAsciiLetter(word.charCodeAt(0))) return false;
  // List numbering at the start of a line: "1. The ministry said".
  if (wordStart === segStart && /^\d{1,2}\.$/.test(word)) return false;
  if (MAYBE_FINAL.has(word)) {
    let nextEnd = next;
    while (nextEnd < text.length && /[\p{L}]/u.test(text.charAt(nextEnd))) nextEnd++;
    return SENTENCE_OPENERS.has(text.slice(next, nextEnd));
  }
  return true;
}

function pushSpan(out: Sentence[], text: string, start: number, end: number, paragraph: number): void {
  let s = start;
  let e = end;
  while (s < e && isSpace(text.charCodeAt(s))) s++;
  while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
  if (e > s) out.push({ text: text.slice(s, e), start: s, end: e, paragraph });
}

/** Splits one logical block (a line, or lines that run on) into sentences. */
function splitBlock(out: Sentence[], text: string, start: number, end: number, paragraph: number): void {
  let segStart = start;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (!isTerminal(code)) continue;
    let j = i + 1;
    while (j < end && isTerminal(text.charCodeAt(j))) j++;
    while (j < end && isCloser(text.charCodeAt(j))) j++;
    if (j >= end) break;
    if (!isSpace(text.charCodeAt(j))) {
      i = j - 1;
      continue;
    }
    let next = j;
    while (next < end && isSpace(text.charCodeAt(next))) next++;
    const isLoneDot = code === 46 && (i + 1 === j || !isTerminal(text.charCodeAt(i + 1)));
    const ends = !isLowerAt(text, next) && (!isLoneDot || periodEnds(text, start, segStart, i, next));
    if (ends) {
      pushSpan(out, text, segStart, j, paragraph);
      segStart = next;
    }
    i = next - 1;
  }
  pushSpan(out, text, segStart, end, paragraph);
}

export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let paragraph = -1;
  let inParagraph = false;
  let blockStart = -1;
  let blockEnd = -1;
  let pos = 0;
  while (pos <= text.length) {
    let newline = text.indexOf("\n", pos);
    if (newline < 0) newline = text.length;
    let s = pos;
    let e = newline;
    while (s < e && isSpace(text.charCodeAt(s))) s++;
    while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
    if (s === e) {
      if (blockStart >= 0) splitBlock(out, text, blockStart, blockEnd, paragraph);
      blockStart = -1;
      inParagraph = false;
    } else {
      if (!inParagraph) {
        paragraph++;
        inParagraph = true;
      }
      if (blockStart >= 0 && runsOn(text, blockEnd, s)) {
        blockEnd = e;
      } else {
        if (blockStart >= 0) splitBlock(out, text, blockStart, blockEnd, paragraph);
        blockStart = s;
        blockEnd = e;
      }
    }
    pos = newline + 1;
  }
  if (blockStart >= 0) splitBlock(out, text, blockStart, blockEnd, paragraph);
  return out;
}
