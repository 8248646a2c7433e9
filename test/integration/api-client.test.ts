/**
 * The CLI's API client against a local stand-in for API Gateway: a node:http server that checks each
 * request's SigV4 signature the way IAM authorization does (refusing a bad one with 403), then hands
 * the request to the real query API handler over dynalite.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { handler } from "../../lambdas/api.ts";
import { resetForTests } from "../../lambdas/runtime.ts";
import { ApiClientError, apiRegion, fetchFromApi, historyFromApi } from "../../lib/cli/api-client.ts";
import type { TallyKey, TallyVersion } from "../../lib/model/tally.ts";
import { DynamoStore } from "../../lib/store/dynamo-store.ts";
import { ensureTable } from "../../lib/store/table.ts";
import { cli } from "../support/cli.ts";
import { type LocalDynamo, startDynalite } from "../support/dynalite.ts";
import { apiEvent } from "../support/lambda-events.ts";

const TABLE = "tollwatch-api-client";
const CREDENTIALS = {
  accessKeyId: "AKIDEXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
};
const ARMENIA: TallyKey = {
  watch: "karabakh-2020",
  party: "Armenia",
  population: "military",
  category: "killed",
};

let dynamo: LocalDynamo;
let server: Server;
let baseUrl: string;
const seen: Array<{ path: string; authorization: string; valid: boolean }> = [];
const load = { now: 0, max: 0 };

/** The signature API Gateway would compute for this request with the known secret. */
async function expectedAuthorization(req: IncomingMessage, url: URL): Promise<string> {
  const authorization = String(req.headers.authorization ?? "");
  const signedNames = /SignedHeaders=([^,]+)/.exec(authorization)?.[1]?.split(";") ?? [];
  const headers = Object.fromEntries(signedNames.map((name) => [name, String(req.headers[name] ?? "")]));
  const amzDate = String(req.headers["x-amz-date"] ?? "");
  const at = amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, "$1-$2-$3T$4:$5:$6Z");
  const verifier = new SignatureV4({
    service: "execute-api",
    region: "eu-west-1",
    credentials: CREDENTIALS,
    sha256: Sha256,
  });
  const signed = await verifier.sign(
    {
      method: req.method ?? "GET",
      protocol: "http:",
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
    },
    { signingDate: new Date(at) },
  );
  return String(signed.headers.authorization);
}

function version(key: TallyKey, n: number, value: number, observedAt: string): TallyVersion {
  return {
    key,
    version: n,
    kind: n === 1 ? "open" : "revise",
    value,
    qualifier: "exact",
    claimant: null,
    statedOn: observedAt.slice(0, 10),
    observedAt,
    previousValue: n === 1 ? null : value - 100,
    evidence: [
      { doc: `https://news.example/${key.party}/${n}`, outlet: null, quote: `${value}`, observedAt },
    ],
    corroborations: 0,
    alertState: "sent",
  };
}

