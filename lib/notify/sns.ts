/** The SNS adapter: one Publish per alert, with a message per protocol and filterable attributes. */
import { type MessageAttributeValue, PublishCommand, type SNSClient } from "@aws-sdk/client-sns";
import type { TallyVersion } from "../model/tally.ts";
import { AlertDeliveryError, describeCause } from "./errors.ts";
import type { AlertSink } from "./sink.ts";
import { renderAlert } from "./wording.ts";

// Error codes after which the same request may succeed later; the rest need a person to fix something.
const RETRYABLE_CODES = new Set([
  "Throttling",
  "ThrottlingException",
  "ThrottledException",
  "InternalError",
  "InternalErrorException",
  "ServiceUnavailable",
  "KMSThrottlingException",
  "TimeoutError",
  "RequestTimeout",
]);

const HINTS: Record<string, string> = {
  NotFound: "check the topic ARN and region",
  NotFoundException: "check the topic ARN and region",
  AuthorizationError: "allow sns:Publish on the topic for these credentials",
  AuthorizationErrorException: "allow sns:Publish on the topic for these credentials",
  InvalidClientTokenId: "check the AWS credentials",
  SignatureDoesNotMatch: "check the AWS credentials",
  UnrecognizedClientException: "check the AWS credentials",
  InvalidParameter: "the message was refused as invalid; report this as a Toll Watch bug",
  InvalidParameterException: "the message was refused as invalid; report this as a Toll Watch bug",
  KMSDisabledException: "enable the topic's KMS key or let SNS use it",
  KMSAccessDeniedException: "let SNS use the topic's KMS key",
};

export class SnsPublisher implements AlertSink {
  readonly name = "sns";
  constructor(
    private readonly client: SNSClient,
    private readonly topicArn: string,
  ) {}

  /** Publishes one alert and returns SNS's MessageId. */
  async publish(version: TallyVersion, watchTitle?: string): Promise<string> {
    const words = renderAlert(version, watchTitle);
    const command = new PublishCommand({
      TopicArn: this.topicArn,
      Subject: words.subject,
      MessageStructure: "json",
      // "default" reaches every protocol without its own key (https, SQS, Lambda, email-json).
      Message: JSON.stringify({ default: words.email, email: words.email, sms: words.sms }),
      MessageAttributes: {
        party: text(version.key.party),
        population: text(version.key.population),
        category: text(version.key.category),
        kind: text(version.kind),
      },
    });
    try {
      const output = await this.client.send(command);
      if (!output.MessageId) throw new Error("SNS answered without a MessageId");
      return output.MessageId;
    } catch (cause) {
      throw toDeliveryError(cause, this.topicArn);
    }
  }

  async deliver(version: TallyVersion, watchTitle?: string): Promise<void> {
    await this.publish(version, watchTitle);
  }
}

function text(value: string): MessageAttributeValue {
  return { DataType: "String", StringValue: value };
}

function toDeliveryError(cause: unknown, topicArn: string): AlertDeliveryError {
  const failure = cause as { name?: string; $retryable?: unknown; $metadata?: { httpStatusCode?: number } };
  const code = failure?.name ?? "Error";
  const status = failure?.$metadata?.httpStatusCode ?? null;
  const retryable =
    RETRYABLE_CODES.has(code) ||
    Boolean(failure?.$retryable) ||
    (status !== null && (status >= 500 || status === 429)) ||
    status === null;
  const hint = HINTS[code] ?? (retryable ? "it will be tried again" : "check the topic and credentials");
  return new AlertDeliveryError(
    `SNS publish to ${topicArn} failed (${describeCause(cause)}): ${hint}; the alert stays pending`,
    { sink: "sns", retryable, status, cause },
  );
}
