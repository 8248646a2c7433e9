import { describe, expect, it } from "vitest";
import { charsetFromContentType, decodeBody } from "../../lib/ingest/charset.ts";
import type { CharsetSource } from "../../lib/model/ingest.ts";

// Byte builders from known code points, so the expected bytes do not come from the decoder under test.
const latin1 = (text: string) => Buffer.from(text, "latin1");
const utf8 = (text: string) => Buffer.from(text, "utf8");
const concat = (...parts: Array<Uint8Array | string>) =>
  new Uint8Array(Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "latin1") : p))));
const utf16le = (text: string) => Buffer.from(text, "utf16le");
const utf16be = (text: string) => Buffer.from(text, "utf16le").swap16();

/** windows-1251 puts А..я (U+0410..U+044F) at 0xC0..0xFF; ASCII is ASCII. */
function cp1251(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => {
    const code = c.charCodeAt(0);
    if (code < 0x80) return code;
    if (code >= 0x410 && code <= 0x44f) return code - 0x410 + 0xc0;
    throw new Error(`not in the test's cp1251 subset: ${c}`);
  });
}

/** ISO-8859-7 puts the Greek letters U+0386..U+03CE at 0xB6..0xFE. */
function iso88597(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => {
    const code = c.charCodeAt(0);
    if (code < 0x80) return code;
    if (code >= 0x386 && code <= 0x3ce) return code - 0x2d0;
    throw new Error(`not in the test's iso-8859-7 subset: ${c}`);
  });
}

// KOI8-R "Привет": П F0, р D2, и C9, в D7, е C5, т D4.
const KOI8_PRIVET = Uint8Array.of(0xf0, 0xd2, 0xc9, 0xd7, 0xc5, 0xd4);
// KOI8-R "Число погибших в результате землетрясения возросло до сорока одного человека, сообщили власти
// региона в среду вечером." (lower case а..я map to 0xC1..0xDE in KOI8's phonetic order).
const KOI8_SENTENCE_TEXT =
  "Число погибших в результате землетрясения возросло до сорока одного человека, сообщили власти региона в среду вечером.";
const KOI8_SENTENCE = Uint8Array.of(
  0xfe,
  0xc9,
  0xd3,
  0xcc,
  0xcf,
  0x20,
  0xd0,
  0xcf,
  0xc7,
  0xc9,
  0xc2,
  0xdb,
  0xc9,
  0xc8,
  0x20,
  0xd7,
  0x20,
  0xd2,
  0xc5,
  0xda,
  0xd5,
  0xcc,
  0xd8,
  0xd4,
  0xc1,
  0xd4,
  0xc5,
  0x20,
  0xda,
  0xc5,
  0xcd,
  0xcc,
  0xc5,
  0xd4,
  0xd2,
  0xd1,
  0xd3,
  0xc5,
  0xce,
  0xc9,
  0xd1,
  0x20,
  0xd7,
  0xcf,
  0xda,
  0xd2,
  0xcf,
  0xd3,
  0xcc,
  0xcf,
  0x20,
  0xc4,
  0xcf,
  0x20,
  0xd3,
  0xcf,
  0xd2,
  0xcf,
  0xcb,
  0xc1,
  0x20,
  0xcf,
  0xc4,
  0xce,
  0xcf,
  0xc7,
  0xcf,
  0x20,
  0xde,
  0xc5,
  0xcc,
  0xcf,
  0xd7,
  0xc5,
  0xcb,
  0xc1,
  0x2c,
  0x20,
  0xd3,
  0xcf,
  0xcf,
  0xc2,
  0xdd,
  0xc9,
  0xcc,
  0xc9,
  0x20,
  0xd7,
  0xcc,
  0xc1,
  0xd3,
  0xd4,
  0xc9,
  0x20,
  0xd2,
  0xc5,
  0xc7,
  0xc9,
  0xcf,
  0xce,
  0xc1,
  0x20,
  0xd7,
  0x20,
  0xd3,
  0xd2,
  0xc5,
  0xc4,
  0xd5,
  0x20,
  0xd7,
  0xc5,
  0xde,
  0xc5,
  0xd2,
  0xcf,
  0xcd,
  0x2e,
);
// GB2312 "中国": 中 D6D0, 国 B9FA.
const GB_ZHONGGUO = Uint8Array.of(0xd6, 0xd0, 0xb9, 0xfa);

const RU = "Число погибших выросло до сорока одного, сообщили власти региона в среду вечером.";
const GR = "Ο αριθμός των νεκρών από τον σεισμό αυξήθηκε σε σαράντα ένα.";
const PL = "Liczba ofiar wzros\u0142a do 41 os\u00f3b"; // "wzrosła", "osób"
const PL_LATIN2 = latin1("Liczba ofiar wzros\xb3a do 41 os\xf3b"); // ł B3, ó F3 in ISO-8859-2
const FR = "Le bilan du séisme s'élève désormais à quarante et un morts, selon les autorités régionales.";
const rss = (title: string) =>
  `<rss version="2.0"><channel><item><title>${title}</title></item></channel></rss>`;
