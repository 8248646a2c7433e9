/** The alerts topic as a sink, built on first use and kept for the container's life. */
import { SNSClient } from "@aws-sdk/client-sns";
import { SnsPublisher } from "../lib/notify/sns.ts";
import { onReset, requireEnv } from "./runtime.ts";

let built: { client: SNSClient; sink: SnsPublisher } | undefined;
onReset(() => {
  built?.client.destroy();
  built = undefined;
});

export function snsSink(): SnsPublisher {
  if (built === undefined) {
    const client = new SNSClient({});
    built = { client, sink: new SnsPublisher(client, requireEnv("TOPIC_ARN")) };
  }
  return built.sink;
}
