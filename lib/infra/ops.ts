/**
 * Alarms that tell the operator something needs a person: a message in the dead-letter queue, a
 * function that crashed or was throttled, feeds that keep failing. Each one notifies the ops topic.
 */

import { Duration } from "aws-cdk-lib";
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  Metric,
  Stats,
  TreatMissingData,
} from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import type { ITopic } from "aws-cdk-lib/aws-sns";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { METRICS_NAMESPACE, SERVICE_NAME, type TollWatchFunction } from "./functions.ts";

/** The Powertools metric the handlers emit (EMF) for each feed fetch or parse that failed. */
export const FEED_FAILURES_METRIC = "FeedFailures";

export interface OperationsProps {
  opsTopic: ITopic;
  deadLetterQueue: IQueue;
  functions: readonly TollWatchFunction[];
  /** Sets the feed-failure threshold: as many failures in an hour as there are polls in an hour. */
  scheduleRateMinutes: number;
}

export class Operations extends Construct {
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);
    const action = new SnsAction(props.opsTopic);
    // `atLeast` 1 reads "any": a single dead letter, error or throttle needs a look.
    const alarm = (alarmId: string, metric: IMetric, atLeast: number, description: string) => {
      const created = new Alarm(this, alarmId, {
        metric,
        threshold: atLeast,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        // No data means nothing happened: no messages, no invocations, no failures.
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      created.addAlarmAction(action);
      this.alarms.push(created);
    };

    alarm(
      "DeadLetters",
      props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: Stats.MAXIMUM,
      }),
      1,
      "A feed message failed 3 times and is in the dead-letter queue: read the poller logs, fix the feed or the config, then redrive the queue",
    );

    for (const fn of props.functions) {
      const name = fn.node.id;
      alarm(
        `${name}Errors`,
        fn.function.metricErrors({ period: Duration.minutes(5), statistic: Stats.SUM }),
        1,
        `The ${name} function failed (an uncaught error or a timeout): read its log group ${fn.logGroup.logGroupName}`,
      );
      alarm(
        `${name}Throttles`,
        fn.function.metricThrottles({ period: Duration.minutes(5), statistic: Stats.SUM }),
        1,
        `The ${name} function was throttled: raise the account's Lambda concurrency or lower pollerReservedConcurrency`,
      );
    }

    // One failure is the weather of the web; a feed that fails on every poll for an hour is not.
    const pollsPerHour = Math.max(1, Math.ceil(60 / props.scheduleRateMinutes));
    alarm(
      "FeedFailures",
      new Metric({
        namespace: METRICS_NAMESPACE,
        metricName: FEED_FAILURES_METRIC,
        dimensionsMap: { service: SERVICE_NAME },
        period: Duration.hours(1),
        statistic: Stats.SUM,
      }),
      pollsPerHour,
      `Feeds failed at least ${pollsPerHour} times in an hour: read the poller logs for the feed and the error`,
    );
  }
}
