import { createHmac } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import type { IncomingMessage } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { SNSClient } from "@aws-sdk/client-sns";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TallyVersion } from "../../lib/model/tally.ts";
import { AlertDeliveryError } from "../../lib/notify/errors.ts";
import { ConsoleSink, JsonLinesSink, WebhookSink } from "../../lib/notify/sinks.ts";
import { SnsPublisher } from "../../lib/notify/sns.ts";
import { renderAlert } from "../../lib/notify/wording.ts";
import { startServer, type TestServer } from "../support/http-server.ts";
import { type SnsEndpoint, startSnsEndpoint } from "../support/sns-endpoint.ts";

const TOPIC = "arn:aws:sns:us-east-1:000000000000:tollwatch-alerts";
const SECRET = "local-test-secret";

const revision: TallyVersion = {
  key: { watch: "caucasus-2020", party: "Armenia", population: "military", category: "killed" },
  version: 3,
  kind: "revise",
  value: 2718,
  qualifier: "exact",
  claimant: "Armenian Health Ministry",
  statedOn: "2020-12-03",
  observedAt: "2020-12-03T15:00:00.000Z",
  previousValue: 2317,
  evidence: [
    {
      doc: "https://wire.example.net/armenia-toll",
      outlet: "Example Wire",
      quote: "Yerevan's health officials now count 2,718 soldiers dead.",
      observedAt: "2020-12-03T15:00:00.000Z",
    },
  ],
  corroborations: 0,
  alertState: "pending",
};

const opening: TallyVersion = {
  ...revision,
  key: { ...revision.key, category: "missing" },
  version: 1,
  kind: "open",
  value: 100,
  previousValue: null,
};

async function rejection(promise: Promise<unknown>): Promise<AlertDeliveryError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AlertDeliveryError);
  return err as AlertDeliveryError;
}

describe("SnsPublisher against a local SNS endpoint", () => {
  let sns: SnsEndpoint;
  let client: SNSClient;
  let once: SNSClient;

  beforeAll(async () => {
    sns = await startSnsEndpoint();
    const config = {
      endpoint: sns.url,
      region: "us-east-1",
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
    };
    client = new SNSClient(config);
    once = new SNSClient({ ...config, maxAttempts: 1 });
  });
  afterAll(async () => {
    client.destroy();
    once.destroy();
    await sns.close();
  });

  it("publishes one message per protocol with the subject and filterable attributes", async () => {
    const publisher = new SnsPublisher(client, TOPIC);
    const words = renderAlert(revision, "Caucasus war 2020");

    const messageId = await publisher.publish(revision, "Caucasus war 2020");

    const sent = sns.publishes.at(-1);
    expect(sent?.messageId).toBe(messageId);
    expect(sent?.topicArn).toBe(TOPIC);
    expect(sent?.messageStructure).toBe("json");
    expect(sent?.subject).toBe("Armenia military deaths revised: 2,317 → 2,718 (+401)");
    expect(sent?.bodies).toEqual({ default: words.email, email: words.email, sms: words.sms });
    expect(sent?.bodies.sms).toContain("2,317 -> 2,718");
    expect(sent?.attributes).toEqual({
      party: { dataType: "String", value: "Armenia" },
      population: { dataType: "String", value: "military" },
      category: { dataType: "String", value: "killed" },
      kind: { dataType: "String", value: "revise" },
    });
  });

  it("publishes an opening through the AlertSink interface", async () => {
    const before = sns.publishes.length;

    await new SnsPublisher(client, TOPIC).deliver(opening);

    expect(sns.publishes.length).toBe(before + 1);
    expect(sns.publishes.at(-1)?.subject).toBe("Armenia military missing: first official figure 100");
    expect(sns.publishes.at(-1)?.attributes.kind?.value).toBe("open");
  });

  it.each<["internal" | "throttling", boolean]>([
    ["internal", true],
    ["throttling", true],
  ])("turns a %s failure into a retryable AlertDeliveryError", async (failure, retryable) => {
    sns.failNext(1, failure);
    const before = sns.publishes.length;

    const err = await rejection(new SnsPublisher(once, TOPIC).publish(revision));

    expect(err.sink).toBe("sns");
    expect(err.retryable).toBe(retryable);
    expect(err.message).toContain(TOPIC);
    expect(err.message).toMatch(/the alert stays pending$/);
    expect(err.message).not.toContain("\n");
    expect(err.cause).toBeDefined();
    expect(sns.publishes.length).toBe(before);
  });

  it.each<["not-found" | "auth", RegExp]>([
    ["not-found", /NotFound.*check the topic ARN and region/],
    ["auth", /AuthorizationError.*allow sns:Publish/],
  ])("says what to fix after %s, and does not call it retryable", async (failure, hint) => {
    sns.failNext(1, failure);

    const err = await rejection(new SnsPublisher(once, TOPIC).publish(revision));

    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(hint);
  });

  it("lets the SDK's own retries ride out one throttled request", async () => {
    sns.failNext(1, "throttling");
    const before = sns.requests;

    const messageId = await new SnsPublisher(client, TOPIC).publish(revision);

    expect(messageId).toBe(sns.publishes.at(-1)?.messageId);
    expect(sns.requests - before).toBe(2);
  });

  it("reports an unreachable endpoint as retryable", async () => {
    const dead = new SNSClient({
      endpoint: "http://127.0.0.1:9",
      region: "us-east-1",
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
      maxAttempts: 1,
    });

    const err = await rejection(new SnsPublisher(dead, TOPIC).publish(revision));

    expect(err.retryable).toBe(true);
    dead.destroy();
  });
});

