import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { type AddressInfo, createServer } from "node:net";
import { join } from "node:path";
import { ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { createDynamoClient } from "../../lib/store/client.ts";
import type { LocalDynamo } from "./dynalite.ts";

const EMULATOR_DIR = join(import.meta.dirname, "../../node_modules/amplify-dynamodb-simulator/emulator");
export const JAVA_INSTALL = "apt-get install -y openjdk-17-jre-headless";

let javaFound: boolean | undefined;

/** Whether `java -version` runs; asked once per process. */
export function javaAvailable(): boolean {
  javaFound ??= spawnSync("java", ["-version"], { stdio: "ignore", timeout: 10_000 }).status === 0;
  return javaFound;
}

/** Prints one visible line naming what is skipped and how to install Java; returns whether to skip. */
export function skipWithoutJava(what: string): boolean {
  if (javaAvailable()) return false;
  console.warn(
    `SKIPPED ${what}: Java not found; install with \`${JAVA_INSTALL}\` (CI installs it in .ci/run).`,
  );
  return true;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 3_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/**
 * DynamoDB Local (the jar shipped by amplify-dynamodb-simulator) in memory on a free loopback port.
 * Resolves once it answers ListTables; rejects with its output if it exits or stays silent.
 */
export async function startDynamoDbLocal({ timeoutMs = 30_000 } = {}): Promise<LocalDynamo> {
  const port = await freePort();
  const child = spawn(
    "java",
    [
      `-Djava.library.path=${join(EMULATOR_DIR, "DynamoDBLocal_lib")}`,
      "-jar",
      "DynamoDBLocal.jar",
      "-inMemory",
      "-disableTelemetry",
      "-port",
      String(port),
    ],
    { cwd: EMULATOR_DIR, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  let exited = false;
  child.once("exit", () => {
    exited = true;
  });
  child.once("error", () => {
    exited = true;
  });

  const endpoint = `http://127.0.0.1:${port}`;
  // One attempt per probe: the harness polls, so the SDK's own retries would only slow it down.
  const probe = createDynamoClient({ endpoint, maxAttempts: 1 });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (exited) throw new Error(`DynamoDB Local exited before answering:\n${output}`);
      try {
        await probe.send(new ListTablesCommand({}));
        break;
      } catch {
        if (Date.now() > deadline)
          throw new Error(`DynamoDB Local did not answer in ${timeoutMs} ms:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } catch (err) {
    await stop(child);
    throw err;
  } finally {
    probe.destroy();
  }

  const client = createDynamoClient({ endpoint });
  return {
    endpoint,
    client,
    close: async () => {
      client.destroy();
      await stop(child);
    },
  };
}
