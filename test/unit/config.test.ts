import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, configJsonSchema, fieldPath, loadConfig, parseConfig } from "../../lib/config.ts";
import { DEFAULT_POLICY } from "../../lib/notify/policy.ts";

const FILE = "/etc/tollwatch/config.json";
const NO_ENV = {};

const watch = (overrides: Record<string, unknown> = {}) => ({
  id: "vell-2021",
  title: "Fighting on the Vell river",
  phrases: ["Vell river"],
  ...overrides,
});

function problem(raw: unknown, env: Record<string, string> = NO_ENV): string {
  try {
    parseConfig(raw, FILE, env);
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  throw new Error("expected a ConfigError");
}

describe("parseConfig", () => {
  it("gives the defaults for an empty file: no watch, every alert, the console", () => {
    // Act
    const config = parseConfig({}, FILE, NO_ENV);

    // Assess
    expect(config).toEqual({
      feeds: [],
      watches: [],
      aliases: {},
      alerts: DEFAULT_POLICY,
      sinks: [{ type: "console" }],
      source: FILE,
    });
  });

  it("reads a complete config, canonicalising country names and anchoring file paths", () => {
    // Prepare
    const raw = {
      watches: [
        watch({ from: "2021-03-01", to: "2021-06-30" }),
        { id: "coast-floods", title: "Coastal floods", phrases: ["flood", "storm surge"] },
      ],
      aliases: { Artsakh: "Armenia", "the Porte": "Türkiye" },
      alerts: {
        onOpen: false,
        minAbsoluteDelta: 5,
        minRelativeDelta: 0.02,
        parties: ["Türkiye"],
        categories: ["killed"],
      },
      sinks: [
        { type: "console" },
        { type: "jsonl", path: "out/alerts.jsonl" },
        { type: "webhook", url: "https://hooks.example/tw", secret: "file-secret" },
        { type: "sns", topicArn: "arn:aws:sns:eu-west-1:123456789012:toll-alerts", region: "eu-west-1" },
      ],
    };

    // Act
    const config = parseConfig(raw, FILE, NO_ENV);

    // Assess
    expect(config.watches[0]).toEqual(watch({ from: "2021-03-01", to: "2021-06-30" }));
    expect(config.aliases).toEqual({ Artsakh: "Armenia", "the Porte": "Turkey" });
    expect(config.alerts).toEqual({
      onOpen: false,
      minAbsoluteDelta: 5,
      minRelativeDelta: 0.02,
      parties: ["Turkey"],
      categories: ["killed"],
      disputed: DEFAULT_POLICY.disputed,
    });
    expect(config.sinks).toEqual([
      { type: "console" },
      { type: "jsonl", path: "/etc/tollwatch/out/alerts.jsonl" },
      { type: "webhook", url: "https://hooks.example/tw", secret: "file-secret" },
      { type: "sns", topicArn: "arn:aws:sns:eu-west-1:123456789012:toll-alerts", region: "eu-west-1" },
    ]);
  });

  it.each([
    [
      "the environment over the file",
      "file-secret",
      { TOLLWATCH_WEBHOOK_SECRET: "env-secret" },
      "env-secret",
    ],
    ["the environment alone", undefined, { TOLLWATCH_WEBHOOK_SECRET: "env-secret" }, "env-secret"],
    [
      "the file when the environment is blank",
      "file-secret",
      { TOLLWATCH_WEBHOOK_SECRET: "  " },
      "file-secret",
    ],
  ])("takes the webhook secret from %s", (_what, secret, env, expected) => {
    // Act
    const config = parseConfig(
      { sinks: [{ type: "webhook", url: "https://hooks.example/tw", secret }] },
      FILE,
      env,
    );

    // Assess
    expect(config.sinks[0]).toMatchObject({ type: "webhook", secret: expected });
  });

  it.each<[string, unknown, string]>([
    [
      "a watch id with capitals",
      { watches: [watch({ id: "Vell 2021" })] },
      "watches[0].id: must use only a-z",
    ],
    ["a watch with no title", { watches: [watch({ title: " " })] }, "watches[0].title: must not be empty"],
    [
      "a watch with no phrase",
      { watches: [watch({ phrases: [] })] },
      "watches[0].phrases: must name at least one",
    ],
    [
      "an empty phrase",
      { watches: [watch({ phrases: ["Vell", ""] })] },
      "watches[0].phrases[1]: must not be empty",
    ],
    ["phrases as a string", { watches: [watch({ phrases: "Vell" })] }, "watches[0].phrases: must be a list"],
    [
      "a date in another format",
      { watches: [watch({ from: "01/03/2021" })] },
      'watches[0].from: must be a real date as "YYYY-MM-DD"',
    ],
    [
      "a date that does not exist",
      { watches: [watch({ to: "2021-02-30" })] },
      "watches[0].to: must be a real date",
    ],
    [
      "a window that ends before it starts",
      { watches: [watch(), watch({ id: "later", from: "2022-09-20", to: "2022-09-12" })] },
      'watches[1].from: 2022-09-20 is after "to" (2022-09-12): swap the two dates',
    ],
    [
      "two watches with one id",
      { watches: [watch(), watch()] },
      'watches[1].id: "vell-2021" is used by an earlier watch',
    ],
    ["watches as an object", { watches: watch() }, "watches: must be a list of watches"],
    [
      "an alias to an unknown country",
      { aliases: { Artsakh: "Narnia" } },
      'aliases.Artsakh: "Narnia" is not a known country',
    ],
    ["an alias with an empty phrase", { aliases: { "": "Armenia" } }, 'aliases[""]: must not be empty'],
    ["aliases as a list", { aliases: ["Artsakh=Armenia"] }, "aliases: must map phrases to countries"],
    ["onOpen as a word", { alerts: { onOpen: "yes" } }, "alerts.onOpen: must be true or false"],
    [
      "a negative absolute delta",
      { alerts: { minAbsoluteDelta: -3 } },
      "alerts.minAbsoluteDelta: must be 0 or more",
    ],
    [
      "a fractional absolute delta",
      { alerts: { minAbsoluteDelta: 2.5 } },
      "alerts.minAbsoluteDelta: must be a whole number",
    ],
    [
      "a relative delta as text",
      { alerts: { minRelativeDelta: "5%" } },
      "alerts.minRelativeDelta: must be a number",
    ],
    [
      "an unknown party",
      { alerts: { parties: ["Atlantis"] } },
      'alerts.parties[0]: "Atlantis" is not a known country',
    ],
    [
      "an unknown category",
      { alerts: { categories: ["dead"] } },
      "alerts.categories[0]: must be one of killed, wounded",
    ],
    [
      "a sink of no known type",
      { sinks: [{ type: "pager" }] },
      'sinks[0].type: must have a "type" of "console"',
    ],
    ["a jsonl sink with no path", { sinks: [{ type: "jsonl" }] }, "sinks[0].path: must be a file path"],
    [
      "a webhook to a non-web URL",
      { sinks: [{ type: "webhook", url: "ftp://x.example", secret: "s" }] },
      "sinks[0].url: must be an http(s) URL",
    ],
    [
      "a webhook without a secret",
      { sinks: [{ type: "webhook", url: "https://x.example" }] },
      "sinks[0].secret: missing: set",
    ],
    [
      "an SNS sink with a queue ARN",
      { sinks: [{ type: "sns", topicArn: "arn:aws:sqs:eu-west-1:123456789012:q" }] },
      "sinks[0].topicArn: must be an SNS topic ARN",
    ],
  ])("refuses %s, naming the file, the field and the fix", (_what, raw, expected) => {
    // Act
    const message = problem(raw);

    // Assess
    expect(message.startsWith(`${FILE}: `)).toBe(true);
    expect(message).toContain(expected);
    expect(message).not.toContain("\n");
  });

  it.each<[string, unknown, string]>([
    [
      "at the top level",
      { watch: [] },
      '(top level): unknown key "watch": remove it or fix its spelling (known keys: $schema, feeds, watches',
    ],
    ["in a watch", { watches: [watch({ phrase: ["x"] })] }, 'watches[0]: unknown key "phrase"'],
    ["in the alerts", { alerts: { onOpened: true } }, 'alerts: unknown key "onOpened"'],
    ["in a sink", { sinks: [{ type: "console", colour: true }] }, 'sinks[0]: unknown key "colour"'],
  ])("refuses an unknown key %s, naming it", (_what, raw, expected) => {
    // Act / Assess
    expect(problem(raw)).toContain(expected);
  });

  it("counts the further problems after the first", () => {
    // Act / Assess
    expect(problem({ watches: [watch({ id: "X" })], alerts: { onOpen: 1, disputed: 2 } })).toMatch(
      /watches\[0\]\.id: .* \(and 2 more problems\)$/,
    );
  });
});

describe("fieldPath", () => {
  it.each<[PropertyKey[], string]>([
    [[], "(top level)"],
    [["watches", 1, "from"], "watches[1].from"],
    [["aliases", "Artsakh"], "aliases.Artsakh"],
    [["aliases", "the Porte"], 'aliases["the Porte"]'],
  ])("writes %j as %s", (path, expected) => {
    expect(fieldPath(path)).toBe(expected);
  });
});

describe("loadConfig", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "tollwatch-config-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("gives the defaults without a file", async () => {
    // Act
    const config = await loadConfig(null, NO_ENV);

    // Assess
    expect(config).toMatchObject({ watches: [], alerts: DEFAULT_POLICY, source: null });
  });

  it("reads and validates a JSON file", async () => {
    // Prepare
    const path = join(dir, "ok.json");
    await writeFile(path, JSON.stringify({ watches: [watch()] }));

    // Act
    const config = await loadConfig(path, NO_ENV);

    // Assess
    expect(config.watches.map((w) => w.id)).toEqual(["vell-2021"]);
    expect(config.source).toBe(path);
  });

  it.each([
    ["a missing file", null, /missing\.json: cannot be read \(ENOENT\): check the path given to --config$/],
    ["malformed JSON", "{ watches: [] }", /bad\.json: not valid JSON \(.*\): fix the syntax/],
    ["a list at the top", "[]", /bad\.json: \(top level\): must be a JSON object/],
    [
      "an invalid field",
      '{"alerts": {"parties": ["Narnia"]}}',
      /bad\.json: alerts\.parties\[0\]: "Narnia" is not a known country/,
    ],
  ])("refuses %s with a ConfigError", async (_what, content, expected) => {
    // Prepare
    const path = join(dir, content === null ? "missing.json" : "bad.json");
    if (content !== null) await writeFile(path, content);

    // Act
    const loading = loadConfig(path, NO_ENV);

    // Assess
    await expect(loading).rejects.toThrow(ConfigError);
    await expect(loading).rejects.toThrow(expected);
  });
});

