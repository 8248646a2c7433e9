import { DynamoDBClient } from "@aws-sdk/client-dynamodb";

export interface DynamoClientOptions {
  /** A local engine (dynalite, DynamoDB Local) or a VPC endpoint; omitted in AWS. */
  endpoint?: string;
  region?: string;
  /** Attempts per request under the SDK's standard retry (throttling, 5xx, network). */
  maxAttempts?: number;
  /**
   * Milliseconds to open a connection and to wait for a reply. The SDK waits indefinitely by default,
   * so a command pointed at a black-holed address would hang; a person's one-off read wants a prompt no.
   */
  timeoutMs?: number;
}

const LOOPBACK = /^https?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?(\/|$)/i;

/**
 * Builds the one client a process uses. Retries are the SDK's: standard mode with backoff and jitter.
 * A failed condition (ConditionalCheckFailedException) is never retried by the SDK, which is what a
 * conditional commit needs: the caller re-reads and re-decides instead.
 */
export function createDynamoClient(options: DynamoClientOptions = {}): DynamoDBClient {
  const { endpoint, maxAttempts = 5, timeoutMs } = options;
  const region = options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "us-east-1";
  // Local engines ignore signatures but the SDK still signs; fixed letters-and-digits keys spare a
  // credential-chain lookup (and its instance-metadata timeout) on a laptop. DynamoDB Local 2.x
  // rejects keys with other characters.
  const local = endpoint !== undefined && LOOPBACK.test(endpoint);
  return new DynamoDBClient({
    region,
    maxAttempts,
    retryMode: "standard",
    ...(endpoint ? { endpoint } : {}),
    ...(timeoutMs ? { requestHandler: { connectionTimeout: timeoutMs, requestTimeout: timeoutMs } } : {}),
    ...(local ? { credentials: { accessKeyId: "local", secretAccessKey: "local" } } : {}),
  });
}
