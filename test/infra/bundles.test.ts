import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleDirectory, bundleLambdas, type LambdaBundle } from "../../bench/lambda-bundles.ts";
import { parseConfig } from "../../lib/config.ts";
import {
  bundledConfig,
  CONFIG_GLOBAL,
  configDefine,
  HANDLER_NAMES,
  LAMBDA_ESBUILD_OPTIONS,
  lambdaAliases,
} from "../../lib/infra/bundling.ts";
import { FIXTURE_CONFIG } from "./stack-fixture.ts";

const MAX_BUNDLE_BYTES = 1024 * 1024;
const config = parseConfig(
  { ...FIXTURE_CONFIG, sinks: [{ type: "webhook", url: "https://hooks.example/tw", secret: "s3cret" }] },
  "fixture.json",
);

describe("Lambda bundles, built with the stack's esbuild options", () => {
  let dir: string;
  let bundles: LambdaBundle[];
  beforeAll(async () => {
    dir = await bundleDirectory();
    bundles = await bundleLambdas(config, dir);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("bundles every handler into at most 1 MB", () => {
    expect(bundles.map((b) => b.handler)).toEqual([...HANDLER_NAMES]);
    for (const bundle of bundles) {
      expect(bundle.bytes, `${bundle.handler}: ${bundle.bytes} bytes`).toBeLessThanOrEqual(MAX_BUNDLE_BYTES);
      expect(bundle.bytes).toBeGreaterThan(0);
    }
  });

  it("hands a handler the config through its bundle, without the sinks and their secrets", async () => {
    const entry = join(dir, "reads-config.ts");
    const out = join(dir, "reads-config.mjs");
    await writeFile(
      entry,
      `declare const ${CONFIG_GLOBAL}: unknown;\nexport const config = ${CONFIG_GLOBAL};\n`,
    );
    await build({
      ...LAMBDA_ESBUILD_OPTIONS,
      entryPoints: [entry],
      outfile: out,
      define: configDefine(config),
    });
    const loaded = (await import(pathToFileURL(out).href)) as { config: Record<string, unknown> };
    expect(loaded.config).toEqual(JSON.parse(JSON.stringify(bundledConfig(config))));
    expect(loaded.config.watches).toEqual([expect.objectContaining({ id: "karabakh-2020" })]);
    expect(Object.keys(loaded.config)).not.toContain("sinks");
    expect(JSON.stringify(loaded.config)).not.toContain("s3cret");
  });
});

describe("the slim world-countries copy the bundles use", () => {
  it("gives the same gazetteer as the full package", async () => {
    const dir = await bundleDirectory();
    try {
      const entry = join(dir, "gazetteer.ts");
      const out = join(dir, "gazetteer.mjs");
      const source = join(import.meta.dirname, "../../lib/extract/party-data.ts");
      await writeFile(entry, `export { BASE_ENTRIES } from ${JSON.stringify(source)};\n`);
      await build({ ...LAMBDA_ESBUILD_OPTIONS, entryPoints: [entry], outfile: out, alias: lambdaAliases() });
      const slim = (await import(pathToFileURL(out).href)) as { BASE_ENTRIES: unknown[] };
      const { BASE_ENTRIES } = await import("../../lib/extract/party-data.ts");
      expect(slim.BASE_ENTRIES.length).toBeGreaterThan(500);
      expect(slim.BASE_ENTRIES).toEqual(JSON.parse(JSON.stringify(BASE_ENTRIES)));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("the slim undici the bundles use", () => {
  it("fetches as the package does: gzip, a redirect, a 304 and a refused private link", async () => {
    const { gzipSync } = await import("node:zlib");
    const { startServer } = await import("../support/http-server.ts");
    const server = await startServer({
      "/old": (_req, res) => void res.writeHead(301, { location: "/feed" }).end(),
      "/feed": (req, res) => {
        if (req.headers["if-none-match"] === '"v1"') return void res.writeHead(304, { etag: '"v1"' }).end();
        res.writeHead(200, {
          "content-type": "application/rss+xml",
          "content-encoding": "gzip",
          etag: '"v1"',
        });
        res.end(gzipSync("<rss><channel><title>t</title></channel></rss>"));
      },
    });
    const dir = await bundleDirectory();
    try {
      const entry = join(dir, "fetcher.ts");
      const out = join(dir, "fetcher.mjs");
      const source = join(import.meta.dirname, "../../lib/ingest/http.ts");
      await writeFile(entry, `export { HttpClient } from ${JSON.stringify(source)};\n`);
      const result = await build({
        ...LAMBDA_ESBUILD_OPTIONS,
        entryPoints: [entry],
        outfile: out,
        alias: lambdaAliases(),
        metafile: true,
      });
      // The whole package is ~530 KB minified; Agent and request with what they need, ~300 KB.
      const output = Object.values(result.metafile.outputs).find((o) => o.entryPoint !== undefined);
      const undiciBytes = Object.entries(output?.inputs ?? {})
        .filter(([file]) => file.includes("node_modules/undici/"))
        .reduce((sum, [, input]) => sum + input.bytesInOutput, 0);
      expect(undiciBytes).toBeGreaterThan(100_000);
      expect(undiciBytes).toBeLessThan(350_000);
      expect(
        Object.keys(output?.inputs ?? {}).some((file) => file.includes("undici/lib/web/fetch/index.js")),
      ).toBe(false);

      const { HttpClient } = (await import(
        pathToFileURL(out).href
      )) as typeof import("../../lib/ingest/http.ts");
      const http = new HttpClient({
        perHostDelayMs: 0,
        retry: { retries: 0, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 },
      });
      try {
        const first = await http.fetch({ url: `${server.url}/old`, purpose: "feed" });
        expect(first.status).toBe("ok");
        if (first.status !== "ok") return;
        expect(first.url).toBe(`${server.url}/feed`);
        expect(new TextDecoder().decode(first.bytes)).toContain("<title>t</title>");
        const second = await http.fetch({ url: `${server.url}/feed`, purpose: "feed", etag: first.etag });
        expect(second.status).toBe("not-modified");
        await expect(http.fetch({ url: `${server.url}/feed`, purpose: "article" })).rejects.toThrow(
          /not a public address|private|loopback/i,
        );
      } finally {
        await http.close();
      }
    } finally {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
