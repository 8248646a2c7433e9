import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VERSION } from "../../lib/version.ts";
import { cli } from "../support/cli.ts";
import { startServer, type TestServer } from "../support/http-server.ts";

const ROOT = join(import.meta.dirname, "../..");
const EXAMPLE_FEED = join(ROOT, "examples/caucasus-wire.xml");
const EXAMPLE_PAGE = join(ROOT, "examples/azerbaijan-toll.html");

const PAGE = `<!doctype html><html lang="en"><head><title>Flood toll rises | Valley Post</title>
<meta property="og:site_name" content="Valley Post"></head><body><nav><a href="/">Home</a></nav>
<article><h1>Flood toll rises to 41</h1><p>Rescue teams recovered more bodies on Tuesday, and the regional
governor said the number of people killed by the floods had risen to 41, with 12 still unaccounted for.</p>
<p>Officials warned that the count could rise further as water receded from villages along the river,
where several hundred homes were damaged.</p></article></body></html>`;

let server: TestServer;

beforeAll(async () => {
  server = await startServer({
    "/feed.xml": (_req, res) =>
      void res.writeHead(200, { "content-type": "application/rss+xml; charset=windows-1252" }).end(
        // 0x96 is the en dash in windows-1252 and a control character in ISO-8859-1.
        Buffer.concat([
          Buffer.from(
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Valley Post</title><item><title>Flood toll ',
          ),
          Buffer.from([0x96]),
          Buffer.from(" 41 dead</title><link>/flood</link></item></channel></rss>"),
        ]),
      ),
    "/flood": (_req, res) =>
      void res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(PAGE),
    "/image.png": (_req, res) => void res.writeHead(200, { "content-type": "image/png" }).end("PNG"),
    "/gone": (_req, res) => void res.writeHead(410).end(),
  });
});

afterAll(() => server.close());

describe("tollwatch CLI", () => {
  it("prints help and version with exit code 0", async () => {
    const help = await cli("--help");
    expect(help.code).toBe(0);
    expect(help.out).toContain("Usage: tollwatch");
    expect(help.out).toMatch(/feed .*<url\|file>/);
    expect(help.out).toContain("Exit codes: 0 ok, 1 failure");

    const version = await cli("--version");
    expect(version).toMatchObject({ code: 0, out: `${VERSION}\n` });
  });

  it.each([
    [["--no-such-option"], /unknown option/],
    [["feed"], /missing required argument/],
    [["frobnicate"], /unknown command/],
  ])("exits 2 on a usage error: %j", async (argv, message) => {
    const result = await cli(...argv);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
  });

  it("prints a feed file as a table", async () => {
    const { code, out } = await cli("feed", EXAMPLE_FEED);
    expect(code).toBe(0);
    expect(out).toContain("Caucasus Wire (example) - rss2.0, 3 items");
    expect(out).toMatch(/2020-12-03 14:05\s+Baku releases first military toll: 2,783 soldiers killed/);
  });

  it("prints one JSON object per item with --json", async () => {
    const { code, out } = await cli("--json", "feed", EXAMPLE_FEED);
    expect(code).toBe(0);
    const items = out
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(items).toHaveLength(3);
    expect(items[2]).toMatchObject({
      id: "cw-2021-01-18-azerbaijan",
      url: "https://wire.example.org/2021/01/18/azerbaijan-revision",
      published: "2021-01-18T08:40:00.000Z",
    });
  });

  it("fetches a feed over HTTP, decodes its charset and resolves relative links", async () => {
    const { code, out } = await cli("--json", "feed", `${server.url}/feed.xml`);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ title: "Flood toll \u2013 41 dead", url: `${server.url}/flood` });
  });

  it("prints an article's metadata and main text, without the page's clutter", async () => {
    const { code, out } = await cli("article", EXAMPLE_PAGE);
    expect(code).toBe(0);
    expect(out).toContain("Title:     Azerbaijan revises military toll to 2,855");
    expect(out).toContain("2,855 of its servicemen were killed");
    expect(out).not.toContain("Ferry disaster");
    expect(out).not.toContain("[ad_1]");
    expect(out).not.toContain("Share on social media");
  });

  it("fetches an article over HTTP and prints JSON", async () => {
    const { code, out } = await cli("--json", "article", `${server.url}/flood`);
    expect(code).toBe(0);
    const article = JSON.parse(out);
    expect(article).toMatchObject({ url: `${server.url}/flood`, siteName: "Valley Post" });
    expect(article.text).toContain("had risen to 41");
  });

  it.each([
    [["feed", "no/such/file.xml"], /^error: no\/such\/file\.xml: no such file/],
    [["feed", EXAMPLE_PAGE], /^error: .*not a feed/i],
    [["article", "examples"], /^error: examples: is a directory/],
    [
      ["feed", "http://127.0.0.1:1/feed.xml"],
      /^error: http:\/\/127\.0\.0\.1:1\/feed\.xml: connection refused/,
    ],
  ])("fails with one line and exit code 1: %j", async (argv, message) => {
    const { code, err } = await cli(...argv);
    expect(code).toBe(1);
    expect(err).toMatch(message);
    expect(err.trim().split("\n")).toHaveLength(1);
  });

  it("names the URL and the problem when the server answers badly", async () => {
    const gone = await cli("feed", `${server.url}/gone`);
    expect(gone.code).toBe(1);
    expect(gone.err).toContain(`${server.url}/gone: HTTP 410`);
    const image = await cli("article", `${server.url}/image.png`);
    expect(image.code).toBe(1);
    expect(image.err).toContain("image/png, not an HTML page");
  });

  it("runs from npm without a build step", async () => {
    const { stdout } = await promisify(execFile)("npm", ["run", "--silent", "tollwatch", "--", "--version"], {
      cwd: ROOT,
    });
    expect(stdout.trim()).toBe(VERSION);
  });

  it("stops quietly when the reader closes the pipe early", async () => {
    // Enough output to outlast the pipe buffer, so the write after `head` exits really fails with EPIPE.
    const files = Array.from({ length: 200 }, () => EXAMPLE_PAGE).join(" ");
    const script = `npm run --silent tollwatch -- extract --jsonl ${files} | head -n 1`;
    const { stdout, stderr } = await promisify(execFile)("bash", ["-o", "pipefail", "-c", script], {
      cwd: ROOT,
    });
    expect(JSON.parse(stdout)).toMatchObject({ value: 2855 });
    expect(stderr).toBe("");
  });
});
