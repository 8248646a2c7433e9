/** The feed queue's client, built on first use and kept for the container's life. */
import { SQSClient } from "@aws-sdk/client-sqs";
import { onReset } from "./runtime.ts";

let client: SQSClient | undefined;
onReset(() => {
  client?.destroy();
  client = undefined;
});

export function sqs(): SQSClient {
  client ??= new SQSClient({});
  return client;
}
