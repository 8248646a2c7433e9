/**
 * Events shaped as AWS delivers them to the handlers (EventBridge Scheduler, an SQS batch, an HTTP API
 * v2 request), a Lambda context, and a capture of what a handler writes: Powertools log lines and the
 * EMF metrics, parsed.
 */
import { randomUUID } from "node:crypto";
import type { APIGatewayProxyEventV2, Context, SQSEvent, SQSRecord } from "aws-lambda";

export function lambdaContext(functionName: string, remainingMs = 300_000): Context {
  const requestId = randomUUID();
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:eu-west-1:000000000000:function:${functionName}`,
    memoryLimitInMB: "256",
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: "2020/11/14/[$LATEST]0123456789abcdef",
    getRemainingTimeInMillis: () => remainingMs,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

/** What EventBridge Scheduler passes when the target's input carries the scheduled time. */
export function schedulerEvent(time: string): Record<string, unknown> {
  return { time, source: "aws.scheduler" };
}

export function sqsRecord(body: string, receiveCount = 1): SQSRecord {
  const messageId = randomUUID();
  return {
    messageId,
    receiptHandle: `AQEB${messageId.replaceAll("-", "")}`,
    body,
    attributes: {
      ApproximateReceiveCount: String(receiveCount),
      SentTimestamp: String(Date.now()),
      SenderId: "AROAEXAMPLE:planner",
      ApproximateFirstReceiveTimestamp: String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: "",
    eventSource: "aws:sqs",
    eventSourceARN: "arn:aws:sqs:eu-west-1:000000000000:tollwatch-feeds",
    awsRegion: "eu-west-1",
  };
}

export function sqsEvent(...bodies: string[]): SQSEvent {
  return { Records: bodies.map((body) => sqsRecord(body)) };
}

/** An HTTP API (payload 2.0) request, as API Gateway sends it after IAM authorization. */
export function apiEvent(
  method: string,
  path: string,
  query: Record<string, string> = {},
): APIGatewayProxyEventV2 {
  const id = /^\/tallies\/([^/]+)\/versions$/.exec(path)?.[1];
  const route = id === undefined ? path : "/tallies/{id}/versions";
  const now = Date.now();
  return {
    version: "2.0",
    routeKey: `${method} ${route}`,
    rawPath: path,
    rawQueryString: new URLSearchParams(query).toString(),
    headers: { host: "abc123.execute-api.eu-west-1.amazonaws.com", "user-agent": "tollwatch-test" },
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(id === undefined ? {} : { pathParameters: { id } }),
    requestContext: {
      accountId: "000000000000",
      apiId: "abc123",
      domainName: "abc123.execute-api.eu-west-1.amazonaws.com",
      domainPrefix: "abc123",
      http: { method, path, protocol: "HTTP/1.1", sourceIp: "192.0.2.10", userAgent: "tollwatch-test" },
      requestId: `${randomUUID().slice(0, 8)}=`,
      routeKey: `${method} ${route}`,
      stage: "$default",
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
    isBase64Encoded: false,
  };
}

export interface Captured<T> {
  result?: T;
  error?: unknown;
  /** Powertools log lines (JSON objects with a level). */
  logs: Array<Record<string, unknown>>;
  /** EMF metrics summed by name. */
  metrics: Record<string, number>;
}

/** Runs a handler call with stdout and stderr captured, so its JSON lines can be asserted on. */
export async function captureOutput<T>(run: () => Promise<T>): Promise<Captured<T>> {
  const text: string[] = [];
  const out = process.stdout.write;
  const err = process.stderr.write;
  const take = ((chunk: string | Uint8Array) => {
    text.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
    return true;
  }) as typeof process.stdout.write;
  process.stdout.write = take;
  process.stderr.write = take;
  const captured: Captured<T> = { logs: [], metrics: {} };
  try {
    captured.result = await run();
  } catch (error) {
    captured.error = error;
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
  for (const line of text.join("").split("\n")) {
    if (!line.startsWith("{")) continue;
    const entry = JSON.parse(line) as Record<string, unknown>;
    const emf = entry._aws as { CloudWatchMetrics?: Array<{ Metrics: Array<{ Name: string }> }> } | undefined;
    if (emf === undefined) {
      captured.logs.push(entry);
      continue;
    }
    for (const { Name } of emf.CloudWatchMetrics?.flatMap((m) => m.Metrics) ?? []) {
      const value = entry[Name];
      const values = Array.isArray(value) ? value : [value];
      captured.metrics[Name] =
        (captured.metrics[Name] ?? 0) + values.reduce((a: number, b) => a + Number(b), 0);
    }
  }
  return captured;
}
