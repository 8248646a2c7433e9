import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeBody } from "../../lib/ingest/charset.ts";
import { HttpClient } from "../../lib/ingest/http.ts";
import type { CharsetSource } from "../../lib/model/ingest.ts";
import { startServer, type TestServer } from "../support/http-server.ts";

// Bodies are built from known code points so the expectations do not depend on the decoder under test.
const latin1 = (text: string) => Buffer.from(text, "latin1");
const concat = (...parts: Array<Uint8Array | string>) =>
  Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "latin1") : p)));

// KOI8-R lays Cyrillic out by Latin sound, not alphabet: 0xC0..0xDF are these lower-case letters,
// 0xE0..0xFF the same letters upper-case.
const KOI8_LETTERS = "юабцдефгхийклмнопярстужвьызшэщчъ";
function koi8r(text: string): Buffer {
  return Buffer.from(
    Array.from(text, (c) => {
      if (c.charCodeAt(0) < 0x80) return c.charCodeAt(0);
      const lower = KOI8_LETTERS.indexOf(c);
      if (lower >= 0) return 0xc0 + lower;
      const upper = KOI8_LETTERS.indexOf(c.toLowerCase());
      if (upper >= 0) return 0xe0 + upper;
      throw new Error(`not in the test's KOI8-R subset: ${c}`);
    }),
  );
}

/** windows-1251 puts А..я (U+0410..U+044F) at 0xC0..0xFF. */
const cp1251 = (text: string) =>
  Buffer.from(Array.from(text, (c) => (c.charCodeAt(0) < 0x80 ? c.charCodeAt(0) : c.charCodeAt(0) - 0x350)));

const RU =
  "Число погибших в результате землетрясения возросло до сорока одного человека, сообщили власти региона в среду вечером.";
const FR = "Le bilan du séisme s'élève désormais à quarante et un morts, selon les autorités régionales.";
const POLISH = "powódź na Śląsku";
const item = (title: Uint8Array | string) =>
  concat("<rss><channel><item><title>", title, "</title></item></channel></rss>");
const itemText = (title: string) => `<rss><channel><item><title>${title}</title></item></channel></rss>`;

interface Case {
  name: string;
  contentType: string;
  body: Uint8Array;
  text: string;
  encoding: string;
  source: CharsetSource;
}

