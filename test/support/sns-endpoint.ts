import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

/** One Publish as the SDK sent it, parsed for assertions. */
export interface RecordedPublish {
  topicArn: string | null;
  subject: string | null;
  messageStructure: string | null;
  /** The raw Message parameter. */
  message: string;
  /** Per-protocol bodies when MessageStructure is "json" ({ default, email, sms }); else { default: message }. */
  bodies: Record<string, string>;
  /** MessageAttributes by name: StringValue (or BinaryValue), with its DataType. */
  attributes: Record<string, { dataType: string; value: string }>;
  messageId: string;
  /** Every form parameter, for what the fields above do not cover. */
  params: Record<string, string>;
}

export type SnsFailure = "internal" | "throttling" | "not-found" | "auth";

export interface SnsEndpoint {
  /** Base URL for the SNSClient's `endpoint`. */
  url: string;
  publishes: RecordedPublish[];
  /** Every request received, failed ones included. */
  requests: number;
  /** Answers the next `count` requests with the given error instead of handling them. */
  failNext(count: number, failure?: SnsFailure): void;
  close(): Promise<void>;
}

const NS = "http://sns.amazonaws.com/doc/2010-03-31/";

// Status, SNS error type and code for each failure, as SNS answers them in its Query protocol.
const FAILURES: Record<SnsFailure, [number, "Sender" | "Receiver", string, string]> = {
  internal: [500, "Receiver", "InternalError", "Internal service error"],
  throttling: [400, "Sender", "Throttling", "Rate exceeded"],
  "not-found": [404, "Sender", "NotFound", "Topic does not exist"],
  auth: [403, "Sender", "AuthorizationError", "User is not authorized to perform: SNS:Publish"],
};

/**
 * A local stand-in for SNS speaking the Query protocol the AWS SDK v3 uses: a form-encoded POST
 * with Action=Publish, answered by PublishResponse XML. Only Publish is understood.
 */
export async function startSnsEndpoint(): Promise<SnsEndpoint> {
  const publishes: RecordedPublish[] = [];
  const pending: SnsFailure[] = [];
  let requests = 0;
  const server = createServer(async (req, res) => {
    requests++;
    const body = await readBody(req);
    const requestId = randomUUID();
    const failure = pending.shift();
    if (failure) {
      const [status, type, code, message] = FAILURES[failure];
      res.writeHead(status, { "content-type": "text/xml", "x-amzn-requestid": requestId });
      res.end(errorXml(type, code, message, requestId));
      return;
    }
    const params = Object.fromEntries(new URLSearchParams(body));
    if (params.Action !== "Publish") {
      res.writeHead(400, { "content-type": "text/xml" });
      res.end(errorXml("Sender", "InvalidAction", `Unsupported action ${params.Action}`, requestId));
      return;
    }
    const messageId = randomUUID();
    publishes.push(parsePublish(params, messageId));
    res.writeHead(200, { "content-type": "text/xml", "x-amzn-requestid": requestId });
    res.end(
      `<PublishResponse xmlns="${NS}"><PublishResult><MessageId>${messageId}</MessageId></PublishResult>` +
        `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></PublishResponse>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    publishes,
    get requests() {
      return requests;
    },
    failNext(count, failure = "internal") {
      for (let i = 0; i < count; i++) pending.push(failure);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function parsePublish(params: Record<string, string>, messageId: string): RecordedPublish {
  const message = params.Message ?? "";
  const structure = params.MessageStructure ?? null;
  const attributes: RecordedPublish["attributes"] = {};
  for (let n = 1; params[`MessageAttributes.entry.${n}.Name`] !== undefined; n++) {
    const prefix = `MessageAttributes.entry.${n}`;
    attributes[params[`${prefix}.Name`] as string] = {
      dataType: params[`${prefix}.Value.DataType`] ?? "",
      value: params[`${prefix}.Value.StringValue`] ?? params[`${prefix}.Value.BinaryValue`] ?? "",
    };
  }
  return {
    topicArn: params.TopicArn ?? null,
    subject: params.Subject ?? null,
    messageStructure: structure,
    message,
    bodies: structure === "json" ? (JSON.parse(message) as Record<string, string>) : { default: message },
    attributes,
    messageId,
    params,
  };
}

function errorXml(type: string, code: string, message: string, requestId: string): string {
  return (
    `<ErrorResponse xmlns="${NS}"><Error><Type>${type}</Type><Code>${code}</Code>` +
    `<Message>${message}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
