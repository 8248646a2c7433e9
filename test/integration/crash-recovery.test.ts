import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { SNSClient } from "@aws-sdk/client-sns";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliverPending } from "../../lib/monitor/deliver.ts";
import { SnsPublisher } from "../../lib/notify/sns.ts";
import { DynamoStore } from "../../lib/store/dynamo-store.ts";
import { ensureTable } from "../../lib/store/table.ts";
import { CRASH_TOPIC, crashRevision } from "../support/commit-then-die.ts";
import { type LocalDynamo, startDynalite } from "../support/dynalite.ts";
import { type SnsEndpoint, startSnsEndpoint } from "../support/sns-endpoint.ts";

const SCRIPT = fileURLToPath(new URL("../support/commit-then-die.ts", import.meta.url));
const KEY = crashRevision("2021-02-01T00:00:00.000Z").key;

/** Runs the child to its death; resolves with how it ended. */
function runChild(
  args: string[],
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", SCRIPT, ...args], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    child.once("error", reject);
    child.once("exit", (code, signal) => resolve({ code, signal, stderr }));
  });
}

describe("crash recovery: a process that dies mid-alert", () => {
  let dynamo: LocalDynamo;
  let sns: SnsEndpoint;
  let snsClient: SNSClient;

  beforeAll(async () => {
    [dynamo, sns] = await Promise.all([startDynalite(), startSnsEndpoint()]);
    snsClient = new SNSClient({
      endpoint: sns.url,
      region: "us-east-1",
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
      maxAttempts: 1,
    });
  });
  afterAll(async () => {
    snsClient.destroy();
    await Promise.all([dynamo.close(), sns.close()]);
  });

  async function freshStore(table: string): Promise<DynamoStore> {
    await ensureTable(dynamo.client, table);
    sns.publishes.length = 0;
    return new DynamoStore(dynamo.client, table);
  }

  const deliver = (store: DynamoStore) =>
    deliverPending({ store, sinks: [new SnsPublisher(snsClient, CRASH_TOPIC)] });

  it("killed after the commit and before publishing: the next run delivers exactly once", async () => {
    // Prepare
    const store = await freshStore("crash-before-publish");
    const child = await runChild([dynamo.endpoint, "crash-before-publish", "before-publish"]);
    const pendingAfterCrash = await store.pendingAlerts();
    // Act
    const first = await deliver(store);
    const second = await deliver(store);
    // Assess
    expect(child.signal, child.stderr).toBe("SIGKILL");
    expect(pendingAfterCrash.map((v) => v.value)).toEqual([1310]);
    expect(first).toMatchObject({ delivered: 1, failed: 0, errors: [] });
    expect(second).toMatchObject({ delivered: 0, failed: 0, errors: [] });
    expect(sns.publishes).toHaveLength(1);
    expect((await store.getVersion(KEY, 2))?.alertState).toBe("sent");
  });

  it("killed between publishing and marking: delivered twice at most, then marked", async () => {
    // Prepare
    const store = await freshStore("crash-before-mark");
    const child = await runChild([dynamo.endpoint, "crash-before-mark", "before-mark", sns.url]);
    const publishedByChild = sns.publishes.length;
    // Act
    const first = await deliver(store);
    const second = await deliver(store);
    // Assess: the one duplicate at-least-once delivery allows, and no more.
    expect(child.signal, child.stderr).toBe("SIGKILL");
    expect(publishedByChild).toBe(1);
    expect(first).toMatchObject({ delivered: 1, failed: 0 });
    expect(second).toMatchObject({ delivered: 0, failed: 0 });
    expect(sns.publishes).toHaveLength(2);
    expect((await store.getVersion(KEY, 2))?.alertState).toBe("sent");
    expect(await store.pendingAlerts()).toEqual([]);
  });
});
