/**
 * The two SNS topics: alerts (toll revisions, to the people in context) and ops (alarms). Both are
 * encrypted with their own rotating customer-managed key and refuse requests that are not over TLS.
 */

import { Duration, RemovalPolicy, Stack } from "aws-cdk-lib";
import { type IGrantable, PolicyStatement, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Key } from "aws-cdk-lib/aws-kms";
import { SubscriptionFilter, Topic } from "aws-cdk-lib/aws-sns";
import { EmailSubscription, SmsSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import { Construct } from "constructs";
import type { FilterPolicy } from "./context.ts";

function topicKey(scope: Construct, description: string): Key {
  return new Key(scope, "Key", {
    description,
    enableKeyRotation: true,
    // The key only protects messages in flight; nothing stays encrypted with it once the topic is gone.
    removalPolicy: RemovalPolicy.DESTROY,
    pendingWindow: Duration.days(7),
  });
}

export interface AlertsTopicProps {
  emails: readonly string[];
  phones: readonly string[];
  /** Endpoint -> filter policy over the attributes party, population, category, kind. */
  filters: Readonly<Record<string, FilterPolicy>>;
}

export class AlertsTopic extends Construct {
  readonly topic: Topic;
  readonly key: Key;

  constructor(scope: Construct, id: string, props: AlertsTopicProps) {
    super(scope, id);
    this.key = topicKey(this, "Toll Watch alerts topic");
    this.topic = new Topic(this, "Topic", {
      displayName: "Toll Watch",
      masterKey: this.key,
      enforceSSL: true,
    });
    for (const email of props.emails) {
      this.topic.addSubscription(
        new EmailSubscription(email, { filterPolicy: filterFor(props.filters[email]) }),
      );
    }
    for (const phone of props.phones) {
      this.topic.addSubscription(
        new SmsSubscription(phone, { filterPolicy: filterFor(props.filters[phone]) }),
      );
    }
  }

  /** sns:Publish plus the two KMS actions SNS needs to encrypt the message with the topic's key. */
  grantPublish(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: ["sns:Publish"], resources: [this.topic.topicArn] }),
    );
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: ["kms:GenerateDataKey", "kms:Decrypt"], resources: [this.key.keyArn] }),
    );
  }
}

function filterFor(policy: FilterPolicy | undefined): Record<string, SubscriptionFilter> | undefined {
  if (policy === undefined) return undefined;
  const filter: Record<string, SubscriptionFilter> = {};
  for (const [attribute, values] of Object.entries(policy)) {
    if (values !== undefined) filter[attribute] = SubscriptionFilter.stringFilter({ allowlist: values });
  }
  return filter;
}

export interface OpsTopicProps {
  /** @default nobody: alarms still show in the console */
  email?: string;
}

export class OpsTopic extends Construct {
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: OpsTopicProps = {}) {
    super(scope, id);
    const { account } = Stack.of(this);
    const key = topicKey(this, "Toll Watch ops topic (alarms)");
    // CloudWatch publishes alarms as a service, so the key policy must let it encrypt for the topic.
    key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal("cloudwatch.amazonaws.com")],
        actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
        resources: ["*"],
      }),
    );
    this.topic = new Topic(this, "Topic", {
      displayName: "Toll Watch ops",
      masterKey: key,
      enforceSSL: true,
    });
    // enforceSSL replaces SNS's default topic policy, which is what let CloudWatch publish in the first place.
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal("cloudwatch.amazonaws.com")],
        actions: ["sns:Publish"],
        resources: [this.topic.topicArn],
        conditions: { StringEquals: { "aws:SourceAccount": account } },
      }),
    );
    if (props.email !== undefined) this.topic.addSubscription(new EmailSubscription(props.email));
  }
}
