/**
 * `tollwatch watch` as a real process under real signals: the first SIGINT lets the cycle in flight
 * finish (its articles are recorded and alerted), a second one exits at once.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../support/http-server.ts";

const ROOT = join(import.meta.dirname, "../..");
const FEED = `<?xml version="1.0"?><rss version="2.0"><channel><title>Slow Wire</title>
<item><title>Armenia revises toll</title><guid>slow-1</guid><pubDate>Wed, 18 Nov 2020 10:00:00 GMT</pubDate>
<description>Armenia's health ministry said on Wednesday that 2,425 Armenian soldiers had been killed in the fighting over Nagorno-Karabakh.</description></item>
</channel></rss>`;

let dir: string;
let server: TestServer;
let requested: () => void;
let firstRequest: Promise<void>;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "tollwatch-signals-"));
  firstRequest = new Promise((resolve) => {
    requested = resolve;
  });
  server = await startServer({
    "/rss": async (_req, res) => {
      requested();
      await new Promise((resolve) => setTimeout(resolve, 1500));
      res.writeHead(200, { "content-type": "application/rss+xml" }).end(FEED);
    },
  });
  await writeFile(
    join(dir, "config.json"),
    JSON.stringify({ feeds: [{ url: `${server.url}/rss`, name: "Slow Wire" }] }),
  );
});

afterEach(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

function watch(): { child: ChildProcess; done: Promise<{ code: number | null; out: string; err: string }> } {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      join(ROOT, "bin/tollwatch.ts"),
      "watch",
      "--every",
      "1h",
      "--config",
      join(dir, "config.json"),
      "--data",
      join(dir, "data"),
    ],
    // From the project folder, so that `--import tsx` resolves.
    { cwd: ROOT, env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" } },
  );
  let out = "";
  let err = "";
  child.stdout?.on("data", (chunk) => {
    out += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    err += chunk;
  });
  const done = new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    child.on("exit", (code) => {
      // A child that dies before asking for the feed must fail the test, not hang it.
      requested();
      resolve({ code, out, err });
    });
  });
  return { child, done };
}

describe("tollwatch watch under signals", () => {
  it("finishes the cycle in flight on the first SIGINT, delivers its alert and exits 0", async () => {
    const { child, done } = watch();
    await firstRequest;
    child.kill("SIGINT");
    const result = await done;
    expect(result.err).toContain("stopping after the cycle in flight");
    expect(result.out).toContain("Armenia military deaths: first official figure 2,425");
    expect(result.out).toMatch(/cycle 1: 1 feeds \(1 ok, 0 failed\)/);
    expect(result.code).toBe(0);
  }, 30_000);

  it("exits at once with code 130 on a second signal", async () => {
    const { child, done } = watch();
    await firstRequest;
    child.kill("SIGINT");
    await new Promise((resolve) => setTimeout(resolve, 100));
    child.kill("SIGTERM");
    const result = await done;
    expect(result.err).toContain("second signal: exiting now");
    expect(result.out).not.toContain("first official figure");
    expect(result.code).toBe(130);
  }, 30_000);
});
