import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createDynamoClient } from "../../lib/store/client.ts";
import { startEmbeddedDynamo } from "../../lib/store/embedded.ts";

export interface LocalDynamo {
  endpoint: string;
  client: DynamoDBClient;
  close(): Promise<void>;
}

/** dynalite in this process on 127.0.0.1 and a free port, in memory, tables ACTIVE at once. */
export async function startDynalite(): Promise<LocalDynamo> {
  const engine = await startEmbeddedDynamo();
  const client = createDynamoClient({ endpoint: engine.endpoint });
  return {
    endpoint: engine.endpoint,
    client,
    close: async () => {
      client.destroy();
      await engine.close();
    },
  };
}
