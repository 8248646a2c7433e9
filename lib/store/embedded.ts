import type { AddressInfo } from "node:net";
import dynalite from "dynalite";

export interface EmbeddedEngine {
  /** e.g. http://127.0.0.1:40123 */
  endpoint: string;
  close(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Folder that persists the data between runs; in memory when omitted. */
  path?: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
}

/**
 * The embedded DynamoDB-compatible engine for one-machine runs and tests: dynalite in this process,
 * on loopback only. Tables become ACTIVE at once (createTableMs 0): there is no provisioning to wait for.
 */
export async function startEmbeddedDynamo(options: EmbeddedOptions = {}): Promise<EmbeddedEngine> {
  const { host = "127.0.0.1", port = 0 } = options;
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, path: options.path });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return {
    endpoint: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections?.();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
