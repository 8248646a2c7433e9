/**
 * A fault-injecting HTTP proxy for reliability tests: it sits between an AWS SDK client and a local
 * service (dynalite, DynamoDB Local, the local SNS endpoint) on 127.0.0.1 and, request by request,
 * forwards, answers with an error the service could have sent, slows down, or breaks the connection.
 * A rule decides each request; `outage` takes the whole endpoint away until `restore`.
 */
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** What the proxy does with one request instead of (or on top of) forwarding it. */
export type Fault =
  /** An AWS JSON 1.0 error (DynamoDB's protocol): x-amzn-ErrorType header and a __type body. */
  | { type: "aws-error"; status: number; code: string; message: string }
  /** A bare status with a short body, as a load balancer in front of a service answers. */
  | { type: "status"; status: number }
  /** The connection is destroyed before any answer: the client sees ECONNRESET / socket hang up. */
  | { type: "reset" }
  /** Forwarded after a pause: a slow service. */
  | { type: "delay"; ms: number }
  /** Forwarded and executed, then the connection is destroyed: the work is done, the answer is lost. */
  | { type: "lose-answer" };

export const THROTTLING: Fault = {
  type: "aws-error",
  status: 400,
  code: "ThrottlingException",
  message: "Rate of requests exceeds the allowed throughput.",
};

export const THROUGHPUT_EXCEEDED: Fault = {
  type: "aws-error",
  status: 400,
  code: "ProvisionedThroughputExceededException",
  message: "The level of configured provisioned throughput for the table was exceeded.",
};

export interface ProxiedRequest {
  /** 1 for the first request the proxy received, counting failed ones. */
  n: number;
  method: string;
  path: string;
  /** The DynamoDB operation (x-amz-target without its prefix), or the SNS Action; "" when neither. */
  operation: string;
  /** The SDK's attempt number for this call (amz-sdk-request: attempt=N), 1 when absent. */
  attempt: number;
  body: Buffer;
}

export type FaultRule = (req: ProxiedRequest) => Fault | null;

export interface FaultProxy {
  /** Where clients point their `endpoint`. */
  url: string;
  /** Requests received, and how many of each fault were injected (by fault type, or aws-error code). */
  readonly received: number;
  readonly injected: Readonly<Record<string, number>>;
  /** Operations that reached the service, in order (forwarded requests only). */
  readonly forwarded: readonly string[];
  /** Replaces the rule deciding each request; null forwards everything. */
  setRule(rule: FaultRule | null): void;
  /**
   * Takes the endpoint away: "reset" keeps listening but destroys every connection as it arrives;
   * "refuse" stops listening, so connecting fails with ECONNREFUSED. Open connections are cut either way.
   */
  outage(kind: "reset" | "refuse"): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

const NAMESPACE = "com.amazonaws.dynamodb.v20120810";

/**
 * Fails the first attempt of every `every`-th SDK call, starting with the `every`-th, at most `limit`
 * times. Keying on the first attempt bounds the consecutive failures of one call to one, whatever the
 * interleaving of concurrent calls, so a client that retries at all must recover.
 */
export function firstAttemptEvery(every: number, fault: Fault | ((k: number) => Fault), limit = Infinity) {
  let calls = 0;
  let used = 0;
  return (req: ProxiedRequest): Fault | null => {
    if (req.attempt !== 1) return null;
    calls++;
    if (calls % every !== 0 || used >= limit) return null;
    used++;
    return typeof fault === "function" ? fault(used) : fault;
  };
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  let rule: FaultRule | null = null;
  let mode: "up" | "reset" | "refuse" = "up";
  let received = 0;
  const injected: Record<string, number> = {};
  const forwarded: string[] = [];
  const sockets = new Set<Socket>();
  const count = (key: string) => {
    injected[key] = (injected[key] ?? 0) + 1;
  };

  const forward = (
    req: IncomingMessage,
    res: ServerResponse,
    proxied: ProxiedRequest,
    loseAnswer: boolean,
  ) => {
    const out = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on("data", (chunk: Buffer) => chunks.push(chunk));
        answer.on("end", () => {
          forwarded.push(proxied.operation);
          if (loseAnswer) {
            res.socket?.destroy();
            return;
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers).end(Buffer.concat(chunks));
        });
      },
    );
    out.on("error", (err) => {
      // The service itself is down: answer as a gateway would, so the client sees a 502 and retries.
      if (!res.headersSent)
        res.writeHead(502, { "content-type": "text/plain" }).end(`upstream: ${err.message}`);
    });
    out.end(proxied.body);
  };

  const handle = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    received++;
    if (mode !== "up") {
      count(`outage-${mode}`);
      req.socket.destroy();
      return;
    }
    const proxied: ProxiedRequest = {
      n: received,
      method: req.method ?? "GET",
      path: req.url ?? "/",
      operation: operationOf(req, body),
      attempt: attemptOf(req),
      body,
    };
    const fault = rule?.(proxied) ?? null;
    if (fault === null) return forward(req, res, proxied, false);
    count(fault.type === "aws-error" ? fault.code : fault.type);
    switch (fault.type) {
      case "aws-error":
        res.writeHead(fault.status, {
          "content-type": "application/x-amz-json-1.0",
          "x-amzn-errortype": fault.code,
          "x-amzn-requestid": `fault-${received}`,
        });
        res.end(JSON.stringify({ __type: `${NAMESPACE}#${fault.code}`, message: fault.message }));
        return;
      case "status":
        res.writeHead(fault.status, { "content-type": "text/plain" }).end(`injected ${fault.status}\n`);
        return;
      case "reset":
        req.socket.destroy();
        return;
      case "delay":
        setTimeout(() => forward(req, res, proxied, false), fault.ms);
        return;
      case "lose-answer":
        forward(req, res, proxied, true);
        return;
    }
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => handle(req, res, Buffer.concat(chunks)));
  });
  server.on("connection", (socket: Socket) => {
    if (mode !== "up") {
      count(`outage-${mode}`);
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await listen(server, 0);
  const { port } = server.address() as AddressInfo;
  const cutAll = () => {
    for (const socket of sockets) socket.destroy();
  };

  return {
    url: `http://127.0.0.1:${port}`,
    get received() {
      return received;
    },
    injected,
    forwarded,
    setRule(next) {
      rule = next;
    },
    async outage(kind) {
      mode = kind;
      cutAll();
      if (kind === "refuse") await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    async restore() {
      if (mode === "refuse") await listen(server, port);
      mode = "up";
    },
    close: async () => {
      cutAll();
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
}

function operationOf(req: IncomingMessage, body: Buffer): string {
  const target = req.headers["x-amz-target"];
  if (typeof target === "string") return target.split(".").pop() ?? target;
  const action = /(?:^|&)Action=([^&]+)/.exec(body.toString("utf8"));
  return action?.[1] ?? "";
}

function attemptOf(req: IncomingMessage): number {
  const header = req.headers["amz-sdk-request"];
  const match = typeof header === "string" ? /attempt=(\d+)/.exec(header) : null;
  return match ? Number(match[1]) : 1;
}
