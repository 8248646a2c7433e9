import {
  type AttributeDefinition,
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";

/** The one description of the single table, read by the CDK stack and by the local bootstrap alike. */
export interface KeyAttribute {
  name: string;
  type: "S" | "N";
}

export interface IndexDescription {
  indexName: string;
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  /** Items are small and every reader needs the whole version, so indexes project everything. */
  projection: "ALL";
}

export interface TableDescription {
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  billingMode: "PAY_PER_REQUEST";
  globalSecondaryIndexes: IndexDescription[];
  /** Epoch seconds; only article records carry it. */
  timeToLiveAttribute: string;
}

/**
 * Pending alerts: a sparse index. Only versions whose alert is pending carry GSI1PK/GSI1SK, so the
 * index holds exactly the work the notifier still owes and shrinks to nothing once alerts are sent.
 */
export const PENDING_INDEX = "GSI1";
export const PENDING_PARTITION = "ALERT#pending";

/**
 * Versions across tallies by time. One partition ("VERSION") rather than one per day: revisions are
 * rare (a few per watch per day), far below one partition's write limit, and a single partition lets
 * "since T" and "all tallies" be one ordered Query instead of a fan-out over days. Partition by day
 * only if writes ever approach hundreds per second.
 */
export const TIME_INDEX = "GSI2";
export const TIME_PARTITION = "VERSION";

export const TTL_ATTRIBUTE = "expiresAt";

export const TABLE: TableDescription = {
  partitionKey: { name: "PK", type: "S" },
  sortKey: { name: "SK", type: "S" },
  billingMode: "PAY_PER_REQUEST",
  globalSecondaryIndexes: [
    {
      indexName: PENDING_INDEX,
      partitionKey: { name: "GSI1PK", type: "S" },
      sortKey: { name: "GSI1SK", type: "S" },
      projection: "ALL",
    },
    {
      indexName: TIME_INDEX,
      partitionKey: { name: "GSI2PK", type: "S" },
      sortKey: { name: "GSI2SK", type: "S" },
      projection: "ALL",
    },
  ],
  timeToLiveAttribute: TTL_ATTRIBUTE,
};

/** CreateTable input for local engines (dynalite, DynamoDB Local); AWS tables come from the CDK stack. */
export function createTableInput(
  tableName: string,
  table: TableDescription = TABLE,
): CreateTableCommandInput {
  const attributes = new Map<string, AttributeDefinition>();
  const define = (key: KeyAttribute) =>
    attributes.set(key.name, { AttributeName: key.name, AttributeType: key.type });
  define(table.partitionKey);
  define(table.sortKey);
  for (const index of table.globalSecondaryIndexes) {
    define(index.partitionKey);
    define(index.sortKey);
  }
  return {
    TableName: tableName,
    BillingMode: table.billingMode,
    AttributeDefinitions: [...attributes.values()],
    KeySchema: [
      { AttributeName: table.partitionKey.name, KeyType: "HASH" },
      { AttributeName: table.sortKey.name, KeyType: "RANGE" },
    ],
    GlobalSecondaryIndexes: table.globalSecondaryIndexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey.name, KeyType: "HASH" },
        { AttributeName: index.sortKey.name, KeyType: "RANGE" },
      ],
      Projection: { ProjectionType: index.projection },
    })),
  };
}

function errorName(err: unknown): string {
  return err instanceof Error ? err.name : "";
}

async function tableStatus(client: DynamoDBClient, tableName: string): Promise<string | null> {
  try {
    const out = await client.send(new DescribeTableCommand({ TableName: tableName }));
    return out.Table?.TableStatus ?? null;
  } catch (err) {
    if (errorName(err) === "ResourceNotFoundException") return null;
    throw err;
  }
}

/** Creates the table when it is missing and waits until it is ACTIVE; safe to call on every start. */
export async function ensureTable(
  client: DynamoDBClient,
  tableName: string,
  { timeoutMs = 30_000 }: { timeoutMs?: number } = {},
): Promise<void> {
  if ((await tableStatus(client, tableName)) === null) {
    try {
      await client.send(new CreateTableCommand(createTableInput(tableName)));
    } catch (err) {
      // Another process created it between our look and our create: just wait for it.
      if (errorName(err) !== "ResourceInUseException") throw err;
    }
  }
  // The SDK waiter sleeps at least 20 s between polls; local engines are ready within milliseconds.
  const deadline = Date.now() + timeoutMs;
  while ((await tableStatus(client, tableName)) !== "ACTIVE") {
    if (Date.now() > deadline) throw new Error(`table ${tableName} not ACTIVE after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await enableTimeToLive(client, tableName);
}

async function enableTimeToLive(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    const status = ttl.TimeToLiveDescription?.TimeToLiveStatus;
    if (status === "ENABLED" || status === "ENABLING") return;
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
      }),
    );
  } catch (err) {
    // dynalite has no UpdateTimeToLive: local article records then simply never expire, which only
    // costs disk; the article re-check window is decided from lastSeen, never from expiry.
    if (errorName(err) === "UnknownOperationException") return;
    throw err;
  }
}
