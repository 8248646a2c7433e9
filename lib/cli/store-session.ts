/**
 * Where a command's store lives: the embedded engine in a local data folder (default .tollwatch/), or a
 * DynamoDB endpoint (DynamoDB Local, AWS). The folder can be opened by one process at a time, so a
 * watcher that holds it publishes its engine's address in engine.json and other commands go through it.
 */
import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { DescribeTableCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { TollWatchError } from "../ingest/errors.ts";
import { createDynamoClient } from "../store/client.ts";
import { DynamoStore } from "../store/dynamo-store.ts";
import { startEmbeddedDynamo } from "../store/embedded.ts";
import { ensureTable } from "../store/table.ts";
import { UsageError } from "./exit-codes.ts";

export const DEFAULT_TABLE = "tollwatch";
export const DEFAULT_DATA_DIR = ".tollwatch";
/** Two attempts of this each: an unreachable endpoint is reported within seconds, not after minutes. */
const REMOTE_TIMEOUT_MS = 3000;
const ENGINE_FILE = "engine.json";

export interface StoreOptions {
  dynamodbEndpoint?: string;
  table?: string;
  data?: string;
}

export interface StoreSession {
  store: DynamoStore;
  /** Where the data is, for messages: the folder or the endpoint. */
  where: string;
  /** The engine's HTTP address (embedded or remote). */
  endpoint: string;
  /** This process started the embedded engine (and may announce it); false when remote or borrowed. */
  ownsEngine: boolean;
  close(): Promise<void>;
}

/**
 * Opens the store for a command. `mode` "read": a missing remote table is an error and a missing data
 * folder gives null (nothing recorded yet). "write": the table and folder are created as needed.
 */
export async function openStore(options: StoreOptions, mode: "read" | "write"): Promise<StoreSession | null> {
  const table = options.table ?? DEFAULT_TABLE;
  if (options.dynamodbEndpoint !== undefined) return openRemote(options.dynamodbEndpoint, table, mode);

  const dir = resolve(options.data ?? DEFAULT_DATA_DIR);
  if (mode === "read" && !existsSync(dir)) return null;
  await mkdir(dir, { recursive: true }).catch((err: unknown) => {
    throw storeError(
      err,
      `the data folder ${dir}`,
      "check that the path is a writable folder, or fix --data",
    );
  });
  const engine = await startEmbeddedDynamo({ path: dir }).catch(async (err: unknown) => {
    // The folder is locked by a running watcher: use the engine it serves instead of failing.
    const shared = await sharedEngine(dir);
    if (shared !== null) return { endpoint: shared, borrowed: true, close: async () => {} };
    throw storeError(
      err,
      `the data folder ${dir}`,
      "is another tollwatch process using it? stop it, or give another --data",
    );
  });
  const client = createDynamoClient({ endpoint: engine.endpoint, maxAttempts: 2, timeoutMs: 10_000 });
  try {
    await ensureTable(client, table);
  } catch (err) {
    client.destroy();
    await engine.close();
    throw storeError(
      err,
      `the data folder ${dir}`,
      "is another tollwatch process using it? stop it, or give another --data",
    );
  }
  return {
    store: new DynamoStore(client, table),
    where: dir,
    endpoint: engine.endpoint,
    ownsEngine: !("borrowed" in engine),
    close: async () => {
      client.destroy();
      await engine.close();
    },
  };
}

/**
 * Runs a read against the store a command names, or returns `empty` when nothing was ever recorded
 * there; a failure says where and what to check.
 */
export async function readStore<T>(
  options: StoreOptions,
  empty: T,
  read: (store: DynamoStore) => Promise<T>,
): Promise<T> {
  const session = await openStore(options, "read");
  if (session === null) return empty;
  try {
    return await read(session.store);
  } catch (err) {
    throw storeError(
      err,
      session.where,
      "check that it is running and reachable, or fix --dynamodb-endpoint / --data",
    );
  } finally {
    await session.close();
  }
}

/** A long-running command announces its engine so that `history`, `feeds` and `chart` can read meanwhile. */
export async function announceEngine(dir: string, endpoint: string): Promise<() => Promise<void>> {
  const file = join(resolve(dir), ENGINE_FILE);
  await writeFile(file, `${JSON.stringify({ endpoint, pid: process.pid })}\n`);
  return () => rm(file, { force: true });
}

async function sharedEngine(dir: string): Promise<string | null> {
  try {
    const { endpoint, pid } = JSON.parse(await readFile(join(dir, ENGINE_FILE), "utf8")) as {
      endpoint?: unknown;
      pid?: unknown;
    };
    if (typeof endpoint !== "string" || typeof pid !== "number") return null;
    process.kill(pid, 0); // throws when that process is gone: a stale file from a crash
    return endpoint;
  } catch {
    return null;
  }
}

async function openRemote(endpoint: string, table: string, mode: "read" | "write"): Promise<StoreSession> {
  if (!/^https?:\/\//i.test(endpoint)) {
    throw new UsageError(
      `--dynamodb-endpoint must be an http(s) URL, e.g. http://127.0.0.1:8000; got "${endpoint}"`,
    );
  }
  const client = createDynamoClient({ endpoint, maxAttempts: 2, timeoutMs: REMOTE_TIMEOUT_MS });
  try {
    if (mode === "read") await requireTable(client, table, endpoint);
    else await ensureTable(client, table);
  } catch (err) {
    client.destroy();
    throw storeError(
      err,
      `DynamoDB at ${endpoint}`,
      "check that it is running and reachable, or fix --dynamodb-endpoint",
    );
  }
  return {
    store: new DynamoStore(client, table),
    where: endpoint,
    endpoint,
    ownsEngine: false,
    close: async () => client.destroy(),
  };
}

async function requireTable(client: DynamoDBClient, table: string, endpoint: string): Promise<void> {
  try {
    await client.send(new DescribeTableCommand({ TableName: table }));
  } catch (err) {
    if (err instanceof Error && err.name === "ResourceNotFoundException") {
      throw new TollWatchError(
        `table "${table}" does not exist at ${endpoint}: check --table, or run the watcher first`,
      );
    }
    throw err;
  }
}

export function storeError(err: unknown, where: string, fix: string): Error {
  if (err instanceof TollWatchError || err instanceof UsageError) return err;
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return new TollWatchError(`could not use ${where} (${text.replace(/\s+/g, " ").trim()}): ${fix}`, {
    cause: err,
  });
}
