/**
 * Child process of the kill test: one monitor cycle (runCycle, the code `tollwatch run` runs) over the
 * feeds of a spec file, against a DynamoDB endpoint the parent holds, alerting to a JSON lines file and
 * to a local SNS endpoint. It prints "ready" just before the cycle starts, so that the parent can time its
 * SIGKILL from there rather than from the module loading, and the cycle's report as JSON at the end.
 *
 * Not `tollwatch run` itself: the CLI's HTTP client keeps one second between two requests to a host (a
 * news site's politeness), and the demo's site is one host with dozens of pages re-checked every cycle,
 * so one CLI cycle would take half a minute. Everything else is the CLI's wiring.
 * Usage: node --import tsx test/support/cycle-child.ts <spec.json>
 */
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { SNSClient } from "@aws-sdk/client-sns";
import { DEMO_CONFIG } from "../../lib/demo/expected.ts";
import { runCycle } from "../../lib/monitor/cycle.ts";
import { feedSpecs } from "../../lib/monitor/feeds.ts";
import { JsonLinesSink } from "../../lib/notify/sinks.ts";
import { SnsPublisher } from "../../lib/notify/sns.ts";
import { createDynamoClient } from "../../lib/store/client.ts";
import { DynamoStore } from "../../lib/store/dynamo-store.ts";
import { fastHttpClient } from "./demo-timeline.ts";

export interface CycleChildSpec {
  dynamoEndpoint: string;
  table: string;
  feeds: Array<{ url: string; name: string }>;
  /** The JSON lines sink's file. */
  jsonl: string;
  snsEndpoint: string;
  topicArn: string;
  /** The simulated clock of the cycle (ISO 8601): the demo's noon of the step's day. */
  now: string;
}

async function main(): Promise<void> {
  const path = process.argv[2];
  if (!path) {
    process.stderr.write("usage: cycle-child.ts <spec.json>\n");
    process.exit(2);
  }
  const spec = JSON.parse(await readFile(path, "utf8")) as CycleChildSpec;
  const client = createDynamoClient({ endpoint: spec.dynamoEndpoint });
  const sns = new SNSClient({
    endpoint: spec.snsEndpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  });
  const http = fastHttpClient();
  const deps = {
    http,
    store: new DynamoStore(client, spec.table),
    sinks: [new JsonLinesSink(spec.jsonl), new SnsPublisher(sns, spec.topicArn)],
    config: DEMO_CONFIG,
    now: () => new Date(spec.now),
  };
  process.stdout.write("ready\n");
  const report = await runCycle(deps, feedSpecs(spec.feeds));
  process.stdout.write(`${JSON.stringify({ ...report, feeds: undefined })}\n`);
  await http.close();
  client.destroy();
  sns.destroy();
}

// Run only as the child; the test imports this module for its spec's type.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
