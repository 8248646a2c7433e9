/**
 * A counting proxy in front of the local DynamoDB engine: every request is forwarded unchanged except
 * that it asks for ReturnConsumedCapacity, so the engine (dynalite) reports the units DynamoDB would
 * charge the base table for it. The proxy adds what dynalite leaves out:
 * - global secondary indexes: a write to an item carrying an index's keys costs that index a write
 *   too (Put with GSI1PK/GSI2PK; an Update of a version item rewrites its GSI2 entry, and its GSI1
 *   entry when the expression touches GSI1 keys);
 * - a failed conditional write still costs its write units (counted as the item size dynalite saw, 1);
 * - a read that finds nothing costs one unit (half when eventually consistent), never zero.
 * Counting is per meter, so parallel clients (one per Lambda container) are told apart.
 */
import { Agent, createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";

const READS = new Set(["GetItem", "Query", "Scan", "BatchGetItem"]);
const WRITES = new Set(["PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem"]);

export interface Tally {
  requests: number;
  units: number;
}

export interface MeterCounts {
  /** Requests by operation, e.g. { GetItem: 120, PutItem: 40 }. */
  requests: Record<string, number>;
  /**
   * Reads and writes by what the item is: FEED (feed state), ARTICLE, V (tally version), OBS
   * (observation), GSI1/GSI2 (index queries). Write units include the indexes' share.
   */
  reads: Record<string, Tally>;
  writes: Record<string, Tally>;
  /** Of the write units, those charged to the two indexes. */
  indexWriteUnits: number;
  conditionalFailures: number;
  /** The PK of every feed-state write, to find writes made for feeds that answered 304. */
  feedStateWrites: string[];
}

export function emptyCounts(): MeterCounts {
  return {
    requests: {},
    reads: {},
    writes: {},
    indexWriteUnits: 0,
    conditionalFailures: 0,
    feedStateWrites: [],
  };
}

function addTallies(into: Record<string, Tally>, from: Record<string, Tally>): void {
  for (const [kind, t] of Object.entries(from)) {
    into[kind] ??= { requests: 0, units: 0 };
    const to = into[kind];
    to.requests += t.requests;
    to.units += t.units;
  }
}

export function addCounts(into: MeterCounts, from: MeterCounts): MeterCounts {
  for (const [op, n] of Object.entries(from.requests)) into.requests[op] = (into.requests[op] ?? 0) + n;
  addTallies(into.reads, from.reads);
  addTallies(into.writes, from.writes);
  into.indexWriteUnits += from.indexWriteUnits;
  into.conditionalFailures += from.conditionalFailures;
  into.feedStateWrites.push(...from.feedStateWrites);
  return into;
}

const sumOf = (tallies: Record<string, Tally>, pick: (t: Tally) => number) =>
  Object.values(tallies).reduce((sum, t) => sum + pick(t), 0);
export const readRequests = (c: MeterCounts) => sumOf(c.reads, (t) => t.requests);
export const writeRequests = (c: MeterCounts) => sumOf(c.writes, (t) => t.requests);
export const readUnits = (c: MeterCounts) => sumOf(c.reads, (t) => t.units);
export const writeUnits = (c: MeterCounts) => sumOf(c.writes, (t) => t.units);

type Json = Record<string, unknown>;
type Attr = Record<string, { S?: string } | undefined>;

function kindOf(body: Json): string {
  if (typeof body.IndexName === "string") return body.IndexName;
  const values = body.ExpressionAttributeValues as Attr | undefined;
  const key = (body.Item ?? body.Key ?? (values ? { PK: values[":pk"] } : undefined)) as Attr | undefined;
  const pk = key?.PK?.S ?? "";
  const sk = key?.SK?.S ?? "";
  if (pk.startsWith("TALLY#")) return sk.startsWith("OBS#") ? "OBS" : "V";
  return pk.split("#")[0] || "other";
}

export class DynamoMeter {
  counts: MeterCounts = emptyCounts();
  readonly #server: Server;
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 64 });
  #url = "";

  constructor(target: URL) {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const op = String(req.headers["x-amz-target"] ?? "").split(".")[1] ?? "unknown";
        let body: Json = {};
        try {
          body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as Json;
        } catch {
          // Forwarded as it came; dynalite answers the malformed request itself.
        }
        if (READS.has(op) || WRITES.has(op)) body.ReturnConsumedCapacity = "TOTAL";
        const payload = Buffer.from(JSON.stringify(body));
        const headers = { ...req.headers, "content-length": String(payload.length) };
        const upstream = request(
          {
            host: target.hostname,
            port: target.port,
            path: req.url,
            method: req.method,
            headers,
            agent: this.#agent,
          },
          (up) => {
            const parts: Buffer[] = [];
            up.on("data", (chunk: Buffer) => parts.push(chunk));
            up.on("end", () => {
              const text = Buffer.concat(parts);
              this.#count(op, body, up.statusCode ?? 0, text);
              res.writeHead(up.statusCode ?? 502, up.headers).end(text);
            });
          },
        );
        upstream.on("error", (err) => res.writeHead(502).end(String(err)));
        upstream.end(payload);
      });
    });
  }

  get url(): string {
    return this.#url;
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.listen(0, "127.0.0.1", resolve));
    this.#url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  /** The counts since the last take, and a fresh start. */
  take(): MeterCounts {
    const counts = this.counts;
    this.counts = emptyCounts();
    return counts;
  }

  async close(): Promise<void> {
    this.#agent.destroy();
    await new Promise<void>((resolve) => {
      this.#server.closeAllConnections();
      this.#server.close(() => resolve());
    });
  }

  #count(op: string, body: Json, status: number, response: Buffer): void {
    const c = this.counts;
    c.requests[op] = (c.requests[op] ?? 0) + 1;
    if (!READS.has(op) && !WRITES.has(op)) return;
    let out: Json = {};
    try {
      out = JSON.parse(response.toString("utf8") || "{}") as Json;
    } catch {
      return;
    }
    const reported = (out.ConsumedCapacity as { CapacityUnits?: number } | undefined)?.CapacityUnits ?? 0;
    const kind = kindOf(body);
    const add = (tallies: Record<string, Tally>, units: number) => {
      tallies[kind] ??= { requests: 0, units: 0 };
      const t = tallies[kind];
      t.requests++;
      t.units += units;
    };
    if (READS.has(op)) {
      add(c.reads, Math.max(reported, body.ConsistentRead === true ? 1 : 0.5));
      return;
    }
    const failed = status >= 400 && String(out.__type ?? "").endsWith("ConditionalCheckFailedException");
    if (status >= 400 && !failed) return;
    const units = Math.max(reported, 1);
    const index = failed ? 0 : this.#indexUnits(op, body, units);
    if (failed) c.conditionalFailures++;
    c.indexWriteUnits += index;
    add(c.writes, units + index);
    if (kind === "FEED") c.feedStateWrites.push(((body.Item ?? body.Key) as Attr).PK?.S ?? "");
  }

  #indexUnits(op: string, body: Json, units: number): number {
    if (op === "PutItem") {
      const item = body.Item as Attr;
      return (item.GSI1PK ? units : 0) + (item.GSI2PK ? units : 0);
    }
    if (op === "UpdateItem" && ((body.Key as Attr).SK?.S ?? "").startsWith("V#")) {
      return units + (String(body.UpdateExpression ?? "").includes("GSI1") ? units : 0);
    }
    return 0;
  }
}
