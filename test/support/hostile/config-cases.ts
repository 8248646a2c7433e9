/**
 * Group 6: an invalid value in every field of the config schema (lib/config.ts), each written to a
 * real file and read by loadConfig. The clean outcome is one ConfigError line that names the file,
 * the field as a person writes it ("feeds[0].every"), what is wrong and how to fix it.
 */
export interface ConfigCase {
  name: string;
  /** The file's content: an object is written as JSON, a function's string as is. */
  content: unknown | (() => string);
  /** The field the message must name; null when the problem is the file as a whole. */
  field: string | null;
  env?: Record<string, string>;
  maxRssMb?: number;
  withinMs?: number;
}

const FEED = { url: "https://feeds.example.org/world/rss.xml" };
const WATCH = { id: "vell-2021", title: "Fighting on the Vell river", phrases: ["Vell river"] };
const feed = (over: Record<string, unknown>) => ({ feeds: [{ ...FEED, ...over }] });
const watch = (over: Record<string, unknown>) => ({ watches: [{ ...WATCH, ...over }] });
const without = (key: keyof typeof WATCH) => ({ watches: [{ ...WATCH, [key]: undefined }] });
const alerts = (over: Record<string, unknown>) => ({ alerts: over });
const sink = (value: unknown) => ({ sinks: [value] });
const ARN = "arn:aws:sns:eu-west-1:123456789012:alerts";
const raw = (text: string) => () => text;
const MB = 2 ** 20;

/** About 10 MB: 60,000 valid feeds, then one whose URL is not a URL. */
function tenMegabytesOfFeeds(): string {
  const feeds = Array.from({ length: 60_000 }, (_, i) => ({
    url: `https://feeds.example.org/section-${i}/rss.xml`,
    name: `Section ${i} of a very large outlet with a long name, padded to make the file big`,
    keywords: ["killed", "missing", "wounded"],
  }));
  feeds.push({ url: "feeds.example.org/no-scheme.xml", name: "last", keywords: [] });
  return JSON.stringify({ feeds }, null, 1);
}

