/**
 * A bound on how deep markup nests, applied to the text before cheerio/slim parses it.
 *
 * htmlparser2 keeps its open elements in an array it unshifts and shifts, and domutils' `find` (under
 * every cheerio selector) walks with a stack it unshifts: both cost the current depth per element, so
 * 100,000 nested tags take many seconds to parse and as long again per selector, and any recursive walk
 * of such a tree overflows the stack. No real page or feed nests more than a few dozen levels. Like
 * browsers (Chromium stops nesting at 512), the parser here never builds deeper than MAX_NESTING:
 * start tags past that depth, and the end tags that match them, are left out of the text, so their
 * content joins the deepest element kept. Text is never dropped.
 *
 * The scan follows htmlparser2 10's tokenizer and tree rules (raw-text elements, comments, CDATA,
 * quoted attributes, implied end tags, void elements, self-closing tags in SVG and MathML) on the
 * markup as it will be parsed, so the depth it keeps is the depth the parser builds. It runs in one
 * linear pass and returns the input untouched when no element goes past the bound.
 */

export const MAX_NESTING = 512;

export interface LimitedMarkup {
  markup: string;
  /** Start tags left out because they opened past MAX_NESTING; 0 when the markup is unchanged. */
  dropped: number;
}

// htmlparser2's tables (Parser.js), which decide when an element closes without its end tag.
const VOID = new Set(
  "area base basefont br col command embed frame hr img input isindex keygen link meta param source track wbr".split(
    " ",
  ),
);
const P = new Set(["p"]);
const FORM = new Set(["input", "option", "optgroup", "select", "button", "datalist", "textarea"]);
const TABLE_SECTION = new Set(["thead", "tbody"]);
const DD_DT = new Set(["dd", "dt"]);
const RT_RP = new Set(["rt", "rp"]);
const IMPLIES_CLOSE = new Map<string, Set<string>>([
  ["tr", new Set(["tr", "th", "td"])],
  ["th", new Set(["th"])],
  ["td", new Set(["thead", "th", "td"])],
  ["body", new Set(["head", "link", "script"])],
  ["li", new Set(["li"])],
  ["option", new Set(["option"])],
  ["optgroup", new Set(["optgroup", "option"])],
  ["dd", DD_DT],
  ["dt", DD_DT],
  ["rt", RT_RP],
  ["rp", RT_RP],
  ["tbody", TABLE_SECTION],
  ["tfoot", TABLE_SECTION],
  ...["select", "input", "output", "button", "datalist", "textarea"].map(
    (t) => [t, FORM] as [string, Set<string>],
  ),
  ..."p h1 h2 h3 h4 h5 h6 address article aside blockquote details div dl fieldset figcaption figure footer form header hr main nav ol pre section table ul"
    .split(" ")
    .map((t) => [t, P] as [string, Set<string>]),
]);
const FOREIGN = new Set(["math", "svg"]);
const INTEGRATION = new Set([
  "mi",
  "mo",
  "mn",
  "ms",
  "mtext",
  "annotation-xml",
  "foreignobject",
  "desc",
  "title",
]);
/** Elements whose content the tokenizer reads as text up to their end tag (HTML only). */
const RAW_TEXT = new Set(["script", "style", "title", "textarea", "xmp"]);

const GT = 62;
const SLASH = 47;
const BANG = 33;
const QUESTION = 63;
const EQ = 61;
const DQUOTE = 34;
const SQUOTE = 39;
const DASH = 45;
const LBRACKET = 91;
const CDATA_OPEN = "CDATA[";

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 12 || c === 13;
}

function isEndOfName(c: number): boolean {
  return c === SLASH || c === GT || isSpace(c);
}

