/**
 * The planner, poller and sweep handlers, called with events shaped as AWS sends them, against real
 * local components: dynalite, a local SNS and SQS, and a local news site. The AWS SDK reaches them
 * through AWS_ENDPOINT_URL_<SERVICE>, as it would any endpoint.
 */
import { createServer } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { handler as planner } from "../../lambdas/planner.ts";
import { handler as poller } from "../../lambdas/poller.ts";
import { resetForTests } from "../../lambdas/runtime.ts";
import { handler as sweep } from "../../lambdas/sweep.ts";
import { parseConfig } from "../../lib/config.ts";
import type { TallyVersion } from "../../lib/model/tally.ts";
import { DynamoStore } from "../../lib/store/dynamo-store.ts";
import { ensureTable } from "../../lib/store/table.ts";
import { type LocalDynamo, startDynalite } from "../support/dynalite.ts";
import { captureOutput, lambdaContext, schedulerEvent, sqsEvent } from "../support/lambda-events.ts";
import { type NewsSite, startNewsSite } from "../support/news-site.ts";
import { type SnsEndpoint, startSnsEndpoint } from "../support/sns-endpoint.ts";
import { type SqsEndpoint, startSqsEndpoint } from "../support/sqs-endpoint.ts";

const TOPIC = "arn:aws:sns:eu-west-1:000000000000:tollwatch-alerts";
const WATCH = { id: "karabakh-2020", title: "Nagorno-Karabakh war 2020", phrases: ["Karabakh"] };

let dynamo: LocalDynamo;
let sns: SnsEndpoint;
let sqs: SqsEndpoint;
let site: NewsSite;
let deadEndpoint: string;
let table = "";
let tables = 0;

/** The config as the stack bakes it into a bundle: parseConfig's output without the sinks. */
function deployed(raw: Record<string, unknown>): string {
  const { feeds, watches, aliases, alerts } = parseConfig(raw, "test config");
  return JSON.stringify({ feeds, watches, aliases, alerts });
}

function environment(overrides: Record<string, string> = {}): void {
  const values: Record<string, string> = {
    AWS_REGION: "eu-west-1",
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
    AWS_CONFIG_FILE: "/nonexistent/tollwatch-test/config",
    AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/tollwatch-test/credentials",
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ENDPOINT_URL_SNS: sns.url,
    AWS_ENDPOINT_URL_SQS: sqs.url,
    TABLE_NAME: table,
    TOPIC_ARN: TOPIC,
    QUEUE_URL: sqs.queueUrl("tollwatch-feeds"),
    SCHEDULE_RATE_MINUTES: "15",
    POWERTOOLS_SERVICE_NAME: "tollwatch",
    POWERTOOLS_METRICS_NAMESPACE: "TollWatch",
    TOLLWATCH_ALLOW_PRIVATE_HOSTS: "127.0.0.1",
    TOLLWATCH_CONFIG: deployed({ feeds: [{ url: site.feedUrl, name: "Steppe Herald" }], watches: [WATCH] }),
    ...overrides,
  };
  for (const [name, value] of Object.entries(values)) vi.stubEnv(name, value);
  resetForTests();
}

/** A loopback port nothing listens on: a store that is down. */
async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

beforeAll(async () => {
  [dynamo, sns, sqs, site] = await Promise.all([
    startDynalite(),
    startSnsEndpoint(),
    startSqsEndpoint(),
    startNewsSite(),
  ]);
  deadEndpoint = await closedPort();
  site.publish({
    slug: "armenia-toll",
    title: "Armenia raises its count of soldiers killed",
    published: "2020-11-14T08:00:00Z",
    paragraphs: [
      "Armenia's health ministry said on Saturday that 2,317 Armenian soldiers had been killed since the fighting over Nagorno-Karabakh began in late September.",
      "Officials said the work of identifying remains went on.",
    ],
  });
});

afterAll(async () => {
  await Promise.all([dynamo?.close(), sns?.close(), sqs?.close(), site?.close()]);
});

beforeEach(async () => {
  table = `tollwatch-${++tables}`;
  await ensureTable(dynamo.client, table);
  sns.publishes.splice(0);
  sqs.reset();
  environment();
});

afterEach(() => {
  vi.unstubAllEnvs();
  resetForTests();
});

const feedUrls = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ url: `https://news${i}.example/feed.xml` }));

