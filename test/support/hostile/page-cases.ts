/**
 * Group 4: article pages, read in the sandbox as the monitor reads them (decodeBody, then
 * extractArticle), and feed-carried HTML (a content:encoded body, read by html-text's htmlToText).
 * The clean outcome is the story's text, or an ArticleParseError that names the page and says why.
 */
import type { SandboxTask } from "./sandbox.ts";

export type PageExpect =
  | { text: RegExp }
  | { error: RegExp[] }
  /** Reading the story and refusing the page are both clean; a crash or a hang is not. */
  | { either: { text: RegExp; error: RegExp[] } };

export interface PageCase {
  name: string;
  task?: Extract<SandboxTask, "page" | "feed-html">;
  body: () => string | Uint8Array;
  contentType?: string;
  expect: PageExpect;
  withinMs: number;
  maxRssMb?: number;
}

const STORY =
  "Peru's health ministry said on Monday that 41 people were killed in the floods in the north of the country. " +
  "Rescue teams were still searching the valley for survivors late in the evening, officials added.";
const KILLED = /41 people were killed/;
const page = (body: string, head = '<meta charset="utf-8"><title>Floods in Peru</title>') =>
  `<!doctype html><html lang="en"><head>${head}</head><body>${body}</body></html>`;
const article = (inner = `<p>${STORY}</p>`) => page(`<article><h1>Floods in Peru</h1>${inner}</article>`);
const NO_TEXT = [/no article text found/];
const DEEP = { text: KILLED, error: [/nest|deep/i] };
const MB = 2 ** 20;