beforeAll(async () => {
  dynamo = await startDynalite();
  await ensureTable(dynamo.client, TABLE);
  const store = new DynamoStore(dynamo.client, TABLE);
  for (let n = 1; n <= 3; n++)
    await store.commitVersion(version(ARMENIA, n, 2_000 + n * 100, `2020-11-0${n}T10:00:00.000Z`));
  // 24 tallies of another party, to page through and to read many at once.
  for (let i = 0; i < 24; i++) {
    await store.commitVersion(
      version({ ...ARMENIA, watch: `w-${i}`, party: "Azerbaijan" }, 1, i + 1, "2020-10-01T00:00:00.000Z"),
    );
  }

  server = createServer(async (req, res) => {
    load.max = Math.max(load.max, ++load.now);
    res.on("close", () => load.now--);
    const url = new URL(req.url ?? "/", `http://${req.headers.host}`);
    if (url.pathname === "/html")
      return void res.writeHead(200, { "content-type": "text/html" }).end("<p>hi</p>");
    const authorization = String(req.headers.authorization ?? "");
    const valid = authorization !== "" && authorization === (await expectedAuthorization(req, url));
    seen.push({ path: `${url.pathname}${url.search}`, authorization, valid });
    if (!valid) {
      res.writeHead(403, { "content-type": "application/json" });
      return void res.end(
        JSON.stringify({
          message: "The request signature we calculated does not match the signature you provided.",
        }),
      );
    }
    const result = await handler(
      apiEvent(req.method ?? "GET", url.pathname, Object.fromEntries(url.searchParams)),
    );
    res.writeHead(result.statusCode ?? 500, { "content-type": "application/json" }).end(result.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await dynamo?.close();
});

beforeEach(() => {
  seen.splice(0);
  const env = {
    AWS_REGION: "eu-west-1",
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
    AWS_CONFIG_FILE: "/nonexistent/tollwatch-test/config",
    AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/tollwatch-test/credentials",
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    TABLE_NAME: TABLE,
    POWERTOOLS_LOG_LEVEL: "SILENT",
  };
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  resetForTests();
});

afterEach(() => {
  vi.unstubAllEnvs();
  resetForTests();
});

describe("fetchFromApi", () => {
  it("signs every request with SigV4 for execute-api and follows the cursor", async () => {
    const options = { credentials: CREDENTIALS };
    const tallies = await fetchFromApi<TallyVersion>(baseUrl, "/tallies", { limit: "10" }, options);
    expect(tallies).toHaveLength(25);
    expect(new Set(tallies.map((t) => t.key.watch)).size).toBe(25);
    expect(seen.map((s) => s.path.replace(/cursor=[\w-]+/, "cursor=C"))).toEqual([
      "/tallies?limit=10",
      "/tallies?cursor=C&limit=10",
      "/tallies?cursor=C&limit=10",
    ]);
    for (const request of seen) {
      expect(request.valid).toBe(true);
      expect(request.authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/execute-api\/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}$/,
      );
    }
  });

  it("takes the credentials from the SDK's default chain", async () => {
    vi.stubEnv("AWS_ACCESS_KEY_ID", CREDENTIALS.accessKeyId);
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", CREDENTIALS.secretAccessKey);
    const items = await fetchFromApi(baseUrl, "/revisions", { since: "2020-11-02" });
    expect(items).toHaveLength(2);
    expect(seen[0]).toMatchObject({ path: "/revisions?limit=500&since=2020-11-02", valid: true });
  });

  it("explains a 403: credentials or the execute-api:Invoke permission", async () => {
    const wrong = { ...CREDENTIALS, secretAccessKey: "not-the-secret" };
    const err = await fetchFromApi(baseUrl, "/tallies", {}, { credentials: wrong }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiClientError);
    expect((err as ApiClientError).status).toBe(403);
    expect((err as Error).message).toMatch(/403: The request signature we calculated.*"execute-api:Invoke"/);
  });

  it("explains missing credentials, an unreachable API and an answer that is not JSON", async () => {
    for (const name of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]) vi.stubEnv(name, undefined);
    vi.stubEnv("AWS_EC2_METADATA_DISABLED", "true");
    await expect(fetchFromApi(baseUrl, "/tallies")).rejects.toThrow(
      /no AWS credentials to sign the request with.*AWS_PROFILE/,
    );

    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const options = { credentials: CREDENTIALS };
    await expect(fetchFromApi(`http://127.0.0.1:${port}`, "/tallies", {}, options)).rejects.toThrow(
      /could not reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\): check the API URL/,
    );
    await expect(fetchFromApi(baseUrl, "/html", {}, options)).rejects.toThrow(/not JSON \(text\/html\)/);
    await expect(fetchFromApi("ftp://example.com", "/tallies", {}, options)).rejects.toThrow(
      /not an http\(s\) URL/,
    );
  });
});

describe("historyFromApi", () => {
  it("reads only the matching tallies' versions, newest first", async () => {
    const versions = await historyFromApi(baseUrl, { party: "armenia" }, { credentials: CREDENTIALS });
    expect(versions.map((v) => v.value)).toEqual([2_300, 2_200, 2_100]);
    // The tallies once, then the one matching tally's versions: not 25 version listings.
    expect(seen.map((s) => s.path.replace(/\/tallies\/[\w-]+\//, "/tallies/ID/"))).toEqual([
      "/tallies?limit=500",
      "/tallies/ID/versions?limit=500",
    ]);
  });

  it("reads many tallies at once, at most four requests in flight", async () => {
    load.max = 0;
    const versions = await historyFromApi(baseUrl, { party: "Azerbaijan" }, { credentials: CREDENTIALS });
    expect(versions).toHaveLength(24);
    expect(seen.filter((s) => s.path.includes("/versions"))).toHaveLength(24);
    expect(load.max).toBeGreaterThan(1);
    expect(load.max).toBeLessThanOrEqual(4);
  });
});

describe("tollwatch history --api", () => {
  it("prints the deployed stack's history, signed with the caller's credentials", async () => {
    vi.stubEnv("AWS_ACCESS_KEY_ID", CREDENTIALS.accessKeyId);
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", CREDENTIALS.secretAccessKey);
    const result = await cli("history", "--api", baseUrl, "--party", "Armenia", "--format", "json");
    expect(result.err).toBe("");
    expect(result.code).toBe(0);
    const versions = result.out
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as TallyVersion);
    expect(versions.length).toBeGreaterThan(0);
    expect(versions.every((v) => v.key.party === "Armenia")).toBe(true);
    expect(seen.every((request) => request.valid)).toBe(true);
  });

  it("says what to do when the credentials are refused, with exit code 1", async () => {
    vi.stubEnv("AWS_ACCESS_KEY_ID", "AKIDWRONG");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "wrong");
    const result = await cli("history", "--api", baseUrl);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/^error: .*403.*execute-api:Invoke/);
  });

  it("refuses --api together with a local store", async () => {
    const result = await cli("history", "--api", baseUrl, "--data", ".tollwatch");
    expect(result.code).toBe(2);
    expect(result.err).toContain("leave out --dynamodb-endpoint and --data");
  });
});

describe("apiRegion", () => {
  it("reads the region from an execute-api host name, else from the environment", () => {
    expect(apiRegion(new URL("https://abc123.execute-api.ap-southeast-2.amazonaws.com/"), {})).toBe(
      "ap-southeast-2",
    );
    expect(apiRegion(new URL("https://api.example.org/"), { AWS_REGION: "eu-north-1" })).toBe("eu-north-1");
    expect(() => apiRegion(new URL("https://api.example.org/"), {})).toThrow(/set AWS_REGION/);
  });
});