const cases: Case[] = [
  {
    name: "ISO-8859-1 in the header (decoded as windows-1252)",
    contentType: "application/rss+xml; charset=ISO-8859-1",
    body: item(latin1(FR)),
    text: itemText(FR),
    encoding: "windows-1252",
    source: "header",
  },
  {
    name: "ISO-8859-1 with no declaration at all",
    contentType: "text/xml",
    body: item(latin1(FR)),
    text: itemText(FR),
    encoding: "windows-1252",
    source: "sniffed",
  },
  {
    name: "ISO-8859-2 in the XML declaration",
    contentType: "application/rss+xml",
    body: concat('<?xml version="1.0" encoding="iso-8859-2"?>', item("pow\xf3d\xbc na \xa6l\xb1sku")),
    text: `<?xml version="1.0" encoding="iso-8859-2"?>${itemText(POLISH)}`,
    encoding: "iso-8859-2",
    source: "xml-declaration",
  },
  {
    name: "ISO-8859-7 in the header",
    contentType: "text/xml; charset=iso-8859-7",
    body: item(Buffer.from([0xc5, 0xeb, 0xeb, 0xdc, 0xe4, 0xe1])),
    text: itemText("Ελλάδα"),
    encoding: "iso-8859-7",
    source: "header",
  },
  {
    name: "windows-1250 in the header",
    contentType: "application/xml; charset=windows-1250",
    body: item("pow\xf3d\x9f na \x8cl\xb9sku"),
    text: itemText(POLISH),
    encoding: "windows-1250",
    source: "header",
  },
  {
    name: "windows-1251 in an HTML <meta>",
    contentType: "text/html",
    body: concat('<html><head><meta charset="windows-1251"><title>', cp1251(RU), "</title></head></html>"),
    text: `<html><head><meta charset="windows-1251"><title>${RU}</title></head></html>`,
    encoding: "windows-1251",
    source: "html-meta",
  },
  {
    name: "windows-1252 smart quotes in the header",
    contentType: "text/xml; charset=windows-1252",
    body: item("\x93Toll\x94 rises \x96 officials don\x92t say \x80"),
    text: itemText("\u201cToll\u201d rises \u2013 officials don\u2019t say \u20ac"),
    encoding: "windows-1252",
    source: "header",
  },
  {
    name: "KOI8-R in the header",
    contentType: "application/rss+xml; charset=koi8-r",
    body: item(koi8r("Землетрясение")),
    text: itemText("Землетрясение"),
    encoding: "koi8-r",
    source: "header",
  },
  {
    name: "KOI8-R with no declaration at all",
    contentType: "application/rss+xml",
    body: item(koi8r(RU)),
    text: itemText(RU),
    encoding: "koi8-r",
    source: "sniffed",
  },
  {
    name: "GB2312 in the header (decoded by the gbk superset)",
    contentType: "text/xml; charset=gb2312",
    body: item(Buffer.from([0xd6, 0xd0, 0xb9, 0xfa, 0xb5, 0xd8, 0xd5, 0xf0])),
    text: itemText("中国地震"),
    encoding: "gbk",
    source: "header",
  },
  {
    name: "UTF-16LE with a BOM",
    contentType: "application/xml",
    body: concat(Buffer.from([0xff, 0xfe]), Buffer.from(itemText("Σεισμός"), "utf16le")),
    text: itemText("Σεισμός"),
    encoding: "utf-16le",
    source: "bom",
  },
  {
    name: "UTF-16BE with a BOM",
    contentType: "application/xml",
    body: concat(Buffer.from([0xfe, 0xff]), Buffer.from(itemText("地震"), "utf16le").swap16()),
    text: itemText("地震"),
    encoding: "utf-16be",
    source: "bom",
  },
  {
    name: "UTF-16LE without a BOM, found by its XML declaration",
    contentType: "application/xml",
    body: Buffer.from(`<?xml version="1.0" encoding="UTF-16"?>${itemText("Σεισμός")}`, "utf16le"),
    text: `<?xml version="1.0" encoding="UTF-16"?>${itemText("Σεισμός")}`,
    encoding: "utf-16le",
    source: "xml-declaration",
  },
  {
    name: "a wrong header charset contradicted by a BOM",
    contentType: "text/xml; charset=iso-8859-1",
    body: concat(Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(itemText("Séisme à Nîmes"), "utf8")),
    text: itemText("Séisme à Nîmes"),
    encoding: "utf-8",
    source: "bom",
  },
];

let server: TestServer;
const client = new HttpClient({ perHostDelayMs: 0 });

beforeAll(async () => {
  server = await startServer(
    Object.fromEntries(
      cases.map((c, i) => [
        `/feed-${i}`,
        (_req, res) => void res.writeHead(200, { "content-type": c.contentType }).end(c.body),
      ]),
    ),
  );
});
afterAll(async () => {
  await client.close();
  await server.close();
});

describe("decodeBody over real HTTP responses", () => {
  it.each(cases.map((c, i) => ({ ...c, path: `/feed-${i}` })))(
    "$name",
    async ({ path, contentType, body, text, encoding, source }) => {
      const result = await client.fetch({ url: `${server.url}${path}`, purpose: "feed" });
      expect(result.status).toBe("ok");
      if (result.status !== "ok") return;
      expect(result.contentType).toBe(contentType);
      expect(Buffer.from(result.bytes).equals(body)).toBe(true);
      expect(decodeBody(result.bytes, { contentType: result.contentType })).toEqual({
        text,
        encoding,
        source,
      });
    },
  );
});
