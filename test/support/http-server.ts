import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface TestServer {
  /** Base URL, e.g. http://127.0.0.1:40123 */
  url: string;
  port: number;
  /** Requests seen, in order: method, path and headers. */
  requests: Array<{ path: string; headers: IncomingMessage["headers"]; at: number }>;
  close(): Promise<void>;
}

/** A real node:http server on 127.0.0.1 and a free port, routing by path; unknown paths answer 404. */
export async function startServer(routes: Record<string, Handler>): Promise<TestServer> {
  const requests: TestServer["requests"] = [];
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    requests.push({ path: req.url ?? "/", headers: req.headers, at: Date.now() });
    const handler = routes[path];
    if (!handler) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    Promise.resolve(handler(req, res)).catch((err: unknown) => {
      res.destroy(err instanceof Error ? err : new Error(String(err)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
