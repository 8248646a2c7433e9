/** One Lambda of Toll Watch: a bundled handler, its own log group with retention and its own role. */

import { Duration, RemovalPolicy, Validations } from "aws-cdk-lib";
import { Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Architecture, Runtime } from "aws-cdk-lib/aws-lambda";
import { NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { type HandlerName, handlerEntry, nodejsBundling, PROJECT_ROOT } from "./bundling.ts";

/** The environment variable names the handlers read; values are set next to the grant they go with. */
export const ENV = {
  tableName: "TABLE_NAME",
  topicArn: "TOPIC_ARN",
  queueUrl: "QUEUE_URL",
  scheduleRateMinutes: "SCHEDULE_RATE_MINUTES",
} as const;

/** One service name for every function, so the feed-failure alarm matches whichever handler emits it. */
export const SERVICE_NAME = "tollwatch";
export const METRICS_NAMESPACE = "TollWatch";

export interface TollWatchFunctionProps {
  handler: HandlerName;
  description: string;
  /** @default 30 seconds */
  timeout?: Duration;
  /** @default 256 MB */
  memorySize?: number;
  /** esbuild defines baked into the bundle (the config for planner and poller). @default none */
  define?: Record<string, string>;
  /** @default none: the function shares the account's unreserved concurrency */
  reservedConcurrentExecutions?: number;
  /** @default one month */
  logRetention?: RetentionDays;
}

export class TollWatchFunction extends Construct {
  readonly function: NodejsFunction;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: TollWatchFunctionProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, "Logs", {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      // Operational logs only; the tallies live in the table, which is retained.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // An own role instead of AWSLambdaBasicExecutionRole: that managed policy may write to any log group.
    const role = new Role(this, "Role", {
      assumedBy: new ServicePrincipal("lambda.amazonaws.com"),
      description: `Toll Watch ${props.handler} function`,
    });
    this.logGroup.grantWrite(role);

    this.function = new NodejsFunction(this, "Function", {
      entry: handlerEntry(props.handler),
      handler: "handler",
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: `${PROJECT_ROOT}/package-lock.json`,
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout ?? Duration.seconds(30),
      role,
      logGroup: this.logGroup,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      bundling: nodejsBundling(props.define),
      environment: {
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        // No NODE_OPTIONS=--enable-source-maps: the maps ship in the bundle, but Node parsing them costs
        // the poller about 60 ms of every cold start (its import 290 -> 360 ms). Set it on a function to
        // read stack traces against the sources while debugging.
      },
    });
    Validations.of(this.function).acknowledge({
      id: "AwsSolutions-L1",
      reason:
        "Node.js 22 is the runtime the project targets (esbuild target node22, the toolchain's LTS line, supported by Lambda until 2027); moving to Node.js 24 is a deliberate upgrade with its own test run, not a side effect of a CDK bump",
    });
  }

  /** Sets a variable the handler reads; call it where the matching grant is made. */
  addEnvironment(name: (typeof ENV)[keyof typeof ENV], value: string): this {
    this.function.addEnvironment(name, value);
    return this;
  }
}