describe("the feeds section", () => {
  const FEEDS_FILE = "/srv/tollwatch.config.json";

  it("reads feeds with names, intervals and keywords, and gives each its defaults", () => {
    const config = parseConfig(
      {
        feeds: [
          {
            url: "https://news.example.org/world/rss.xml",
            name: "Example World",
            every: "1h30m",
            keywords: ["killed"],
          },
          { url: "https://wire.example.net/feed" },
        ],
      },
      FEEDS_FILE,
      {},
    );
    expect(config.feeds).toEqual([
      {
        url: "https://news.example.org/world/rss.xml",
        name: "Example World",
        every: 5_400_000,
        keywords: ["killed"],
      },
      { url: "https://wire.example.net/feed" },
    ]);
  });

  it.each([
    [{ url: "file:///etc/passwd" }, "feeds[0].url: must be an http(s) URL"],
    [{ url: "https://user:pw@news.example.org/rss" }, "feeds[0].url: must not carry a user name or password"],
    [
      { url: "https://news.example.org/rss", every: "30s" },
      'feeds[0].every: "30s" is not a duration of at least 1m',
    ],
    [{ url: "https://news.example.org/rss", every: "often" }, 'feeds[0].every: "often" is not a duration'],
    [{ url: "https://news.example.org/rss", keywords: [""] }, "feeds[0].keywords[0]: must not be empty"],
    [{ url: "https://news.example.org/rss", interval: "1h" }, 'feeds[0]: unknown key "interval"'],
    [{ name: "No URL" }, "feeds[0].url: must be an http(s) URL in quotes"],
  ])("refuses %j naming the field", (feed, message) => {
    expect(() => parseConfig({ feeds: [feed] }, FEEDS_FILE, {})).toThrow(message);
  });

  it("refuses the same feed listed twice", () => {
    const feed = { url: "https://news.example.org/rss" };
    expect(() => parseConfig({ feeds: [feed, feed] }, FEEDS_FILE, {})).toThrow(
      'feeds[1].url: "https://news.example.org/rss" is listed twice: remove one',
    );
  });

  it("accepts the $schema key editors use, and leaves it out of the config", () => {
    const config = parseConfig({ $schema: "./tollwatch.config.schema.json" }, FEEDS_FILE, {});
    expect(config).not.toHaveProperty("$schema");
  });
});

describe("the committed config files", () => {
  const root = join(import.meta.dirname, "../..");

  it("tollwatch.config.schema.json is the schema generated from the code (run npm run schema)", async () => {
    const committed = JSON.parse(await readFile(join(root, "tollwatch.config.schema.json"), "utf8"));
    expect(committed).toEqual(configJsonSchema());
  });

  it("the default tollwatch.config.json is valid and lists real feeds", async () => {
    const config = await loadConfig(join(root, "tollwatch.config.json"), {});
    expect(config.feeds.length).toBeGreaterThanOrEqual(5);
    for (const feed of config.feeds) expect(feed.url).toMatch(/^https:\/\//);
  });
});
