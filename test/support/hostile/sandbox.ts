/**
 * Runs Toll Watch's synchronous parsers (feed, page, feed HTML, extraction) on hostile input in a
 * worker thread. A parser stuck in a quadratic loop cannot be interrupted on the thread that runs it,
 * so a test that called it directly would hang past any timeout; here the worker is terminated at the
 * case's deadline and the case fails on time, and a fresh worker takes the next case. While a task
 * runs, the main thread is idle and samples the process's RSS, so the peak growth is measured, not guessed.
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { rssSampler } from "./net.ts";

export type SandboxTask = "feed" | "page" | "feed-html" | "text";

export interface SandboxInput {
  task: SandboxTask;
  bytes: Uint8Array;
  url: string;
  contentType: string | null;
}

/** What a task answers; which fields are set depends on the task. */
export interface TaskResult {
  items?: number;
  titles?: string[];
  links?: Array<string | null>;
  warnings?: string[];
  paragraphs?: number;
  text?: string;
  figures?: string[];
}

export type SandboxReply =
  | { id: number; ok: true; result: TaskResult }
  | { id: number; ok: false; error: { name: string; message: string } };

export type Outcome =
  | { kind: "result"; result: TaskResult; ms: number; rssGrowthMb: number }
  | { kind: "error"; name: string; message: string; ms: number; rssGrowthMb: number }
  | { kind: "timeout"; ms: number; rssGrowthMb: number };

const WORKER_FILE = new URL("./sandbox-worker.ts", import.meta.url).href;
// The worker is plain Node: it needs tsx's loader to import the TypeScript sources. require.resolve finds
// the CommonJS build of tsx's API; its ES module build sits next to it.
const TSX_API = pathToFileURL(
  createRequire(import.meta.url)
    .resolve("tsx/esm/api")
    .replace(/\.cjs$/, ".mjs"),
).href;
const BOOT = `import { register } from ${JSON.stringify(TSX_API)}; register(); await import(${JSON.stringify(WORKER_FILE)});`;
/** A ceiling on the worker's heap, so a runaway case ends in a worker error instead of swapping the machine. */
const HEAP_LIMIT_MB = 1_024;

export class Sandbox {
  #worker: Worker | null = null;
  #ready: Promise<void> | null = null;
  #next = 0;

  /** Starts the worker ahead of the first case, so its start-up is not charged to that case's time. */
  async start(): Promise<void> {
    if (this.#ready === null) {
      const worker = new Worker(BOOT, {
        eval: true,
        resourceLimits: { maxOldGenerationSizeMb: HEAP_LIMIT_MB },
      });
      this.#worker = worker;
      this.#ready = new Promise((resolve, reject) => {
        const onMessage = (m: unknown) => {
          if ((m as { ready?: boolean }).ready) {
            worker.off("message", onMessage);
            resolve();
          }
        };
        worker.on("message", onMessage);
        worker.once("error", reject);
      });
    }
    await this.#ready;
  }

  async run(input: SandboxInput, timeoutMs: number): Promise<Outcome> {
    await this.start();
    const worker = this.#worker as Worker;
    const id = ++this.#next;
    const rss = rssSampler();
    const started = performance.now();
    const growth = rss.growthMb;
    try {
      const reply = await new Promise<SandboxReply | "timeout">((resolve, reject) => {
        const timer = setTimeout(() => resolve("timeout"), timeoutMs);
        const onMessage = (m: SandboxReply) => {
          if (m.id !== id) return;
          clearTimeout(timer);
          worker.off("message", onMessage);
          worker.off("error", onError);
          resolve(m);
        };
        const onError = (err: Error) => {
          clearTimeout(timer);
          reject(err);
        };
        worker.on("message", onMessage);
        worker.once("error", onError);
        worker.postMessage({ id, input });
      });
      const ms = Math.round(performance.now() - started);
      if (reply === "timeout") {
        await this.stop();
        return { kind: "timeout", ms, rssGrowthMb: growth() };
      }
      return reply.ok
        ? { kind: "result", result: reply.result, ms, rssGrowthMb: growth() }
        : { kind: "error", ...reply.error, ms, rssGrowthMb: growth() };
    } catch (err) {
      // The worker died (out of memory, a crash in native code): the next case gets a fresh one.
      await this.stop();
      throw err;
    } finally {
      rss.stop();
    }
  }

  async stop(): Promise<void> {
    const worker = this.#worker;
    this.#worker = null;
    this.#ready = null;
    await worker?.terminate();
  }
}
