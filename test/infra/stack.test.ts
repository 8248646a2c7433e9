import { Match } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { TABLE } from "../../lib/store/table.ts";
import { buildStack, functionId, functionProps, type Synthesized } from "./stack-fixture.ts";

describe("TollWatchStack with the default context", () => {
  let synth: Synthesized;
  beforeAll(async () => {
    synth = await buildStack();
  });

  it("runs the planner every 15 minutes and the sweep every 10 through EventBridge Scheduler", () => {
    synth.template.resourceCountIs("AWS::Scheduler::Schedule", 2);
    synth.template.hasResourceProperties("AWS::Scheduler::Schedule", {
      ScheduleExpression: "rate(15 minutes)",
      Target: Match.objectLike({
        Arn: { "Fn::GetAtt": [functionId(synth, "Planner"), "Arn"] },
        // The planner plans the slot it was scheduled for, however late it runs.
        Input: JSON.stringify({ time: "<aws.scheduler.scheduled-time>", source: "aws.scheduler" }),
      }),
    });
    synth.template.hasResourceProperties("AWS::Scheduler::Schedule", {
      ScheduleExpression: "rate(10 minutes)",
      Target: Match.objectLike({ Arn: { "Fn::GetAtt": [functionId(synth, "Sweep"), "Arn"] } }),
    });
  });

  it("queues feeds with SQS-managed encryption, TLS only, a 6x visibility timeout and a dead-letter queue", () => {
    const poller = functionProps(synth, "Poller");
    const queues = synth.template.findResources("AWS::SQS::Queue");
    const [dlqId] = Object.entries(queues).find(([id]) => id.includes("DeadLetter")) ?? [];
    const [queueId, queue] = Object.entries(queues).find(([id]) => id.includes("FeedQueue")) ?? [];
    expect(dlqId).toBeDefined();
    expect(queue?.Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: { "Fn::GetAtt": [dlqId, "Arn"] }, maxReceiveCount: 3 },
    });
    expect(queue?.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(6 * Number(poller.Timeout));
    expect(queues[dlqId ?? ""]?.Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
    for (const id of [queueId, dlqId]) {
      synth.template.hasResourceProperties("AWS::SQS::QueuePolicy", {
        Queues: [{ Ref: id }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
          ]),
        },
      });
    }
  });

  it("feeds the poller from the queue in batches of 10 with partial batch failures", () => {
    synth.template.resourceCountIs("AWS::Lambda::EventSourceMapping", 1);
    synth.template.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      FunctionName: { Ref: functionId(synth, "Poller") },
      BatchSize: 10,
      MaximumBatchingWindowInSeconds: 5,
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      ScalingConfig: { MaximumConcurrency: 5 },
    });
    expect(functionProps(synth, "Poller").ReservedConcurrentExecutions).toBe(5);
  });

  it("builds the table from TABLE: on demand, PITR, deletion protection, retained, TTL and both GSIs", () => {
    synth.template.resourceCountIs("AWS::DynamoDB::Table", 1);
    synth.template.hasResource("AWS::DynamoDB::Table", {
      DeletionPolicy: "Retain",
      UpdateReplacePolicy: "Retain",
      Properties: Match.objectLike({
        BillingMode: "PAY_PER_REQUEST",
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        TimeToLiveSpecification: { AttributeName: TABLE.timeToLiveAttribute, Enabled: true },
        KeySchema: [
          { AttributeName: TABLE.partitionKey.name, KeyType: "HASH" },
          { AttributeName: TABLE.sortKey.name, KeyType: "RANGE" },
        ],
        GlobalSecondaryIndexes: TABLE.globalSecondaryIndexes.map((index) => ({
          IndexName: index.indexName,
          KeySchema: [
            { AttributeName: index.partitionKey.name, KeyType: "HASH" },
            { AttributeName: index.sortKey.name, KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: index.projection },
        })),
      }),
    });
  });

  it("runs every function on nodejs22.x arm64 with its own log group and the shared environment", () => {
    const functions = synth.template.findResources("AWS::Lambda::Function");
    expect(Object.keys(functions)).toHaveLength(4);
    for (const fn of Object.values(functions)) {
      expect(fn.Properties).toMatchObject({
        Runtime: "nodejs22.x",
        Architectures: ["arm64"],
        LoggingConfig: { LogGroup: { Ref: expect.any(String) } },
        Environment: {
          Variables: {
            POWERTOOLS_SERVICE_NAME: "tollwatch",
            POWERTOOLS_METRICS_NAMESPACE: "TollWatch",
          },
        },
      });
      // Source maps are opt-in: parsing them would cost every cold start about 60 ms.
      expect(fn.Properties.Environment.Variables.NODE_OPTIONS).toBeUndefined();
      const logGroup = synth.template.toJSON().Resources[fn.Properties.LoggingConfig.LogGroup.Ref];
      expect(logGroup.Properties.RetentionInDays).toBeGreaterThan(0);
    }
  });

  it("gives each function the variables of its grants", () => {
    const env = (part: string) =>
      Object.keys(
        (functionProps(synth, part).Environment as { Variables: Record<string, unknown> }).Variables,
      );
    expect(env("Planner")).toEqual(expect.arrayContaining(["QUEUE_URL", "SCHEDULE_RATE_MINUTES"]));
    expect(env("Planner")).not.toContain("TABLE_NAME");
    expect(env("Poller")).toEqual(expect.arrayContaining(["TABLE_NAME", "TOPIC_ARN"]));
    expect(env("Sweep")).toEqual(expect.arrayContaining(["TABLE_NAME", "TOPIC_ARN"]));
    expect(env("Query")).toContain("TABLE_NAME");
    expect(env("Query")).not.toContain("TOPIC_ARN");
  });

  it("encrypts both topics with rotating customer-managed keys and refuses publishing without TLS", () => {
    synth.template.resourceCountIs("AWS::SNS::Topic", 2);
    synth.template.resourceCountIs("AWS::KMS::Key", 2);
    for (const topic of Object.values(synth.template.findResources("AWS::SNS::Topic"))) {
      const keyId = topic.Properties.KmsMasterKeyId["Fn::GetAtt"][0];
      expect(synth.template.toJSON().Resources[keyId].Properties.EnableKeyRotation).toBe(true);
    }
    synth.template.resourceCountIs("AWS::SNS::TopicPolicy", 2);
    synth.template.allResourcesProperties("AWS::SNS::TopicPolicy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        ]),
      },
    });
  });

  it("subscribes nobody when alertEmails, alertPhones and opsEmail are empty", () => {
    synth.template.resourceCountIs("AWS::SNS::Subscription", 0);
  });

  it("serves GET /tallies, /tallies/{id}/versions and /revisions with AWS_IAM auth and access logs", () => {
    synth.template.resourceCountIs("AWS::ApiGatewayV2::Route", 3);
    for (const route of ["GET /tallies", "GET /tallies/{id}/versions", "GET /revisions"]) {
      synth.template.hasResourceProperties("AWS::ApiGatewayV2::Route", {
        RouteKey: route,
        AuthorizationType: "AWS_IAM",
      });
    }
    synth.template.hasResourceProperties("AWS::ApiGatewayV2::Stage", {
      StageName: "$default",
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: { "Fn::GetAtt": [Match.stringLikeRegexp("AccessLogs"), "Arn"] } },
    });
    synth.template.hasResourceProperties("AWS::ApiGatewayV2::Integration", {
      IntegrationType: "AWS_PROXY",
      IntegrationUri: { "Fn::GetAtt": [functionId(synth, "Query"), "Arn"] },
    });
  });

  it("alarms on dead letters, each function's errors and throttles and feed failures, to the ops topic", () => {
    const opsTopic = Object.keys(synth.template.findResources("AWS::SNS::Topic")).find((id) =>
      id.startsWith("Ops"),
    );
    const alarms = Object.values(synth.template.findResources("AWS::CloudWatch::Alarm"));
    expect(alarms).toHaveLength(1 + 4 * 2 + 1);
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toEqual([{ Ref: opsTopic }]);
    const by = (metric: string) => alarms.filter((a) => a.Properties.MetricName === metric);
    expect(by("ApproximateNumberOfMessagesVisible")[0]?.Properties).toMatchObject({
      Namespace: "AWS/SQS",
      Dimensions: [
        { Name: "QueueName", Value: { "Fn::GetAtt": [expect.stringMatching(/DeadLetter/), "QueueName"] } },
      ],
      Threshold: 1,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
    });
    for (const part of ["Planner", "Poller", "Sweep", "Query"]) {
      for (const metric of ["Errors", "Throttles"]) {
        expect(
          by(metric).some((a) => a.Properties.Dimensions[0].Value.Ref === functionId(synth, part)),
          `${metric} alarm for ${part}`,
        ).toBe(true);
      }
    }
    expect(by("FeedFailures")[0]?.Properties).toMatchObject({
      Namespace: "TollWatch",
      Dimensions: [{ Name: "service", Value: "tollwatch" }],
      Statistic: "Sum",
      Threshold: 4,
    });
  });

  it("lets CloudWatch use the ops topic's key", () => {
    synth.template.hasResourceProperties("AWS::KMS::Key", {
      Description: Match.stringLikeRegexp("ops"),
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
          }),
        ]),
      },
    });
  });

  it("outputs the table, topic, API and queue addresses", () => {
    for (const name of ["TableName", "AlertsTopicArn", "ApiUrl", "QueueUrl", "DeadLetterQueueUrl"]) {
      synth.template.hasOutput(name, { Value: Match.anyValue() });
    }
  });
});