export const CONFIG_CASES: ConfigCase[] = [
  // The file as a whole
  { name: "a trailing comma", content: raw('{"feeds": [],}'), field: null },
  { name: "unquoted keys", content: raw("{feeds: []}"), field: null },
  { name: "an empty file", content: raw(""), field: null },
  { name: "a list at the top level", content: raw("[]"), field: "(top level)" },
  { name: "a string at the top level", content: raw('"feeds"'), field: "(top level)" },
  { name: "null at the top level", content: raw("null"), field: "(top level)" },
  { name: "a number at the top level", content: raw("42"), field: "(top level)" },
  { name: "a misspelt top-level key", content: { feed: [] }, field: '"feed"' },
  { name: "$schema that is not a string", content: { $schema: 5 }, field: "$schema" },
  {
    name: "10 MB of feeds, the last one broken",
    content: tenMegabytesOfFeeds,
    field: "feeds[60000].url",
    withinMs: 5_000,
    maxRssMb: 300,
  },
  {
    name: "a 10 MB duration",
    content: feed({ every: "9".repeat(10 * MB) }),
    field: "feeds[0].every",
    maxRssMb: 300,
  },
  {
    name: "10 MB of spaces, then a stray letter",
    content: () => `${" ".repeat(10 * MB)}x`,
    field: null,
    maxRssMb: 300,
  },
  {
    name: "feeds nested 10,000 lists deep",
    content: () => `{"feeds": ${"[".repeat(10_000)}${"]".repeat(10_000)}}`,
    field: "feeds[0]",
  },
  // feeds
  { name: "feeds as an object", content: { feeds: FEED }, field: "feeds" },
  { name: "a feed that is a string", content: { feeds: [FEED.url] }, field: "feeds[0]" },
  { name: "a feed without a url", content: { feeds: [{ name: "x" }] }, field: "feeds[0].url" },
  { name: "a feed url that is a number", content: feed({ url: 42 }), field: "feeds[0].url" },
  { name: "an empty feed url", content: feed({ url: "" }), field: "feeds[0].url" },
  {
    name: "an ftp feed url",
    content: feed({ url: "ftp://feeds.example.org/rss.xml" }),
    field: "feeds[0].url",
  },
  {
    name: "a feed url without a scheme",
    content: feed({ url: "feeds.example.org/rss" }),
    field: "feeds[0].url",
  },
  {
    name: "a feed url with a password",
    content: feed({ url: "https://me:secret@feeds.example.org/rss.xml" }),
    field: "feeds[0].url",
  },
  { name: "the same feed twice", content: { feeds: [FEED, FEED] }, field: "feeds[1].url" },
  { name: "a blank feed name", content: feed({ name: "   " }), field: "feeds[0].name" },
  { name: "a feed name that is a number", content: feed({ name: 7 }), field: "feeds[0].name" },
  { name: "every: fast", content: feed({ every: "fast" }), field: "feeds[0].every" },
  { name: "every: 30s, under a minute", content: feed({ every: "30s" }), field: "feeds[0].every" },
  { name: "every as a number", content: feed({ every: 15 }), field: "feeds[0].every" },
  { name: "every empty", content: feed({ every: "" }), field: "feeds[0].every" },
  { name: "keywords as a string", content: feed({ keywords: "killed" }), field: "feeds[0].keywords" },
  { name: "an empty keyword", content: feed({ keywords: ["killed", ""] }), field: "feeds[0].keywords[1]" },
  { name: "a keyword that is a number", content: feed({ keywords: [5] }), field: "feeds[0].keywords[0]" },
  { name: "an unknown key in a feed", content: feed({ interval: "1h" }), field: "feeds[0]" },
  // watches
  { name: "watches as an object", content: { watches: WATCH }, field: "watches" },
  { name: "a watch without an id", content: without("id"), field: "watches[0].id" },
  {
    name: "a watch id with capitals and a space",
    content: watch({ id: "Vell 2021" }),
    field: "watches[0].id",
  },
  { name: "an empty watch id", content: watch({ id: "" }), field: "watches[0].id" },
  { name: "a watch id that is a number", content: watch({ id: 7 }), field: "watches[0].id" },
  { name: "two watches with one id", content: { watches: [WATCH, WATCH] }, field: "watches[1].id" },
  { name: "a watch without a title", content: without("title"), field: "watches[0].title" },
  { name: "an empty watch title", content: watch({ title: "" }), field: "watches[0].title" },
  { name: "a watch title that is an object", content: watch({ title: {} }), field: "watches[0].title" },
  { name: "a watch without phrases", content: without("phrases"), field: "watches[0].phrases" },
  { name: "an empty list of phrases", content: watch({ phrases: [] }), field: "watches[0].phrases" },
  { name: "phrases as a string", content: watch({ phrases: "Vell river" }), field: "watches[0].phrases" },
  { name: "an empty phrase", content: watch({ phrases: [""] }), field: "watches[0].phrases[0]" },
  { name: "from: 30 February", content: watch({ from: "2020-02-30" }), field: "watches[0].from" },
  { name: "from: yesterday", content: watch({ from: "yesterday" }), field: "watches[0].from" },
  { name: "to with slashes", content: watch({ to: "2020/09/27" }), field: "watches[0].to" },
  { name: "to as a number", content: watch({ to: 2020 }), field: "watches[0].to" },
  {
    name: "from after to",
    content: watch({ from: "2021-01-01", to: "2020-01-01" }),
    field: "watches[0].from",
  },
  { name: "an unknown key in a watch", content: watch({ start: "2020-01-01" }), field: "watches[0]" },
  // aliases
  { name: "aliases as a list", content: { aliases: ["Artsakh"] }, field: "aliases" },
  { name: "an alias with an empty phrase", content: { aliases: { "": "Armenia" } }, field: "aliases" },
  {
    name: "an alias to a country that does not exist",
    content: { aliases: { Artsakh: "Atlantis" } },
    field: "aliases.Artsakh",
  },
  { name: "an alias to a number", content: { aliases: { Artsakh: 5 } }, field: "aliases.Artsakh" },
  // alerts
  { name: "alerts as a string", content: { alerts: "all" }, field: "alerts" },
  { name: "onOpen: yes", content: alerts({ onOpen: "yes" }), field: "alerts.onOpen" },
  {
    name: "a negative minAbsoluteDelta",
    content: alerts({ minAbsoluteDelta: -1 }),
    field: "alerts.minAbsoluteDelta",
  },
  {
    name: "a fractional minAbsoluteDelta",
    content: alerts({ minAbsoluteDelta: 1.5 }),
    field: "alerts.minAbsoluteDelta",
  },
  {
    name: "minAbsoluteDelta in quotes",
    content: alerts({ minAbsoluteDelta: "10" }),
    field: "alerts.minAbsoluteDelta",
  },
  {
    name: "a negative minRelativeDelta",
    content: alerts({ minRelativeDelta: -0.1 }),
    field: "alerts.minRelativeDelta",
  },
  {
    name: "minRelativeDelta as a percentage",
    content: alerts({ minRelativeDelta: "5%" }),
    field: "alerts.minRelativeDelta",
  },
  { name: "parties as a string", content: alerts({ parties: "Armenia" }), field: "alerts.parties" },
  {
    name: "a party that does not exist",
    content: alerts({ parties: ["Atlantis"] }),
    field: "alerts.parties[0]",
  },
  {
    name: "a category that does not exist",
    content: alerts({ categories: ["dead"] }),
    field: "alerts.categories[0]",
  },
  { name: "categories as a string", content: alerts({ categories: "killed" }), field: "alerts.categories" },
  { name: "disputed: 1", content: alerts({ disputed: 1 }), field: "alerts.disputed" },
  { name: "an unknown key in alerts", content: alerts({ quietHours: "22-07" }), field: "alerts" },
  // sinks
  { name: "sinks as an object", content: { sinks: { type: "console" } }, field: "sinks" },
  { name: "a sink type that does not exist", content: sink({ type: "email" }), field: "sinks[0]" },
  { name: "a sink without a type", content: sink({ path: "alerts.jsonl" }), field: "sinks[0]" },
  {
    name: "a console sink with an extra key",
    content: sink({ type: "console", color: true }),
    field: "sinks[0]",
  },
  { name: "a jsonl sink without a path", content: sink({ type: "jsonl" }), field: "sinks[0].path" },
  {
    name: "a jsonl sink with an empty path",
    content: sink({ type: "jsonl", path: " " }),
    field: "sinks[0].path",
  },
  {
    name: "a jsonl path that is a number",
    content: sink({ type: "jsonl", path: 5 }),
    field: "sinks[0].path",
  },
  { name: "a webhook without a url", content: sink({ type: "webhook", secret: "s" }), field: "sinks[0].url" },
  {
    name: "a webhook on ftp",
    content: sink({ type: "webhook", url: "ftp://hooks.example/x", secret: "s" }),
    field: "sinks[0].url",
  },
  {
    name: "a webhook url that is not a URL",
    content: sink({ type: "webhook", url: "hooks", secret: "s" }),
    field: "sinks[0].url",
  },
  {
    name: "a webhook secret that is a number",
    content: sink({ type: "webhook", url: "https://hooks.example/x", secret: 123 }),
    field: "sinks[0].secret",
  },
  {
    name: "a webhook without a secret anywhere",
    content: sink({ type: "webhook", url: "https://hooks.example/x" }),
    field: "sinks[0].secret",
  },
  { name: "an SNS sink without a topic", content: sink({ type: "sns" }), field: "sinks[0].topicArn" },
  {
    name: "an SQS queue given as the SNS topic",
    content: sink({ type: "sns", topicArn: "arn:aws:sqs:eu-west-1:123456789012:alerts" }),
    field: "sinks[0].topicArn",
  },
  {
    name: "an empty SNS region",
    content: sink({ type: "sns", topicArn: ARN, region: "" }),
    field: "sinks[0].region",
  },
  {
    name: "an SNS region that is a number",
    content: sink({ type: "sns", topicArn: ARN, region: 5 }),
    field: "sinks[0].region",
  },
  {
    name: "an unknown key in an SNS sink",
    content: sink({ type: "sns", topicArn: ARN, topic: "x" }),
    field: "sinks[0]",
  },
  {
    name: "a good sink, then a bad one",
    content: { sinks: [{ type: "console" }, { type: "pager" }] },
    field: "sinks[1]",
  },
];