const xmlDecl = (encoding: string) => `<?xml version="1.0" encoding="${encoding}"?>`;

interface Case {
  name: string;
  bytes: Uint8Array;
  contentType?: string | null;
  text: string;
  encoding: string;
  source: CharsetSource;
}

const cases: Case[] = [
  {
    name: "UTF-8 BOM, stripped from the text",
    bytes: concat(Uint8Array.of(0xef, 0xbb, 0xbf), utf8(rss("Café"))),
    text: rss("Café"),
    encoding: "utf-8",
    source: "bom",
  },
  {
    name: "UTF-16LE BOM",
    bytes: concat(Uint8Array.of(0xff, 0xfe), utf16le(rss("Σεισμός"))),
    text: rss("Σεισμός"),
    encoding: "utf-16le",
    source: "bom",
  },
  {
    name: "UTF-16BE BOM",
    bytes: concat(Uint8Array.of(0xfe, 0xff), utf16be(rss("中国"))),
    text: rss("中国"),
    encoding: "utf-16be",
    source: "bom",
  },
  {
    name: "a BOM beats a contradicting header and declaration",
    bytes: concat(Uint8Array.of(0xef, 0xbb, 0xbf), utf8(xmlDecl("iso-8859-2") + rss("Ñandú"))),
    contentType: "text/xml; charset=windows-1251",
    text: xmlDecl("iso-8859-2") + rss("Ñandú"),
    encoding: "utf-8",
    source: "bom",
  },
  {
    name: "UTF-16LE without BOM, seen through its XML declaration",
    bytes: utf16le(xmlDecl("utf-16") + rss("Привет")),
    text: xmlDecl("utf-16") + rss("Привет"),
    encoding: "utf-16le",
    source: "xml-declaration",
  },
  {
    name: "UTF-16BE without BOM, seen through its XML declaration",
    bytes: utf16be(xmlDecl("UTF-16") + rss("Привет")),
    text: xmlDecl("UTF-16") + rss("Привет"),
    encoding: "utf-16be",
    source: "xml-declaration",
  },
  {
    name: "header charset=utf-16 takes its byte order from the bytes",
    bytes: utf16be(xmlDecl("utf-16") + rss("ok")),
    contentType: "application/xml; charset=utf-16",
    text: xmlDecl("utf-16") + rss("ok"),
    encoding: "utf-16be",
    source: "header",
  },
  {
    name: "header charset=utf-16 over 8-bit bytes with no NUL: the label is wrong, sniffing decides",
    bytes: utf8(rss("Bogotá")),
    contentType: "text/html; charset=utf-16",
    text: rss("Bogotá"),
    encoding: "utf-8",
    source: "sniffed",
  },
  {
    name: "header charset=utf-16 over UTF-16 without a declaration keeps the label",
    bytes: utf16le("<p>Привет</p>"),
    contentType: "text/html; charset=utf-16le",
    text: "<p>Привет</p>",
    encoding: "utf-16le",
    source: "header",
  },
  {
    name: "header charset (ISO-8859-2)",
    bytes: concat(rss(""), PL_LATIN2),
    contentType: 'application/rss+xml; charset="ISO-8859-2"',
    text: rss("") + PL,
    encoding: "iso-8859-2",
    source: "header",
  },
  {
    name: "header beats the XML declaration",
    bytes: concat(xmlDecl("iso-8859-1"), "<rss><title>", cp1251(RU), "</title></rss>"),
    contentType: "text/xml;charset=windows-1251",
    text: `${xmlDecl("iso-8859-1")}<rss><title>${RU}</title></rss>`,
    encoding: "windows-1251",
    source: "header",
  },
  {
    name: "XML declaration only (ISO-8859-7)",
    bytes: concat(xmlDecl("iso-8859-7"), "<rss><title>", iso88597(GR), "</title></rss>"),
    text: `${xmlDecl("iso-8859-7")}<rss><title>${GR}</title></rss>`,
    encoding: "iso-8859-7",
    source: "xml-declaration",
  },
  {
    name: "XML declaration with single quotes and leading whitespace (windows-1251)",
    bytes: concat("\n  <?xml version='1.0' encoding='windows-1251' ?>", cp1251(RU)),
    text: `\n  <?xml version='1.0' encoding='windows-1251' ?>${RU}`,
    encoding: "windows-1251",
    source: "xml-declaration",
  },
  {
    name: "ISO-8859-1 declared decodes as windows-1252 (WHATWG)",
    bytes: concat(xmlDecl("ISO-8859-1"), latin1(rss(FR))),
    text: xmlDecl("ISO-8859-1") + rss(FR),
    encoding: "windows-1252",
    source: "xml-declaration",
  },
  {
    name: "windows-1252 smart quotes under an iso-8859-1 label",
    // 0x93 “ 0x94 ” 0x96 – 0x92 ’: C1 controls in ISO-8859-1, punctuation in windows-1252.
    bytes: latin1(rss("\x93Toll\x94 rises \x96 officials don\x92t say")),
    contentType: "text/xml; charset=iso-8859-1",
    text: rss("\u201cToll\u201d rises \u2013 officials don\u2019t say"),
    encoding: "windows-1252",
    source: "header",
  },
  {
    name: "us-ascii label decodes as windows-1252 (WHATWG)",
    bytes: latin1("caf\xe9"),
    contentType: "text/plain; charset=us-ascii",
    text: "café",
    encoding: "windows-1252",
    source: "header",
  },
  {
    name: "GB2312 declared (decoded by the gbk superset)",
    bytes: concat(xmlDecl("gb2312"), "<rss><title>", GB_ZHONGGUO, "</title></rss>"),
    text: `${xmlDecl("gb2312")}<rss><title>中国</title></rss>`,
    encoding: "gbk",
    source: "xml-declaration",
  },
  {
    name: "HTML <meta charset>",
    bytes: concat('<!doctype html><html><head><meta charset="windows-1251"><title>', cp1251(RU), "</title>"),
    text: `<!doctype html><html><head><meta charset="windows-1251"><title>${RU}</title>`,
    encoding: "windows-1251",
    source: "html-meta",
  },
  {
    name: "HTML <meta http-equiv> (KOI8-R)",
    bytes: concat(
      '<html><head><META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=koi8-r"></head><body>',
      KOI8_PRIVET,
    ),
    text: '<html><head><META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=koi8-r"></head><body>Привет',
    encoding: "koi8-r",
    source: "html-meta",
  },
  {
    name: "a commented-out <meta> does not count",
    bytes: concat('<html><!-- <meta charset="koi8-r"> --><meta charset="iso-8859-2"><p>', PL_LATIN2),
    text: `<html><!-- <meta charset="koi8-r"> --><meta charset="iso-8859-2"><p>${PL}`,
    encoding: "iso-8859-2",
    source: "html-meta",
  },
  {
    name: "sniffed KOI8-R, no declaration anywhere",
    bytes: concat("<rss><channel><item><title>", KOI8_SENTENCE, "</title></item></channel></rss>"),
    contentType: "application/rss+xml",
    text: `<rss><channel><item><title>${KOI8_SENTENCE_TEXT}</title></item></channel></rss>`,
    encoding: "koi8-r",
    source: "sniffed",
  },
  {
    name: "sniffed ISO-8859-1 French, no declaration",
    bytes: latin1(rss(FR)),
    text: rss(FR),
    encoding: "windows-1252",
    source: "sniffed",
  },
  {
    name: "sniffed windows-1251, no declaration",
    bytes: concat("<rss><item><title>", cp1251(`${RU} ${RU}`), "</title></item></rss>"),
    text: `<rss><item><title>${RU} ${RU}</title></item></rss>`,
    encoding: "windows-1251",
    source: "sniffed",
  },
  {
    name: "sniffed ISO-8859-7 Greek, no declaration",
    bytes: concat("<p>", iso88597(`${GR} ${GR}`), "</p>"),
    text: `<p>${GR} ${GR}</p>`,
    encoding: "iso-8859-7",
    source: "sniffed",
  },
  {
    name: "valid UTF-8 without declaration is sniffed as UTF-8",
    bytes: utf8(rss("Séisme : 41 morts")),
    text: rss("Séisme : 41 morts"),
    encoding: "utf-8",
    source: "sniffed",
  },
  {
    name: "plain ASCII without declaration",
    bytes: utf8(rss("Flood toll rises to 41")),
    text: rss("Flood toll rises to 41"),
    encoding: "utf-8",
    source: "sniffed",
  },
  {
    name: "unknown header label is ignored in favour of the XML declaration",
    bytes: concat(xmlDecl("iso-8859-2"), PL_LATIN2),
    contentType: "text/xml; charset=x-foo",
    text: xmlDecl("iso-8859-2") + PL,
    encoding: "iso-8859-2",
    source: "xml-declaration",
  },
  {
    name: "unknown labels everywhere fall through to sniffing",
    bytes: utf8(`${xmlDecl("x-foo")}<meta charset="x-bar">${rss("Ωmega")}`),
    contentType: "text/xml; charset=x-foo",
    text: `${xmlDecl("x-foo")}<meta charset="x-bar">${rss("Ωmega")}`,
    encoding: "utf-8",
    source: "sniffed",
  },
  {
    name: "a UTF-16 label in an ASCII-readable declaration means UTF-8",
    bytes: utf8(xmlDecl("utf-16") + rss("Café")),
    text: xmlDecl("utf-16") + rss("Café"),
    encoding: "utf-8",
    source: "xml-declaration",
  },
  {
    name: "declared UTF-8 over windows-1251 bytes: the sniffed encoding wins",
    bytes: concat(xmlDecl("utf-8"), "<rss><title>", cp1251(RU), "</title></rss>"),
    text: `${xmlDecl("utf-8")}<rss><title>${RU}</title></rss>`,
    encoding: "windows-1251",
    source: "sniffed",
  },
  {
    name: "declared UTF-8 with one corrupt byte stays UTF-8",
    bytes: concat(xmlDecl("utf-8"), utf8(rss("Séisme à Nîmes : 41 morts")), Uint8Array.of(0xe9)),
    text: `${xmlDecl("utf-8")}${rss("Séisme à Nîmes : 41 morts")}\ufffd`,
    encoding: "utf-8",
    source: "xml-declaration",
  },
  {
    name: "header UTF-8 is never overruled, bad bytes become U+FFFD",
    bytes: concat("<rss><title>", cp1251("Привет"), "</title></rss>"),
    contentType: "text/xml; charset=utf-8",
    text: `<rss><title>${"\ufffd".repeat(6)}</title></rss>`,
    encoding: "utf-8",
    source: "header",
  },
  {
    name: "nothing to go on: windows-1252 default",
    bytes: Uint8Array.of(0xff),
    text: "ÿ",
    encoding: "windows-1252",
    source: "default",
  },
  { name: "empty input", bytes: new Uint8Array(0), text: "", encoding: "utf-8", source: "default" },
  {
    name: "empty input with a header charset",
    bytes: new Uint8Array(0),
    contentType: "text/xml; charset=koi8-r",
    text: "",
    encoding: "koi8-r",
    source: "header",
  },
];

