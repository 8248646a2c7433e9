/**
 * One Lambda container of the poller benchmark: a process that imports lambdas/poller.ts once, as the
 * runtime does at init, then runs each batch its parent sends through handler(SQSEvent), one at a time.
 * For each invocation it reports wall and CPU time, the process's peak RSS (Lambda's "Max Memory Used"),
 * sampled every 50 ms, and each feed's poll as the handler logged it. The environment (endpoints,
 * table, config) comes from the parent.
 */
import { pathToFileURL } from "node:url";
import { handler } from "../lambdas/poller.ts";
import { captureOutput, lambdaContext, sqsEvent } from "../test/support/lambda-events.ts";

export interface FeedPoll {
  feed: string;
  status: string;
  durationMs: number;
}

export interface InvocationResult {
  wallMs: number;
  cpuMs: number;
  /** Peak RSS of the container during the invocation; it only grows over a container's life. */
  peakRssMb: number;
  heapMb: number;
  polls: FeedPoll[];
  failures: number;
  error: string | null;
}

async function invoke(bodies: string[]): Promise<InvocationResult> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const cpu = process.cpuUsage();
  const started = performance.now();
  // The handler's log lines are read back for each feed's duration, as CloudWatch would show them.
  const captured = await captureOutput(() => handler(sqsEvent(...bodies), lambdaContext("poller", 900_000)));
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  const polls = captured.logs
    .filter((line) => typeof line.durationMs === "number" && typeof line.feed === "string")
    .map((line) => ({
      feed: String(line.feed),
      status: String(line.status),
      durationMs: Number(line.durationMs),
    }));
  return {
    wallMs,
    cpuMs: (used.user + used.system) / 1000,
    peakRssMb: peak / 2 ** 20,
    heapMb: process.memoryUsage().heapUsed / 2 ** 20,
    polls,
    failures: captured.result?.batchItemFailures.length ?? bodies.length,
    error: captured.error === undefined ? null : String(captured.error),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.on("message", (message) => {
    const { id, bodies } = message as { id: number; bodies: string[] };
    void invoke(bodies).then((result) => process.send?.({ id, value: result }));
  });
  process.on("disconnect", () => process.exit(0));
  process.send?.({ ready: true, rssMb: process.memoryUsage().rss / 2 ** 20 });
}
