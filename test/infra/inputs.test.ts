import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../lib/config.ts";
import { PROJECT_ROOT } from "../../lib/infra/bundling.ts";
import { ContextError } from "../../lib/infra/context.ts";
import { buildStack, FIXTURE_CONFIG, withConfigFile } from "./stack-fixture.ts";

const run = promisify(execFile);
const BAD_WATCH = { watches: [{ id: "Bad Id", title: "A watch", phrases: ["Karabakh"] }] };

describe("bad context fails before any construct is built, naming the key and the fix", () => {
  it.each([
    [
      { scheduleRateMinutes: "abc" },
      /^context scheduleRateMinutes: "abc" is not a whole number from 1 to 1440 .*-c scheduleRateMinutes=15/,
    ],
    [{ scheduleRateMinutes: 0 }, /^context scheduleRateMinutes: 0 is not a whole number from 1 to 1440/],
    [{ scheduleRateMinutes: "1441" }, /^context scheduleRateMinutes: 1441 is not/],
    [{ sweepRateMinutes: "2.5" }, /^context sweepRateMinutes: "2.5" is not a whole number/],
    [{ pollerReservedConcurrency: 1 }, /^context pollerReservedConcurrency: 1 .*at least 2/],
    [
      { alertPhones: "12345" },
      /^context alertPhones\[0\]: "12345" is not an E\.164 phone number: .*\+37491234567/,
    ],
    [{ alertPhones: "+37491234567, 091234567" }, /^context alertPhones\[1\]: "091234567" is not an E\.164/],
    [
      { alertEmails: "desk.example.org" },
      /^context alertEmails\[0\]: "desk.example.org" is not an e-mail address/,
    ],
    [{ opsEmail: "ops" }, /^context opsEmail: "ops" is not an e-mail address/],
    [
      { alertFilters: "{party: Armenia}" },
      /^context alertFilters: must be a JSON object of endpoint -> filter policy/,
    ],
    [
      { alertEmails: "a@example.org", alertFilters: { "b@example.org": { party: ["Armenia"] } } },
      /^context alertFilters\["b@example.org"\]: no such subscriber/,
    ],
    [
      { alertEmails: "a@example.org", alertFilters: { "a@example.org": { colour: ["red"] } } },
      /^context alertFilters\["a@example.org"\]: unknown attribute "colour": alerts carry only party, population, category, kind/,
    ],
    [
      { alertEmails: "a@example.org", alertFilters: { "a@example.org": { category: ["dead"] } } },
      /^context alertFilters\["a@example.org"\]\.category\[0\]: must be one of killed, wounded, missing, captured/,
    ],
    [
      { alertEmails: "a@example.org", alertFilters: { "a@example.org": { party: ["Narnia"] } } },
      /^context alertFilters\["a@example.org"\]\.party\[0\]: "Narnia" is not a known country/,
    ],
  ])("%j", async (context, message) => {
    const error = await buildStack(context).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ContextError);
    expect((error as Error).message).toMatch(message);
  });

  it("names the missing config file and how to point to another", async () => {
    const error = await buildStack({ config: join(tmpdir(), "no-such-tollwatch.json") }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ContextError);
    expect((error as Error).message).toMatch(
      /^context config: .*no-such-tollwatch\.json does not exist: .*-c config=/,
    );
  });
});

describe("a bad config file fails the synth with the CLI's own message", () => {
  it("rejects a watch id with a space with the ConfigError loadConfig gives the CLI", async () => {
    await withConfigFile(BAD_WATCH, async (path) => {
      const cliMessage = await loadConfig(path).then(
        () => "no error",
        (err: Error) => err.message,
      );
      expect(cliMessage).toMatch(/watches\[0\]\.id: must use only a-z, 0-9 and "-"/);
      const error = await buildStack({ config: path }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toBe(cliMessage);
    });
  });
});

describe("bin/app.ts", () => {
  // How the cdk CLI hands context to the app; bundling is switched off to keep the run short.
  const synthApp = async (context: Record<string, unknown>) => {
    const outdir = await mkdtemp(join(tmpdir(), "tollwatch-cdk-out-"));
    try {
      const result = await run(process.execPath, ["--import", "tsx", join(PROJECT_ROOT, "bin", "app.ts")], {
        cwd: PROJECT_ROOT,
        env: {
          ...process.env,
          CDK_OUTDIR: outdir,
          CDK_CONTEXT_JSON: JSON.stringify({ "aws:cdk:bundling-stacks": [], ...context }),
        },
      }).then(
        ({ stderr }) => ({ code: 0, stderr }),
        (err: { code: number; stderr: string }) => ({ code: err.code, stderr: err.stderr }),
      );
      return { ...result, template: existsSync(join(outdir, "TollWatch.template.json")) };
    } finally {
      await rm(outdir, { recursive: true, force: true });
    }
  };

  it("prints the CLI's config message alone and exits with code 2", async () => {
    await withConfigFile(BAD_WATCH, async (path) => {
      const expected = await loadConfig(path).catch((err: Error) => err.message);
      const result = await synthApp({ config: path });
      expect(result).toEqual({ code: 2, stderr: `${expected}\n`, template: false });
    });
  });

  it("prints a bad context key's message and exits with code 2", async () => {
    const result = await withConfigFile(FIXTURE_CONFIG, (path) =>
      synthApp({ config: path, alertPhones: "12345" }),
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^context alertPhones\[0\]: "12345" is not an E\.164 phone number/);
  });

  it("synthesizes the template with the cdk-nag checks registered", async () => {
    const result = await withConfigFile(FIXTURE_CONFIG, (path) => synthApp({ config: path }));
    expect(result).toMatchObject({ code: 0, template: true });
    expect(result.stderr).not.toMatch(/AwsSolutions/);
  });
});