function isAlpha(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

/** A stack of element names that can also say, in constant time, whether a name is on it. */
class NameStack {
  readonly names: string[] = [];
  readonly #counts = new Map<string, number>();

  get size(): number {
    return this.names.length;
  }

  top(): string | undefined {
    return this.names[this.names.length - 1];
  }

  has(name: string): boolean {
    return (this.#counts.get(name) ?? 0) > 0;
  }

  push(name: string): void {
    this.names.push(name);
    this.#counts.set(name, (this.#counts.get(name) ?? 0) + 1);
  }

  pop(): void {
    const name = this.names.pop();
    if (name !== undefined) this.#counts.set(name, (this.#counts.get(name) ?? 1) - 1);
  }

  /** Pops up to and including the innermost `name`, which must be on the stack. */
  popTo(name: string): void {
    for (let top = this.top(); top !== undefined; top = this.top()) {
      this.pop();
      if (top === name) return;
    }
  }

  clear(): void {
    this.names.length = 0;
    this.#counts.clear();
  }
}

/**
 * Where an open tag's attributes end, by htmlparser2's attribute states: quotes only delimit a
 * value after "=", so `<a "x>` ends at its first ">". Returns the index of the closing ">" (or the
 * end of the text) and whether the tag closed with "/>".
 */
function endOfOpenTag(s: string, from: number): { end: number; selfClosing: boolean } {
  const n = s.length;
  let i = from;
  // 0 before a name, 1 in a name, 2 after a name, 3 before a value, 4 unquoted value, 5 after "/"
  let state = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    switch (state) {
      case 0:
        if (c === GT) return { end: i, selfClosing: false };
        if (c === SLASH) state = 5;
        else if (!isSpace(c)) state = 1;
        break;
      case 1:
        if (c === EQ || isEndOfName(c)) {
          state = 2;
          continue;
        }
        break;
      case 2:
        if (c === EQ) state = 3;
        else if (c === SLASH || c === GT) {
          state = 0;
          continue;
        } else if (!isSpace(c)) state = 1;
        break;
      case 3:
        if (c === DQUOTE || c === SQUOTE) {
          const close = s.indexOf(c === DQUOTE ? '"' : "'", i + 1);
          if (close < 0) return { end: n, selfClosing: false };
          i = close;
          state = 0;
        } else if (!isSpace(c)) {
          state = 4;
          continue;
        }
        break;
      case 4:
        if (isSpace(c) || c === GT) {
          state = 0;
          continue;
        }
        break;
      case 5:
        if (c === GT) return { end: i, selfClosing: true };
        if (!isSpace(c)) {
          state = 0;
          continue;
        }
        break;
    }
    i++;
  }
  return { end: n, selfClosing: false };
}

/** The index of `</name` followed by whitespace or ">", in any case: where a raw-text element ends. */
function endOfRawText(s: string, from: number, name: string): number {
  for (let i = s.indexOf("</", from); i >= 0; i = s.indexOf("</", i + 2)) {
    if (s.slice(i + 2, i + 2 + name.length).toLowerCase() !== name) continue;
    const after = s.charCodeAt(i + 2 + name.length);
    if (after === GT || isSpace(after)) return i;
  }
  return s.length;
}

/**
 * The markup with start tags past MAX_NESTING (and their end tags) removed.
 *
 * `xml` scans as cheerio's `{ xml: true }` parses: case-sensitive names, no implied end tags, no
 * void or raw-text elements, every "/>" self-closing.
 */
export function limitNesting(
  markup: string,
  options: { xml?: boolean; maxDepth?: number } = {},
): LimitedMarkup {
  const xml = options.xml ?? false;
  const maxDepth = options.maxDepth ?? MAX_NESTING;
  const n = markup.length;
  // What the parser will hold open, given the tags kept so far.
  const open = new NameStack();
  // htmlparser2's foreign-content flags (SVG and MathML read "/>" as closing); the last one rules.
  const foreign: boolean[] = [xml];
  // Elements left out, innermost last: their end tags are left out too.
  const dropped = new NameStack();
  const cuts: number[] = [];
  let droppedCount = 0;

  let i = markup.indexOf("<");
  while (i >= 0 && i + 1 < n) {
    const c = markup.charCodeAt(i + 1);
    if (c === BANG) {
      i = skipDeclaration(markup, i);
    } else if (c === QUESTION) {
      i = next(markup, markup.indexOf(">", i + 2));
    } else if (c === SLASH) {
      let start = i + 2;
      while (start < n && isSpace(markup.charCodeAt(start))) start++;
      const first = markup.charCodeAt(start);
      if (start >= n || first === GT) {
        i = next(markup, start);
      } else if (!(xml ? !isEndOfName(first) : isAlpha(first))) {
        // A bogus comment such as "</3>", up to the next ">".
        i = next(markup, markup.indexOf(">", start));
      } else {
        let end = start;
        let upper = false;
        while (end < n) {
          const d = markup.charCodeAt(end);
          if (d === GT || isSpace(d)) break;
          if (d >= 65 && d <= 90) upper = true;
          end++;
        }
        const raw = markup.slice(start, end);
        const name = upper && !xml ? raw.toLowerCase() : raw;
        const gt = markup.indexOf(">", end);
        const tagEnd = gt < 0 ? n : gt + 1;
        // A raw-text element is never left out, and its end tag must stay for the tokenizer to find.
        if (dropped.has(name) && (xml || !RAW_TEXT.has(name))) {
          dropped.popTo(name);
          cuts.push(i, tagEnd);
        } else {
          if (!xml && (FOREIGN.has(name) || INTEGRATION.has(name))) foreign.pop();
          if ((xml || !VOID.has(name)) && open.has(name)) {
            open.popTo(name);
            // Closing an element that is kept closes everything left out inside it.
            if (dropped.size > 0) dropped.clear();
          }
        }
        i = gt < 0 ? -1 : markup.indexOf("<", tagEnd);
      }
    } else if (xml ? !isEndOfName(c) : isAlpha(c)) {
      let end = i + 1;
      let upper = false;
      while (end < n) {
        const d = markup.charCodeAt(end);
        if (isEndOfName(d)) break;
        if (d >= 65 && d <= 90) upper = true;
        end++;
      }
      const raw = markup.slice(i + 1, end);
      const name = upper && !xml ? raw.toLowerCase() : raw;
      const tag = endOfOpenTag(markup, end);
      // A start tag the text ends inside of makes no element at all.
      if (tag.end >= n) break;
      const tagEnd = tag.end + 1;
      const rawText = !xml && !tag.selfClosing && RAW_TEXT.has(name);
      const isVoid = !xml && VOID.has(name);
      if (dropped.size > 0 && !rawText && !isVoid) {
        // Inside a left-out element: left out too, but still tracked so its end tag goes with it.
        const implied = xml ? undefined : IMPLIES_CLOSE.get(name);
        if (implied) while (dropped.size > 0 && implied.has(dropped.top() as string)) dropped.pop();
        if (dropped.size > 0) {
          if (!(tag.selfClosing && xml)) dropped.push(name);
          cuts.push(i, tagEnd);
          droppedCount++;
          i = markup.indexOf("<", tagEnd);
          continue;
        }
      }
      // From here on the tag is parsed as the parser will parse it: first the implied end tags.
      const implied = xml ? undefined : IMPLIES_CLOSE.get(name);
      let closes = 0;
      if (implied) {
        const names = open.names;
        while (closes < names.length && implied.has(names[names.length - 1 - closes] as string)) closes++;
      }
      const foreignAfter = isVoid
        ? (foreign[foreign.length - 1] ?? false)
        : FOREIGN.has(name) || (!INTEGRATION.has(name) && (foreign[foreign.length - 1] ?? false));
      const stays = !isVoid && !(tag.selfClosing && (xml || foreignAfter));
      // A raw-text element holds only text, so keeping it costs one level at most and keeps its
      // content text (leaving its start tag out would turn that text into markup).
      if (stays && !rawText && open.size - closes >= maxDepth) {
        dropped.push(name);
        cuts.push(i, tagEnd);
        droppedCount++;
        i = markup.indexOf("<", tagEnd);
        continue;
      }
      for (let k = 0; k < closes; k++) open.pop();
      if (!isVoid) {
        open.push(name);
        if (!xml) {
          if (FOREIGN.has(name)) foreign.push(true);
          else if (INTEGRATION.has(name)) foreign.push(false);
        }
        if (!stays) open.pop();
      }
      if (rawText) {
        const close = endOfRawText(markup, tagEnd, name);
        i = close < n ? close : -1;
        continue;
      }
      i = markup.indexOf("<", tagEnd);
    } else {
      i = markup.indexOf("<", i + 1);
    }
  }

  if (cuts.length === 0) return { markup, dropped: 0 };
  const parts: string[] = [];
  let from = 0;
  for (let k = 0; k < cuts.length; k += 2) {
    const start = cuts[k] as number;
    parts.push(markup.slice(from, start));
    // Text that ends in "<" or in the middle of "&amp;" would run on into what follows the cut and
    // read differently ("<" + "b>" is a tag); an empty comment keeps them apart. After a tag or a
    // space nothing is pending, which is the usual case.
    const before = markup.charCodeAt(start - 1);
    if (start > 0 && before !== GT && !isSpace(before)) parts.push("<!---->");
    from = cuts[k + 1] as number;
  }
  parts.push(markup.slice(from));
  return { markup: parts.join(""), dropped: droppedCount };
}

/** The next "<" after the construct that ends at `end` (-1 when the text ends first). */
function next(s: string, end: number): number {
  return end < 0 || end >= s.length ? -1 : s.indexOf("<", end + 1);
}

/**
 * Past a comment, CDATA section or declaration that starts at `lt` ("<!"). The tokenizer swallows the
 * character after "<!" (or after "<!-" when no second dash follows) before it looks for the ">", so
 * "<!>" runs on to the next ">".
 */
function skipDeclaration(s: string, lt: number): number {
  if (s.charCodeAt(lt + 2) === LBRACKET) {
    let j = lt + 3;
    while (j < lt + 9 && s.charCodeAt(j) === CDATA_OPEN.charCodeAt(j - lt - 3)) j++;
    if (j === lt + 9) {
      const end = s.indexOf("]]>", lt + 9);
      return end < 0 ? -1 : s.indexOf("<", end + 3);
    }
    return next(s, s.indexOf(">", j));
  }
  if (s.charCodeAt(lt + 2) === DASH) {
    if (s.charCodeAt(lt + 3) === DASH) {
      // "<!-->" and "<!--->" are whole comments: the end may share the opening dashes.
      const end = s.indexOf("-->", lt + 2);
      return end < 0 ? -1 : s.indexOf("<", end + 3);
    }
    return next(s, s.indexOf(">", lt + 4));
  }
  return next(s, s.indexOf(">", lt + 3));
}
