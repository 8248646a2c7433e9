import { type DynamoDBClient, QueryCommand, type QueryCommandInput } from "@aws-sdk/client-dynamodb";
import type { Item } from "./attributes.ts";
import { decodeCursor, encodeCursor, InvalidCursorError } from "./cursor.ts";
import type { Page, PageOptions } from "./records.ts";

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 1000;

function pageLimit(limit: number | undefined): number {
  const value = limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(value) || value < 1 || value > MAX_LIMIT) {
    throw new RangeError(`limit must be an integer in 1..${MAX_LIMIT}, got ${value}`);
  }
  return value;
}

/**
 * Asks for one item more than the page holds: if it comes, there is a next page and the cursor
 * points at the page's last item; so the last page ends with a null cursor, not an empty page.
 */
export async function queryPage(
  client: DynamoDBClient,
  tableName: string,
  input: Omit<QueryCommandInput, "TableName">,
  keyNames: readonly string[],
  options: PageOptions,
): Promise<Page<Item>> {
  const limit = pageLimit(options.limit);
  const start = options.cursor ? decodeCursor(options.cursor, keyNames) : undefined;
  // A cursor from another tally's listing would make DynamoDB reject the request; say why instead.
  const partition = input.IndexName ? keyNames[2] : keyNames[0];
  const wanted = input.ExpressionAttributeValues?.[":pk"]?.S;
  if (start && partition && start[partition]?.S !== wanted) {
    throw new InvalidCursorError("cursor does not belong to this query");
  }
  const out = await client.send(
    new QueryCommand({
      ...input,
      TableName: tableName,
      Limit: limit + 1,
      ...(start ? { ExclusiveStartKey: start } : {}),
    }),
  );
  const items = out.Items ?? [];
  if (items.length > limit) {
    const page = items.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page, cursor: last ? encodeCursor(last, keyNames) : null };
  }
  // Fewer items than asked with a LastEvaluatedKey: the 1 MB response cap cut the page short.
  const next = out.LastEvaluatedKey;
  return { items, cursor: next && items.length > 0 ? encodeCursor(next, keyNames) : null };
}

export async function* queryAll(
  client: DynamoDBClient,
  tableName: string,
  input: Omit<QueryCommandInput, "TableName">,
): AsyncGenerator<Item> {
  let start: Item | undefined;
  do {
    const out = await client.send(
      new QueryCommand({ ...input, TableName: tableName, ExclusiveStartKey: start }),
    );
    yield* out.Items ?? [];
    start = out.LastEvaluatedKey;
  } while (start);
}
