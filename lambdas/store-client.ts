/** The store over the deployed table, built on first use and kept for the container's life. */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createDynamoClient } from "../lib/store/client.ts";
import { DynamoStore } from "../lib/store/dynamo-store.ts";
import { onReset, requireEnv } from "./runtime.ts";

let built: { client: DynamoDBClient; store: DynamoStore } | undefined;
onReset(() => {
  built?.client.destroy();
  built = undefined;
});

export function store(): DynamoStore {
  if (built === undefined) {
    // No endpoint: AWS in Lambda; AWS_ENDPOINT_URL_DYNAMODB, which the SDK reads itself, elsewhere.
    // A reply that never comes must not hold the function until its timeout.
    const client = createDynamoClient({ timeoutMs: 10_000 });
    built = { client, store: new DynamoStore(client, requireEnv("TABLE_NAME")) };
  }
  return built.store;
}
