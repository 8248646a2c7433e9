/** The Toll Watch stack: wiring only; each part is its own construct. */

import { CfnOutput, Stack, type StackProps } from "aws-cdk-lib";
import type { Construct } from "constructs";
import { AlertsTopic, OpsTopic } from "./alerts.ts";
import { QueryApi } from "./api.ts";
import { configDefine } from "./bundling.ts";
import type { StackInputs } from "./context.ts";
import { Operations } from "./ops.ts";
import { Pipeline } from "./pipeline.ts";
import { TollWatchTable } from "./table.ts";

export interface TollWatchStackProps extends StackProps, StackInputs {}

export class TollWatchStack extends Stack {
  readonly table: TollWatchTable;
  readonly alerts: AlertsTopic;
  readonly ops: OpsTopic;
  readonly pipeline: Pipeline;
  readonly queryApi: QueryApi;
  readonly operations: Operations;

  constructor(scope: Construct, id: string, props: TollWatchStackProps) {
    super(scope, id, {
      description: "Toll Watch: alerts when an official casualty toll is revised",
      ...props,
    });
    const { settings, config } = props;

    this.table = new TollWatchTable(this, "Store");
    this.alerts = new AlertsTopic(this, "Alerts", {
      emails: settings.alertEmails,
      phones: settings.alertPhones,
      filters: settings.alertFilters,
    });
    this.ops = new OpsTopic(this, "Ops", { email: settings.opsEmail });
    this.pipeline = new Pipeline(this, "Pipeline", {
      table: this.table,
      alerts: this.alerts,
      scheduleRateMinutes: settings.scheduleRateMinutes,
      sweepRateMinutes: settings.sweepRateMinutes,
      pollerReservedConcurrency: settings.pollerReservedConcurrency,
      configDefine: configDefine(config),
    });
    this.queryApi = new QueryApi(this, "Query", { table: this.table });
    const { planner, poller, sweep } = this.pipeline;
    this.operations = new Operations(this, "Operations", {
      opsTopic: this.ops.topic,
      deadLetterQueue: this.pipeline.deadLetterQueue,
      functions: [planner, poller, sweep, this.queryApi.handler],
      scheduleRateMinutes: settings.scheduleRateMinutes,
    });

    new CfnOutput(this, "TableName", { value: this.table.tableName });
    new CfnOutput(this, "AlertsTopicArn", { value: this.alerts.topic.topicArn });
    new CfnOutput(this, "ApiUrl", { value: this.queryApi.url });
    new CfnOutput(this, "QueueUrl", { value: this.pipeline.queue.queueUrl });
    new CfnOutput(this, "DeadLetterQueueUrl", { value: this.pipeline.deadLetterQueue.queueUrl });
  }
}
