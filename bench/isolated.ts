/**
 * Runs one scale benchmark in a fresh process, so that its memory figures are its own and not what
 * the benchmarks before it left on the heap; the result comes back over IPC (structured clone, so
 * Sets survive) for the cost model.
 */
import { fork } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { benchArticleThroughput, type ThroughputResult } from "./article-throughput.ts";
import { benchCycleScale, type ScaleOptions, type ScaleResult } from "./cycle-scale.ts";
import { benchPollerLambda, type LambdaOptions, type LambdaResult } from "./poller-lambda.ts";

interface Benches {
  throughput: { options: number; result: ThroughputResult };
  scale: { options: ScaleOptions; result: ScaleResult };
  lambda: { options: LambdaOptions; result: LambdaResult };
}

const RUNNERS: { [K in keyof Benches]: (options: Benches[K]["options"]) => Promise<Benches[K]["result"]> } = {
  throughput: benchArticleThroughput,
  scale: benchCycleScale,
  lambda: benchPollerLambda,
};

export function isolated<K extends keyof Benches>(
  name: K,
  options: Benches[K]["options"],
): Promise<Benches[K]["result"]> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), [name, JSON.stringify(options)], {
      serialization: "advanced",
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    let result: Benches[K]["result"] | undefined;
    child.once("message", (message) => {
      result = message as Benches[K]["result"];
    });
    child.once("error", reject);
    child.once("exit", (code) => {
      if (code === 0 && result !== undefined) resolve(result);
      else reject(new Error(`the ${name} benchmark's process exited with code ${code} and no result`));
    });
  });
}

async function main(): Promise<void> {
  const name = process.argv[2] as keyof Benches;
  const runner = RUNNERS[name] as (options: unknown) => Promise<unknown>;
  const result = await runner(JSON.parse(process.argv[3] ?? "null"));
  await new Promise<void>((done, fail) =>
    process.send?.(result, (err: Error | null) => (err ? fail(err) : done())),
  );
  process.disconnect?.();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