describe("decodeBody", () => {
  it.each(cases)("$name", ({ bytes, contentType, text, encoding, source }) => {
    expect(decodeBody(bytes, { contentType })).toEqual({ text, encoding, source });
  });

  it("maps windows-1252's 0x80-0x9F block per WHATWG (Node's own TextDecoder gets this wrong)", () => {
    const c1 = Uint8Array.from({ length: 32 }, (_, i) => 0x80 + i);
    const { text } = decodeBody(c1, { contentType: "text/plain; charset=windows-1252" });
    expect(text).toBe("€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ");
  });

  it("works without options and on a Uint8Array view into a larger buffer", () => {
    const backing = concat("JUNK", xmlDecl("koi8-r"), KOI8_PRIVET, "JUNK");
    const view = backing.subarray(4, backing.length - 4);
    expect(decodeBody(view)).toEqual({
      text: `${xmlDecl("koi8-r")}Привет`,
      encoding: "koi8-r",
      source: "xml-declaration",
    });
  });

  it("ignores a declaration that does not open the document", () => {
    const body = utf8(`<rss><title>Café</title>${xmlDecl("koi8-r")}</rss>`);
    expect(decodeBody(body)).toMatchObject({ encoding: "utf-8", source: "sniffed" });
  });

  it("decodes a 5 MB body without running the detector over all of it", () => {
    const item = latin1(`<item><title>S\xe9isme : le bilan passe \xe0 41 morts</title></item>\n`);
    const body = new Uint8Array(
      Buffer.concat(Array.from({ length: Math.ceil((5 << 20) / item.length) }, () => item)),
    );
    const started = performance.now();
    const decoded = decodeBody(body);
    const elapsed = performance.now() - started;
    expect(decoded.encoding).toBe("windows-1252");
    expect(decoded.text.length).toBe(body.length);
    // chardet over 5 MB alone takes about a second; the real figure is a few ms.
    expect(elapsed).toBeLessThan(250);
  });
});

describe("charsetFromContentType", () => {
  it.each([
    ["text/xml; charset=UTF-8", "utf-8"],
    ["text/xml;charset=iso-8859-1", "iso-8859-1"],
    ['application/rss+xml; charset="Windows-1251"', "windows-1251"],
    ["text/html; Charset = koi8-r ; q=1", "koi8-r"],
    ['text/plain; name="a;b"; charset=gb2312', "gb2312"],
    ["text/xml", null],
    ["text/xml; charset=", null],
    ['text/xml; charset=""', null],
    ["", null],
    [null, null],
    [undefined, null],
  ])("%j -> %j", (header, expected) => {
    expect(charsetFromContentType(header)).toBe(expected);
  });
});