export const PAGE_CASES: PageCase[] = [
  {
    name: "the story under 100,000 nested <div>s, never closed",
    body: () => page(`${"<div>".repeat(100_000)}<p>${STORY}</p>`),
    expect: { either: DEEP },
    withinMs: 2_000,
    maxRssMb: 200,
  },
  {
    name: "the story under 100,000 nested <div>s, closed",
    body: () => page(`${"<div>".repeat(100_000)}<p>${STORY}</p>${"</div>".repeat(100_000)}`),
    expect: { either: DEEP },
    withinMs: 2_000,
    maxRssMb: 200,
  },
  {
    name: "100,000 nested <b>s inside the paragraph",
    body: () => article(`<p>${STORY}${"<b>".repeat(100_000)}more</p>`),
    expect: { either: DEEP },
    withinMs: 2_000,
    maxRssMb: 200,
  },
  {
    name: "10,000 nested tables",
    body: () => article(`<p>${STORY}</p>${"<table><tr><td>".repeat(10_000)}x`),
    expect: { either: DEEP },
    withinMs: 2_000,
    maxRssMb: 200,
  },
  {
    name: "2 MB of prose in one paragraph on one line",
    body: () => article(`<p>${STORY.repeat(Math.ceil((2 * MB) / STORY.length))}</p>`),
    expect: { text: KILLED },
    withinMs: 2_000,
    maxRssMb: 200,
  },
  {
    name: "2 MB of one word, no space",
    body: () => article(`<p>${STORY}</p><p>${"x".repeat(2 * MB)}</p>`),
    expect: { text: KILLED },
    withinMs: 2_000,
    maxRssMb: 200,
  },
  {
    name: "2 MB of paragraphs on one line",
    body: () => article(`<p>${STORY}</p>`.repeat(Math.ceil((2 * MB) / (STORY.length + 7)))),
    expect: { text: KILLED },
    withinMs: 2_000,
    maxRssMb: 200,
  },
  {
    name: "5 MB of short paragraphs",
    body: () => article("<p>Rescue teams searched the valley again.</p>".repeat(110_000)),
    expect: { text: /Rescue teams searched the valley/ },
    withinMs: 3_000,
    maxRssMb: 300,
  },
  {
    name: "invalid UTF-8 between the sentences",
    body: () =>
      Buffer.concat([
        Buffer.from(article(`<p>${STORY}`).split("</p>")[0] ?? ""),
        Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x90, 0x28, 0xbc, 0xff, 0xfe]),
        Buffer.from(` ${STORY}</p></article></body></html>`),
      ]),
    expect: { text: KILLED },
    withinMs: 1_000,
  },
  {
    name: "a page half UTF-8, half Latin-1",
    body: () =>
      Buffer.concat([
        Buffer.from(article(`<p>Bogotá: ${STORY}</p>`)),
        Buffer.from("<p>Café é</p>", "latin1"),
      ]),
    expect: { text: KILLED },
    withinMs: 1_000,
  },
  {
    name: "UTF-8 bytes under a header that says UTF-16",
    body: () => article(),
    contentType: "text/html; charset=utf-16",
    // Markup in UTF-16 is half NUL bytes; with none and no BOM, the label is wrong and sniffing decides.
    expect: { text: KILLED },
    withinMs: 1_000,
  },
  {
    name: "a charset label that does not exist",
    body: () => article(),
    contentType: "text/html; charset=x-klingon",
    expect: { text: KILLED },
    withinMs: 1_000,
  },
  {
    name: "UTF-16LE with a BOM",
    body: () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(article(), "utf16le")]),
    expect: { text: KILLED },
    withinMs: 1_000,
  },
  {
    name: "a page of scripts only",
    body: () => page(`<script>${"var x = 1;".repeat(10_000)}</script><script src="/app.js"></script>`),
    expect: { error: NO_TEXT },
    withinMs: 1_000,
  },
  {
    name: "styles, noscript and an iframe only",
    body: () => page(`<style>p{}</style><noscript>Enable JavaScript</noscript><iframe src="/x"></iframe>`),
    expect: { error: NO_TEXT },
    withinMs: 1_000,
  },
  {
    name: "one <script> never closed, swallowing the story",
    body: () => page(`<script>var a = "<p>${STORY}</p>`),
    expect: { error: NO_TEXT },
    withinMs: 1_000,
  },
  {
    name: "5 MB of comments",
    body: () => page("<!-- a comment that hides nothing -->".repeat(130_000)),
    expect: { error: NO_TEXT },
    withinMs: 2_000,
    maxRssMb: 200,
  },
  {
    name: "50,000 navigation links",
    body: () => page(`<nav>${'<a href="/x">Section</a> '.repeat(50_000)}</nav>`),
    expect: { error: NO_TEXT },
    withinMs: 3_000,
    maxRssMb: 200,
  },
  {
    name: "JSON served as HTML",
    body: () => `{"story": "${STORY}"}`,
    expect: { error: [/not HTML/] },
    withinMs: 1_000,
  },
  {
    name: "a PNG served as HTML",
    body: () =>
      Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(5_000, 7)]),
    expect: { error: [/not HTML|empty/] },
    withinMs: 1_000,
  },
  {
    name: "NUL bytes only",
    body: () => new Uint8Array(10_000),
    expect: { error: [/not HTML|empty/] },
    withinMs: 1_000,
  },
  {
    name: "an element with 50,000 attributes",
    body: () => article(`<p ${Array.from({ length: 50_000 }, (_, i) => `a${i}="v"`).join(" ")}>${STORY}</p>`),
    expect: { text: KILLED },
    withinMs: 1_000,
  },
  {
    name: "a 1 MB attribute value",
    body: () => article(`<p data-x="${"a".repeat(MB)}">${STORY}</p>`),
    expect: { text: KILLED },
    withinMs: 1_000,
  },
  {
    name: "10,000 <time> elements",
    body: () => article(`<p>${STORY}</p>${'<time datetime="2024-03-11">Monday</time>'.repeat(10_000)}`),
    expect: { text: KILLED },
    withinMs: 2_000,
  },
  {
    name: "100,000 <br>s in one paragraph",
    body: () => article(`<p>${STORY}${"<br>".repeat(100_000)}</p>`),
    expect: { text: KILLED },
    withinMs: 2_000,
  },
  {
    name: "2 MB of JSON-LD",
    body: () =>
      page(
        `<article><p>${STORY}</p></article>`,
        `<title>Floods</title><script type="application/ld+json">{"@type":"NewsArticle","articleBody":"${"x".repeat(2 * MB)}"}</script>`,
      ),
    expect: { text: KILLED },
    withinMs: 2_000,
    maxRssMb: 200,
  },
  {
    name: "JSON-LD of 100,000 nested arrays",
    body: () =>
      page(
        `<article><p>${STORY}</p></article>`,
        `<script type="application/ld+json">${"[".repeat(100_000)}</script>`,
      ),
    expect: { text: KILLED },
    withinMs: 1_000,
  },
  {
    name: "a 1 MB <title>",
    body: () => page(`<article><p>${STORY}</p></article>`, `<title>${"Floods ".repeat(150_000)}</title>`),
    expect: { text: KILLED },
    withinMs: 1_000,
  },
  {
    name: "feed HTML: the story under 100,000 nested <div>s",
    task: "feed-html",
    body: () => `${"<div>".repeat(100_000)}<p>${STORY}</p>`,
    expect: { text: KILLED },
    withinMs: 2_000,
    maxRssMb: 200,
  },
  {
    name: "feed HTML: 1 MB of paragraphs",
    task: "feed-html",
    body: () => `<p>${STORY}</p>${"<p>Rescue teams searched the valley again.</p>".repeat(23_000)}`,
    expect: { text: KILLED },
    withinMs: 2_000,
    maxRssMb: 200,
  },
  {
    name: "feed HTML: scripts and styles only",
    task: "feed-html",
    body: () => `<script>alert(1)</script><style>p{}</style><iframe src="javascript:alert(1)"></iframe>`,
    expect: { text: /^$/ },
    withinMs: 1_000,
  },
  {
    name: "feed HTML: tag soup",
    task: "feed-html",
    body: () => `<p>${STORY}<td></tr><li><p></b></i><<>>&&#;&#xZZ;<p`,
    expect: { text: KILLED },
    withinMs: 1_000,
  },
];
