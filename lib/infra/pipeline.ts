/**
 * The polling pipeline: a schedule runs the planner, the planner queues one message per due feed, the
 * poller works the queue (failed feeds retry, then land in the dead-letter queue), and a second
 * schedule runs the sweep that re-sends alerts left pending.
 */

import { type CfnResource, Duration, Stack, Validations } from "aws-cdk-lib";
import { PolicyStatement, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import {
  ContextAttribute,
  Schedule,
  ScheduleExpression,
  ScheduleTargetInput,
} from "aws-cdk-lib/aws-scheduler";
import { LambdaInvoke } from "aws-cdk-lib/aws-scheduler-targets";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import type { AlertsTopic } from "./alerts.ts";
import { ENV, TollWatchFunction } from "./functions.ts";
import type { TollWatchTable } from "./table.ts";

// One message is one feed: a feed fetch and a few article pages, each capped at 45 s by the HTTP policy.
const POLLER_TIMEOUT = Duration.minutes(5);
// AWS's advice for SQS event sources: at least six times the function timeout, so a message is not
// handed to a second poller while the first still works on it (retries inside a batch included).
const VISIBILITY_TIMEOUT = Duration.seconds(POLLER_TIMEOUT.toSeconds() * 6);
const MAX_RECEIVE_COUNT = 3;

export interface PipelineProps {
  table: TollWatchTable;
  alerts: AlertsTopic;
  scheduleRateMinutes: number;
  sweepRateMinutes: number;
  pollerReservedConcurrency: number;
  /** The esbuild define carrying the config into the planner and poller bundles. */
  configDefine: Record<string, string>;
}

export class Pipeline extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly planner: TollWatchFunction;
  readonly poller: TollWatchFunction;
  readonly sweep: TollWatchFunction;
  readonly plannerSchedule: Schedule;
  readonly sweepSchedule: Schedule;

  constructor(scope: Construct, id: string, props: PipelineProps) {
    super(scope, id);

    this.deadLetterQueue = new Queue(this, "DeadLetterQueue", {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new Queue(this, "FeedQueue", {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: VISIBILITY_TIMEOUT,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MAX_RECEIVE_COUNT },
    });

    this.planner = new TollWatchFunction(this, "Planner", {
      handler: "planner",
      description: "Toll Watch: queues one message per feed that is due",
      timeout: Duration.minutes(1),
      define: props.configDefine,
    });
    // SendMessage only (it also covers SendMessageBatch): the planner neither reads the queue nor the table.
    this.planner.function.addToRolePolicy(
      new PolicyStatement({ actions: ["sqs:SendMessage"], resources: [this.queue.queueArn] }),
    );
    this.planner
      .addEnvironment(ENV.queueUrl, this.queue.queueUrl)
      .addEnvironment(ENV.scheduleRateMinutes, String(props.scheduleRateMinutes));

    this.poller = new TollWatchFunction(this, "Poller", {
      handler: "poller",
      description: "Toll Watch: polls one feed per message, records figures, publishes alerts",
      timeout: POLLER_TIMEOUT,
      memorySize: 1024,
      define: props.configDefine,
      reservedConcurrentExecutions: props.pollerReservedConcurrency,
    });
    props.table.grantReadWrite(this.poller.function);
    props.alerts.grantPublish(this.poller.function);
    this.poller
      .addEnvironment(ENV.tableName, props.table.tableName)
      .addEnvironment(ENV.topicArn, props.alerts.topic.topicArn);
    this.poller.function.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: 10,
        maxBatchingWindow: Duration.seconds(5),
        reportBatchItemFailures: true,
        // Matches the reserved concurrency: more pollers than that would be throttled, and a throttled
        // message counts as a receive, so healthy feeds would end up in the dead-letter queue.
        maxConcurrency: props.pollerReservedConcurrency,
      }),
    );

    this.sweep = new TollWatchFunction(this, "Sweep", {
      handler: "sweep",
      description: "Toll Watch: re-sends alerts that stayed pending",
      timeout: Duration.minutes(2),
      // The watches' titles word the alerts it re-sends, as the poller's do.
      define: props.configDefine,
    });
    props.table.grantAlertMarking(this.sweep.function);
    props.alerts.grantPublish(this.sweep.function);
    this.sweep
      .addEnvironment(ENV.tableName, props.table.tableName)
      .addEnvironment(ENV.topicArn, props.alerts.topic.topicArn);

    this.plannerSchedule = everyMinutes(this, "PlannerSchedule", this.planner, props.scheduleRateMinutes);
    this.sweepSchedule = everyMinutes(this, "SweepSchedule", this.sweep, props.sweepRateMinutes);
  }
}

function everyMinutes(scope: Construct, id: string, target: TollWatchFunction, minutes: number): Schedule {
  const stack = Stack.of(scope);
  const period = Duration.minutes(minutes);
  // Our own role rather than the one LambdaInvoke would make, so the finding below can be scoped to it.
  const role = new Role(scope, `${id}Role`, {
    description: `EventBridge Scheduler invokes the Toll Watch ${target.node.id.toLowerCase()}`,
    assumedBy: new ServicePrincipal("scheduler.amazonaws.com", {
      conditions: {
        StringEquals: {
          "aws:SourceAccount": stack.account,
          "aws:SourceArn": stack.formatArn({
            service: "scheduler",
            resource: "schedule-group",
            resourceName: "default",
          }),
        },
      },
    }),
  });
  const functionId = stack.getLogicalId(target.function.node.defaultChild as CfnResource);
  Validations.of(role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${functionId}.Arn>:*]`,
    reason:
      "lambda:InvokeFunction on this one function; grantInvoke adds its qualified ARN (<arn>:* - its versions and aliases) beside the plain ARN, and no other function matches it",
  });
  return new Schedule(scope, id, {
    schedule: ScheduleExpression.rate(period),
    description: `Runs the Toll Watch ${target.node.id.toLowerCase()} every ${minutes} min`,
    // A run that cannot start before the next one is due is dropped rather than doubled up.
    // The scheduled time, not the moment of delivery, fixes the planner's slot: a late or retried run
    // plans the slot it was meant for (lambdas/planner.ts reads `time`).
    target: new LambdaInvoke(target.function, {
      role,
      retryAttempts: 2,
      maxEventAge: period,
      input: ScheduleTargetInput.fromObject({
        time: ContextAttribute.scheduledTime,
        source: "aws.scheduler",
      }),
    }),
  });
}