describe("planner", () => {
  it("queues one message per due feed, ten to a SendMessageBatch", async () => {
    const feeds = [...feedUrls(12), { url: "https://hourly.example/rss", every: "1h" }];
    environment({ TOLLWATCH_CONFIG: deployed({ feeds }) });

    // 12:30 and 12:15 lie in the same hour: the hourly feed is not due; at 13:05 it is.
    const first = await captureOutput(() =>
      planner(schedulerEvent("2020-11-14T12:30:00Z"), lambdaContext("planner")),
    );
    expect(first.result).toEqual({ due: 12, sent: 12 });
    expect(sqs.requests).toEqual(["SendMessageBatch", "SendMessageBatch"]);
    expect(first.metrics.FeedsQueued).toBe(12);
    const bodies = sqs.messages.map((m) => JSON.parse(m.body));
    expect(bodies[0]).toEqual({
      v: 1,
      feed: {
        id: "https://news0.example/feed.xml",
        url: "https://news0.example/feed.xml",
        name: null,
        everyMs: null,
        keywords: [],
      },
    });
    expect(new Set(sqs.messages.map((m) => m.queueUrl))).toEqual(new Set([sqs.queueUrl("tollwatch-feeds")]));

    const second = await captureOutput(() => planner(schedulerEvent("2020-11-14T13:05:00Z")));
    expect(second.result).toEqual({ due: 13, sent: 13 });
    expect(sqs.messages.at(-1)?.body).toContain("https://hourly.example/rss");
  });

  it("sends again the entries SQS refuses, and fails the run when they stay refused", async () => {
    environment({ TOLLWATCH_CONFIG: deployed({ feeds: feedUrls(3) }) });
    sqs.failEntries((body) => body.includes("news1."), 1);
    const retried = await captureOutput(() => planner({}));
    expect(retried.result).toEqual({ due: 3, sent: 3 });
    expect(sqs.messages.filter((m) => m.body.includes("news1.")).length).toBe(1);
    expect(sqs.requests).toEqual(["SendMessageBatch", "SendMessageBatch"]);

    sqs.failEntries((body) => body.includes("news2."), 10);
    const failed = await captureOutput(() => planner({}));
    expect(String(failed.error)).toMatch(/SQS refused 1 of 3 messages.*news2\.example.*InternalError/);
    expect(failed.logs.some((l) => l.level === "ERROR" && String(l.message).includes("planner"))).toBe(true);

    // A sender fault (the entry itself is bad) is not sent again.
    sqs.failEntries((body) => body.includes("news0."), 10, true);
    const refused = await captureOutput(() => planner({}));
    expect(String(refused.error)).toMatch(
      /\(1 attempt: https:\/\/news0\.example\/feed\.xml: InvalidParameterValue/,
    );
  });

  it("takes any object as its event, and refuses a time it cannot read", async () => {
    environment({ TOLLWATCH_CONFIG: deployed({ feeds: feedUrls(1) }) });
    expect((await captureOutput(() => planner(null))).result).toEqual({ due: 1, sent: 1 });
    expect((await captureOutput(() => planner({ "detail-type": "Scheduled Event" }))).result).toEqual({
      due: 1,
      sent: 1,
    });
    const bad = await captureOutput(() => planner({ time: "yesterday" }));
    expect(String(bad.error)).toContain('time "yesterday" is not an ISO 8601 time');
  });

  it("says which variable is missing", async () => {
    environment({ QUEUE_URL: "" });
    const run = await captureOutput(() => planner({}));
    expect(String(run.error)).toContain("QUEUE_URL is not set");
    environment({ SCHEDULE_RATE_MINUTES: "quarter" });
    expect(String((await captureOutput(() => planner({}))).error)).toContain(
      'SCHEDULE_RATE_MINUTES is "quarter"',
    );
  });
});

const feedMessage = (url: string) =>
  JSON.stringify({ v: 1, feed: { id: url, url, name: null, everyMs: null, keywords: [] } });

describe("poller", () => {
  it("fails only the poison message of a batch, records the others and alerts once", async () => {
    const broken = `${site.server.url}/gone.xml`;
    environment({
      TOLLWATCH_CONFIG: deployed({ feeds: [{ url: site.feedUrl }, { url: broken }], watches: [WATCH] }),
    });
    const event = sqsEvent(feedMessage(site.feedUrl), "{not json", feedMessage(broken));
    const [good, poison, down] = event.Records.map((r) => r.messageId);

    const run = await captureOutput(() => poller(event, lambdaContext("poller")));
    expect(run.result).toEqual({ batchItemFailures: [{ itemIdentifier: poison }] });
    expect(sns.publishes).toHaveLength(1);
    expect(sns.publishes[0]?.attributes.party?.value).toBe("Armenia");
    expect(sns.publishes[0]?.bodies.email).toContain("2,317");
    expect(run.metrics).toMatchObject({ FeedsPolled: 2, FeedFailures: 1, ArticlesRead: 1, AlertsSent: 1 });
    const byMessage = (id: string | undefined) => run.logs.filter((l) => l.correlation_id === id);
    expect(byMessage(poison).map((l) => l.level)).toEqual(["ERROR"]);
    expect(byMessage(poison)[0]?.problem).toContain("not JSON");
    expect(byMessage(good)[0]).toMatchObject({ level: "INFO", message: "feed polled", status: "changed" });
    expect(byMessage(down)[0]).toMatchObject({ level: "WARN", failure: "feed" });
    expect(byMessage(good)[0]?.function_name).toBe("poller");

    // The same feed again: 304, nothing new, no second alert.
    const again = await captureOutput(() => poller(sqsEvent(feedMessage(site.feedUrl))));
    expect(again.result).toEqual({ batchItemFailures: [] });
    expect(again.metrics).toMatchObject({ FeedsPolled: 1, FeedsNotModified: 1, AlertsSent: 0 });
    expect(sns.publishes).toHaveLength(1);
  });

  it("fails messages of the wrong shape and drops feeds no longer configured", async () => {
    const event = sqsEvent(
      JSON.stringify({ v: 2, feed: {} }),
      JSON.stringify({ v: 1, feed: { id: "x" } }),
      feedMessage("https://removed.example/feed.xml"),
    );
    const run = await captureOutput(() => poller(event));
    const ids = event.Records.map((r) => r.messageId);
    expect(run.result?.batchItemFailures.map((f) => f.itemIdentifier)).toEqual([ids[0], ids[1]]);
    expect(run.logs.find((l) => l.correlation_id === ids[0])?.problem).toContain("v: must be 1");
    expect(run.logs.find((l) => l.correlation_id === ids[2])?.message).toContain(
      "no longer in the deployed config",
    );
    expect(run.metrics.FeedsPolled).toBe(0);
  });

  it("hands every message back when the store is down", async () => {
    environment({ AWS_ENDPOINT_URL_DYNAMODB: deadEndpoint });
    const event = sqsEvent(feedMessage(site.feedUrl), feedMessage(site.feedUrl));
    const run = await captureOutput(() => poller(event));
    expect(run.result?.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(
      event.Records.map((r) => r.messageId),
    );
    expect(run.logs.filter((l) => l.level === "ERROR" && l.failure === "store")).toHaveLength(2);
    expect(sns.publishes).toHaveLength(0);
  });

  it("does not start a message with too little time left", async () => {
    const fetched = site.fetches.get("/feed.xml") ?? 0;
    const event = sqsEvent(feedMessage(site.feedUrl));
    const run = await captureOutput(() => poller(event, lambdaContext("poller", 5_000)));
    expect(run.result?.batchItemFailures).toHaveLength(1);
    expect(site.fetches.get("/feed.xml") ?? 0).toBe(fetched);
  });
});

function pendingVersion(party: string, observedAt: Date): TallyVersion {
  const at = observedAt.toISOString();
  return {
    key: { watch: WATCH.id, party, population: "military", category: "killed" },
    version: 1,
    kind: "open",
    value: 120,
    qualifier: "exact",
    claimant: `${party} defence ministry`,
    statedOn: at.slice(0, 10),
    observedAt: at,
    previousValue: null,
    evidence: [
      {
        doc: `https://news.example/${party}`,
        outlet: "Example News",
        quote: "120 soldiers were killed",
        observedAt: at,
      },
    ],
    corroborations: 0,
    alertState: "pending",
  };
}

describe("sweep", () => {
  it("delivers alerts left pending over five minutes ago, and only those", async () => {
    const store = new DynamoStore(dynamo.client, table);
    const old = pendingVersion("Armenia", new Date(Date.now() - 10 * 60_000));
    const fresh = pendingVersion("Azerbaijan", new Date(Date.now() - 60_000));
    await store.commitVersion(old);
    await store.commitVersion(fresh);

    const run = await captureOutput(() => sweep({}, lambdaContext("sweep")));
    expect(run.result).toEqual({ delivered: 1, failed: 0, alreadySent: 0 });
    expect(run.metrics).toMatchObject({ AlertsSent: 1, AlertsFailed: 0 });
    expect(sns.publishes).toHaveLength(1);
    expect(sns.publishes[0]?.attributes.party?.value).toBe("Armenia");
    expect(sns.publishes[0]?.bodies.email).toContain(WATCH.title);
    expect((await store.getVersion(old.key, 1))?.alertState).toBe("sent");
    expect((await store.getVersion(fresh.key, 1))?.alertState).toBe("pending");
  });

  it("keeps alerts pending through an SNS outage and sends them on the next run", async () => {
    const store = new DynamoStore(dynamo.client, table);
    await store.commitVersion(pendingVersion("Armenia", new Date(Date.now() - 10 * 60_000)));
    sns.failNext(3, "internal");
    const down = await captureOutput(() => sweep({}));
    expect(down.result).toMatchObject({ delivered: 0, failed: 1 });
    expect(down.metrics.AlertsFailed).toBe(1);
    expect(down.logs.find((l) => l.level === "WARN")?.errors).toEqual([
      expect.stringContaining("SNS publish"),
    ]);

    const up = await captureOutput(() => sweep({}));
    expect(up.result).toMatchObject({ delivered: 1, failed: 0 });
    expect(sns.publishes).toHaveLength(1);
  });

  it("fails the run when the pending alerts cannot be listed, so the scheduler retries it", async () => {
    environment({ AWS_ENDPOINT_URL_DYNAMODB: deadEndpoint });
    const run = await captureOutput(() => sweep({}));
    expect(run.error).toBeInstanceOf(Error);
    expect(run.logs.some((l) => l.level === "ERROR" && l.message === "the sweep invocation failed")).toBe(
      true,
    );
  });
});
