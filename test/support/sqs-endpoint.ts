import { createHash, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One message SQS accepted, as the SDK sent it. */
export interface RecordedMessage {
  messageId: string;
  queueUrl: string;
  body: string;
  /** The entry's Id within its SendMessageBatch; null for SendMessage. */
  entryId: string | null;
}

export interface SqsEndpoint {
  /** Base URL for AWS_ENDPOINT_URL_SQS; queueUrl(name) lives on it. */
  url: string;
  queueUrl(name: string): string;
  messages: RecordedMessage[];
  /** Every request by its X-Amz-Target action, failed ones included. */
  requests: string[];
  /**
   * Refuses the entries for which `refuse` returns true (Failed entries in a 200 answer, as SQS does
   * for a partial failure), the next `times` times one is offered.
   */
  failEntries(refuse: (body: string) => boolean, times?: number, senderFault?: boolean): void;
  /** Forgets the messages, requests and refusals. */
  reset(): void;
  close(): Promise<void>;
}

interface Entry {
  Id?: string;
  MessageBody?: string;
}

/**
 * A local stand-in for SQS speaking the AWS JSON 1.0 protocol that @aws-sdk/client-sqs 3.x uses: a POST
 * with `X-Amz-Target: AmazonSQS.<Action>` and a JSON body, answered in JSON. SendMessage and
 * SendMessageBatch are understood; the answer carries MD5OfMessageBody, which the SDK checks.
 */
export async function startSqsEndpoint(): Promise<SqsEndpoint> {
  const messages: RecordedMessage[] = [];
  const requests: string[] = [];
  let refusal: { refuse: (body: string) => boolean; left: number; senderFault: boolean } | null = null;

  const accept = (queueUrl: string, entry: Entry) => {
    const body = entry.MessageBody ?? "";
    const messageId = randomUUID();
    messages.push({ messageId, queueUrl, body, entryId: entry.Id ?? null });
    return { MessageId: messageId, MD5OfMessageBody: createHash("md5").update(body).digest("hex") };
  };
  const refused = (entry: Entry): boolean => {
    if (refusal === null || refusal.left <= 0 || !refusal.refuse(entry.MessageBody ?? "")) return false;
    refusal.left--;
    return true;
  };

  const server = createServer(async (req, res) => {
    const action = String(req.headers["x-amz-target"] ?? "").replace(/^AmazonSQS\./, "");
    requests.push(action);
    let input: { QueueUrl?: string; Entries?: Entry[]; MessageBody?: string };
    try {
      input = JSON.parse(await readBody(req));
    } catch {
      return fail(res, 400, "InvalidParameterValue", "the body is not JSON");
    }
    const queueUrl = input.QueueUrl ?? "";
    if (action === "SendMessage") {
      return answer(res, accept(queueUrl, { MessageBody: input.MessageBody ?? "" }));
    }
    if (action !== "SendMessageBatch") return fail(res, 400, "InvalidAction", `unsupported action ${action}`);
    const successful: unknown[] = [];
    const failed: unknown[] = [];
    for (const entry of input.Entries ?? []) {
      if (refused(entry)) {
        const sender = refusal?.senderFault ?? false;
        failed.push({
          Id: entry.Id,
          SenderFault: sender,
          Code: sender ? "InvalidParameterValue" : "InternalError",
          Message: sender ? "the message is not valid" : "an internal error occurred",
        });
      } else {
        successful.push({ Id: entry.Id, ...accept(queueUrl, entry) });
      }
    }
    answer(res, { Successful: successful, Failed: failed });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    queueUrl: (name) => `${url}/000000000000/${name}`,
    messages,
    requests,
    failEntries(refuse, times = 1, senderFault = false) {
      refusal = { refuse, left: times, senderFault };
    },
    reset() {
      messages.splice(0);
      requests.splice(0);
      refusal = null;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function answer(res: ServerResponse, body: unknown): void {
  res.writeHead(200, { "content-type": "application/x-amz-json-1.0", "x-amzn-requestid": randomUUID() });
  res.end(JSON.stringify(body));
}

function fail(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, {
    "content-type": "application/x-amz-json-1.0",
    "x-amzn-requestid": randomUUID(),
    // The query-compatible error code the SDK prefers when it is present.
    "x-amzn-query-error": `${code};Sender`,
  });
  res.end(JSON.stringify({ __type: `com.amazonaws.sqs#${code}`, message }));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
