import { createHash } from "node:crypto";
import {
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import type { Observation, TallyKey, TallyVersion } from "../model/tally.ts";
import { type Item, N, S } from "./attributes.ts";
import {
  decodeArticle,
  decodeFeedState,
  decodeObservation,
  decodeVersion,
  encodeArticle,
  encodeFeedState,
  encodeObservation,
  encodeVersion,
} from "./items.ts";
import {
  ARTICLE_SK,
  articlePk,
  FEED_SK,
  feedPk,
  OBSERVATION_PREFIX,
  tallyId,
  tallyPk,
  VERSION_PREFIX,
  versionSk,
} from "./keys.ts";
import type { AlertStore, ArticleStore, FeedStateStore, HistoryStore, TallyStore } from "./ports.ts";
import { queryAll, queryPage } from "./query.ts";
import type { ArticleRecord, FeedState, Page, PageOptions } from "./records.ts";
import { PENDING_INDEX, PENDING_PARTITION, TIME_INDEX, TIME_PARTITION } from "./table.ts";

const TABLE_KEY = ["PK", "SK"] as const;
const TIME_KEY = [...TABLE_KEY, "GSI2PK", "GSI2SK"] as const;

/** A failed condition is an answer ("someone else got there first"), not a fault. */
function conditionFailed(err: unknown): boolean {
  return err instanceof Error && err.name === "ConditionalCheckFailedException";
}

/** The DynamoDB adapter: every port of ports.ts over the single table of table.ts. */
export class DynamoStore implements TallyStore, HistoryStore, AlertStore, FeedStateStore, ArticleStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async currentVersion(key: TallyKey): Promise<TallyVersion | null> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: "PK = :pk AND begins_with(SK, :prefix)",
        ExpressionAttributeValues: { ":pk": S(tallyPk(key)), ":prefix": S(VERSION_PREFIX) },
        ScanIndexForward: false,
        Limit: 1,
        // After a lost race the caller re-reads here; an eventually consistent read could hand it
        // the version it just lost to as not yet there, and it would lose again.
        ConsistentRead: true,
      }),
    );
    const [item] = out.Items ?? [];
    return item ? decodeVersion(item) : null;
  }

  async getVersion(key: TallyKey, version: number): Promise<TallyVersion | null> {
    const item = await this.getItem(tallyPk(key), versionSk(version));
    return item ? decodeVersion(item) : null;
  }

  /**
   * The commit point of a decision: one PutItem of version n+1 that succeeds only if no item has
   * that key yet. Of any number of workers racing on a tally, exactly one commits each version.
   */
  async commitVersion(version: TallyVersion): Promise<"committed" | "conflict"> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: encodeVersion(version),
          ConditionExpression: "attribute_not_exists(PK)",
        }),
      );
      return "committed";
    } catch (err) {
      if (conditionFailed(err)) return "conflict";
      throw err;
    }
  }

  async addObservation(observation: Observation): Promise<void> {
    await this.client.send(
      new PutItemCommand({ TableName: this.tableName, Item: encodeObservation(observation) }),
    );
  }

  async incrementCorroboration(key: TallyKey, version: number, doc: string): Promise<number | null> {
    // The SDK retries an update whose answer was lost; a bare ADD would then count the article twice.
    // The version remembers who corroborated it (a short hash, so thousands fit in one item), and the
    // condition makes a second count of the same article a no-op.
    const who = createHash("sha256").update(doc).digest("hex").slice(0, 16);
    try {
      const out = await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { PK: S(tallyPk(key)), SK: S(versionSk(version)) },
          UpdateExpression: "ADD corroborations :one, corroboratedBy :who",
          // attribute_exists: without it ADD would create a stray item holding only a count.
          ConditionExpression: "attribute_exists(PK) AND NOT contains(corroboratedBy, :doc)",
          ExpressionAttributeValues: { ":one": N(1), ":who": { SS: [who] }, ":doc": S(who) },
          ReturnValues: "UPDATED_NEW",
        }),
      );
      return Number(out.Attributes?.corroborations?.N);
    } catch (err) {
      if (!conditionFailed(err)) throw err;
      // Missing, or this article was already counted: the version (if any) says which.
      return (await this.getVersion(key, version))?.corroborations ?? null;
    }
  }

  async versions(key: TallyKey, options: PageOptions = {}): Promise<Page<TallyVersion>> {
    const page = await queryPage(
      this.client,
      this.tableName,
      {
        KeyConditionExpression: "PK = :pk AND begins_with(SK, :prefix)",
        ExpressionAttributeValues: { ":pk": S(tallyPk(key)), ":prefix": S(VERSION_PREFIX) },
        ScanIndexForward: false,
      },
      TABLE_KEY,
      options,
    );
    return { items: page.items.map(decodeVersion), cursor: page.cursor };
  }

  async observations(key: TallyKey, options: PageOptions = {}): Promise<Page<Observation>> {
    const page = await queryPage(
      this.client,
      this.tableName,
      {
        KeyConditionExpression: "PK = :pk AND begins_with(SK, :prefix)",
        ExpressionAttributeValues: { ":pk": S(tallyPk(key)), ":prefix": S(OBSERVATION_PREFIX) },
      },
      TABLE_KEY,
      options,
    );
    return { items: page.items.map(decodeObservation), cursor: page.cursor };
  }

  /**
   * Reads every version once through the time index and keeps the newest of each tally. Revisions
   * are rare (thousands over a war, not millions), so this one ordered Query stays small, and unlike
   * a Scan it never reads observations or article records. Index reads are eventually consistent:
   * fine for listings; decisions use currentVersion.
   */
  async allTallies(): Promise<TallyVersion[]> {
    const newest = new Map<string, TallyVersion>();
    for await (const item of queryAll(this.client, this.tableName, {
      IndexName: TIME_INDEX,
      KeyConditionExpression: "GSI2PK = :pk",
      ExpressionAttributeValues: { ":pk": S(TIME_PARTITION) },
    })) {
      const version = decodeVersion(item);
      const id = tallyId(version.key);
      const seen = newest.get(id);
      if (!seen || seen.version < version.version) newest.set(id, version);
    }
    return [...newest.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
  }

  /** isoTime is compared as a string with observedAt: pass UTC ISO 8601 ("...Z"), as observedAt is. */
  async revisionsSince(isoTime: string, options: PageOptions = {}): Promise<Page<TallyVersion>> {
    const page = await queryPage(
      this.client,
      this.tableName,
      {
        IndexName: TIME_INDEX,
        KeyConditionExpression: "GSI2PK = :pk AND GSI2SK >= :since",
        ExpressionAttributeValues: { ":pk": S(TIME_PARTITION), ":since": S(isoTime) },
      },
      TIME_KEY,
      options,
    );
    return { items: page.items.map(decodeVersion), cursor: page.cursor };
  }

  /**
   * Index reads lag writes slightly in AWS: a version just marked sent may still be listed. Callers
   * that must not publish twice re-read it with getVersion before publishing.
   */
  async pendingAlerts(options: { limit?: number } = {}): Promise<TallyVersion[]> {
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    const pending: TallyVersion[] = [];
    for await (const item of queryAll(this.client, this.tableName, {
      IndexName: PENDING_INDEX,
      KeyConditionExpression: "GSI1PK = :pk",
      ExpressionAttributeValues: { ":pk": S(PENDING_PARTITION) },
    })) {
      if (pending.length >= limit) break;
      pending.push(decodeVersion(item));
    }
    return pending;
  }

  async markAlertSent(key: TallyKey, version: number, sentAt = new Date().toISOString()): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { PK: S(tallyPk(key)), SK: S(versionSk(version)) },
          // Dropping the index keys takes the version out of the sparse pending index.
          UpdateExpression: "SET alertState = :sent, alertSentAt = :at REMOVE GSI1PK, GSI1SK",
          ConditionExpression: "alertState = :pending",
          ExpressionAttributeValues: { ":sent": S("sent"), ":pending": S("pending"), ":at": S(sentAt) },
        }),
      );
      return true;
    } catch (err) {
      if (conditionFailed(err)) return false;
      throw err;
    }
  }

  async getFeedState(id: string): Promise<FeedState | null> {
    const item = await this.getItem(feedPk(id), FEED_SK);
    return item ? decodeFeedState(item) : null;
  }

  async putFeedState(state: FeedState): Promise<void> {
    await this.client.send(new PutItemCommand({ TableName: this.tableName, Item: encodeFeedState(state) }));
  }

  async getArticle(url: string): Promise<ArticleRecord | null> {
    const item = await this.getItem(articlePk(url), ARTICLE_SK);
    return item ? decodeArticle(item) : null;
  }

  async putArticle(record: ArticleRecord): Promise<void> {
    await this.client.send(new PutItemCommand({ TableName: this.tableName, Item: encodeArticle(record) }));
  }

  private async getItem(pk: string, sk: string): Promise<Item | null> {
    const out = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: { PK: S(pk), SK: S(sk) }, ConsistentRead: true }),
    );
    return out.Item ?? null;
  }
}
