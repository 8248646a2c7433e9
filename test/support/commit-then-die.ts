/**
 * Child process of the crash-recovery test: commits one pending revision to the table at ENDPOINT,
 * then dies without warning at the chosen point, as a Lambda does when it times out or a laptop
 * loses power. Modes: "before-publish" (commit, then die) and "before-mark" (commit, publish to the
 * SNS endpoint, then die before marking the alert sent).
 * Usage: node --import tsx test/support/commit-then-die.ts <dynamo-endpoint> <table> <mode> [sns-url]
 */
import { pathToFileURL } from "node:url";
import { SNSClient } from "@aws-sdk/client-sns";
import type { TallyVersion } from "../../lib/model/tally.ts";
import { SnsPublisher } from "../../lib/notify/sns.ts";
import { createDynamoClient } from "../../lib/store/client.ts";
import { DynamoStore } from "../../lib/store/dynamo-store.ts";

export const CRASH_TOPIC = "arn:aws:sns:us-east-1:000000000000:tollwatch-crash";

export function crashRevision(observedAt: string): TallyVersion {
  return {
    key: { watch: "border-war", party: "Freedonia", population: "military", category: "killed" },
    version: 2,
    kind: "revise",
    value: 1310,
    qualifier: "exact",
    claimant: "Freedonia Defence Ministry",
    statedOn: "2021-02-01",
    observedAt,
    previousValue: 1200,
    evidence: [
      {
        doc: "https://news.example/freedonia/update",
        outlet: "Example News",
        quote: "Freedonia's defence ministry raised its count of fallen soldiers to 1,310.",
        observedAt,
      },
    ],
    corroborations: 0,
    alertState: "pending",
  };
}

function dieHard(): never {
  // SIGKILL: no exit handlers, no flushing, nothing after this line runs.
  process.kill(process.pid, "SIGKILL");
  throw new Error("unreachable: SIGKILL did not stop the process");
}

async function main(): Promise<void> {
  const [endpoint, table, mode, snsUrl] = process.argv.slice(2);
  if (!endpoint || !table || (mode !== "before-publish" && mode !== "before-mark")) {
    process.stderr.write(
      "usage: commit-then-die.ts <dynamo-endpoint> <table> before-publish|before-mark [sns-url]\n",
    );
    process.exit(2);
  }
  const store = new DynamoStore(createDynamoClient({ endpoint }), table);
  const version = crashRevision(new Date().toISOString());
  if ((await store.commitVersion(version)) !== "committed") throw new Error("the revision was already there");
  if (mode === "before-publish") dieHard();
  if (!snsUrl) throw new Error("before-mark needs the SNS endpoint URL");
  const sns = new SNSClient({
    endpoint: snsUrl,
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    maxAttempts: 1,
  });
  await new SnsPublisher(sns, CRASH_TOPIC).publish(version);
  dieHard();
}

// Run only as the child; the test imports this module for the revision it commits.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