describe("TollWatchStack from context", () => {
  it("takes the rates and concurrency as strings from -c", async () => {
    const synth = await buildStack({
      scheduleRateMinutes: "5",
      sweepRateMinutes: "1",
      pollerReservedConcurrency: "8",
    });
    synth.template.hasResourceProperties("AWS::Scheduler::Schedule", {
      ScheduleExpression: "rate(5 minutes)",
    });
    synth.template.hasResourceProperties("AWS::Scheduler::Schedule", {
      ScheduleExpression: "rate(1 minute)",
    });
    synth.template.hasResourceProperties("AWS::Lambda::Function", { ReservedConcurrentExecutions: 8 });
    synth.template.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      ScalingConfig: { MaximumConcurrency: 8 },
    });
    synth.template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      MetricName: "FeedFailures",
      Threshold: 12,
    });
  });

  it("takes numbers as cdk.json gives them", async () => {
    const synth = await buildStack({ scheduleRateMinutes: 120 });
    synth.template.hasResourceProperties("AWS::Scheduler::Schedule", { ScheduleExpression: "rate(2 hours)" });
  });

  it("subscribes the e-mail addresses and phones, with the filter policy given for one of them", async () => {
    const synth = await buildStack({
      alertEmails: "a@example.org, b@example.org",
      alertPhones: "+37491234567",
      alertFilters: JSON.stringify({ "a@example.org": { party: ["Armenia"], category: ["killed"] } }),
      opsEmail: "ops@example.org",
    });
    const subscriptions = Object.values(synth.template.findResources("AWS::SNS::Subscription"));
    expect(subscriptions.map((s) => [s.Properties.Protocol, s.Properties.Endpoint]).sort()).toEqual([
      ["email", "a@example.org"],
      ["email", "b@example.org"],
      ["email", "ops@example.org"],
      ["sms", "+37491234567"],
    ]);
    synth.template.hasResourceProperties("AWS::SNS::Subscription", {
      Endpoint: "a@example.org",
      FilterPolicy: { party: ["Armenia"], category: ["killed"] },
    });
    for (const endpoint of ["b@example.org", "+37491234567"]) {
      synth.template.hasResourceProperties("AWS::SNS::Subscription", {
        Endpoint: endpoint,
        FilterPolicy: Match.absent(),
      });
    }
  });

  it("takes alertFilters as an object from cdk.json and names parties canonically", async () => {
    const synth = await buildStack({
      alertPhones: ["+37491234567"],
      alertFilters: { "+37491234567": { party: ["Türkiye"], kind: ["revise"] } },
    });
    synth.template.hasResourceProperties("AWS::SNS::Subscription", {
      Protocol: "sms",
      FilterPolicy: { party: ["Turkey"], kind: ["revise"] },
    });
  });
});