describe("WebhookSink against a local server", () => {
  let server: TestServer;
  const received: Array<{ body: string; headers: IncomingMessage["headers"] }> = [];
  const readBody = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  };

  beforeAll(async () => {
    server = await startServer({
      "/hook": async (req, res) => {
        received.push({ body: await readBody(req), headers: req.headers });
        res.writeHead(204).end();
      },
      "/fails": (_req, res) => void res.writeHead(503).end("down"),
      "/refuses": (_req, res) => void res.writeHead(401).end(),
      "/moves": (_req, res) => void res.writeHead(302, { location: "file:///etc/passwd" }).end(),
      "/moves-here": (_req, res) => void res.writeHead(307, { location: "/hook" }).end(),
      "/slow": () => {
        // Never answers: the timeout must end it.
      },
    });
  });
  afterAll(() => server.close());

  it("POSTs the alert as JSON, signed with HMAC-SHA256 of the raw body", async () => {
    const sink = new WebhookSink({ url: `${server.url}/hook?token=abc`, secret: SECRET });

    await sink.deliver(revision, "Caucasus war 2020");

    const hit = received.at(-1);
    expect(hit).toBeDefined();
    if (!hit) return;
    const expected = `sha256=${createHmac("sha256", SECRET).update(hit.body).digest("hex")}`;
    expect(hit.headers["x-tollwatch-signature"]).toBe(expected);
    expect(hit.headers["content-type"]).toMatch(/^application\/json/);
    expect(hit.headers["x-tollwatch-alert"]).toBe("caucasus-2020/Armenia/military/killed/v3");
    const payload = JSON.parse(hit.body);
    expect(payload).toMatchObject({
      type: "tollwatch.alert",
      subject: "Armenia military deaths revised: 2,317 → 2,718 (+401)",
      watchTitle: "Caucasus war 2020",
      version: { value: 2718, previousValue: 2317 },
    });
  });

  it("signs differently under another secret, so a receiver can tell", async () => {
    await new WebhookSink({ url: `${server.url}/hook`, secret: "other" }).deliver(revision);

    const hit = received.at(-1);
    const forged = `sha256=${createHmac("sha256", SECRET)
      .update(hit?.body ?? "")
      .digest("hex")}`;
    expect(hit?.headers["x-tollwatch-signature"]).not.toBe(forged);
  });

  it.each<[string, number, boolean, RegExp]>([
    ["/fails", 503, true, /HTTP 503: it failed on its side/],
    ["/refuses", 401, false, /HTTP 401: .*same secret/],
    ["/moves", 302, false, /HTTP 302: it redirects, which is not followed/],
    ["/moves-here", 307, false, /HTTP 307/],
  ])("fails on %s with status %i, following no redirect", async (path, status, retryable, message) => {
    const before = received.length;

    const err = await rejection(
      new WebhookSink({ url: `${server.url}${path}`, secret: SECRET }).deliver(revision),
    );

    expect(err.status).toBe(status);
    expect(err.retryable).toBe(retryable);
    expect(err.message).toMatch(message);
    expect(received.length).toBe(before);
  });

  it("gives up on a receiver that never answers", async () => {
    const sink = new WebhookSink({ url: `${server.url}/slow`, secret: SECRET, timeoutMs: 200 });
    const started = Date.now();

    const err = await rejection(sink.deliver(revision));

    expect(err.retryable).toBe(true);
    expect(err.message).toMatch(/could not be reached/);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("keeps a query-string token out of the error message", async () => {
    const err = await rejection(
      new WebhookSink({ url: `${server.url}/fails?token=s3cret`, secret: SECRET }).deliver(revision),
    );

    expect(err.message).not.toContain("s3cret");
  });

  it.each([
    ["file:///tmp/hook", /only http and https/],
    ["ftp://example.org/hook", /only http and https/],
    ["not a url", /is not a URL/],
  ])("refuses %s when configured", (url, message) => {
    expect(() => new WebhookSink({ url, secret: SECRET })).toThrow(message);
  });

  it("refuses an empty secret", () => {
    expect(() => new WebhookSink({ url: `${server.url}/hook`, secret: "" })).toThrow(/secret is empty/);
  });
});

describe("JsonLinesSink in a temporary folder", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "tollwatch-notify-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("creates the folders and appends one JSON object per alert", async () => {
    const path = join(dir, "nested", "deeper", "alerts.jsonl");
    const sink = new JsonLinesSink(path, () => new Date("2020-12-03T16:00:00.000Z"));

    await sink.deliver(opening);
    await sink.deliver(revision, "Caucasus war 2020");

    const lines = (await readFile(path, "utf8")).split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe("");
    const [first, second] = lines.slice(0, 2).map((line) => JSON.parse(line));
    expect(first).toMatchObject({
      at: "2020-12-03T16:00:00.000Z",
      id: "caucasus-2020/Armenia/military/missing/v1",
    });
    expect(second).toMatchObject({ watchTitle: "Caucasus war 2020", version: { version: 3 } });
    expect(second.sms).toBe(renderAlert(revision, "Caucasus war 2020").sms);
  });

  it("fails with AlertDeliveryError when the path is not writable", async () => {
    const blocker = join(dir, "a-file");
    await writeFile(blocker, "x");

    const err = await rejection(new JsonLinesSink(join(blocker, "alerts.jsonl")).deliver(revision));

    expect(err.sink).toBe("jsonl");
    expect(err.message).toMatch(/check that the folder is writable/);
  });
});

describe("ConsoleSink", () => {
  it("prints the subject, underlined, then the details and evidence", async () => {
    let text = "";
    const out = new Writable({
      write(chunk, _encoding, done) {
        text += String(chunk);
        done();
      },
    });

    await new ConsoleSink(out).deliver(revision, "Caucasus war 2020");

    const lines = text.split("\n");
    expect(lines[0]).toBe("Armenia military deaths revised: 2,317 → 2,718 (+401)");
    expect(lines[1]).toMatch(/^=+$/);
    expect(text).toMatch(/Claimant: +Armenian Health Ministry/);
    expect(text).toContain("https://wire.example.net/armenia-toll");
    expect(text).not.toContain("unsubscribe");
  });

  it("turns a failing stream into AlertDeliveryError", async () => {
    const out = new Writable({ write: (_chunk, _encoding, done) => done(new Error("EPIPE")) });
    out.on("error", () => {});

    const err = await rejection(new ConsoleSink(out).deliver(revision));

    expect(err.sink).toBe("console");
  });
});
