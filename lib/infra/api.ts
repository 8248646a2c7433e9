/**
 * The query API: an HTTP API whose every route needs SigV4-signed requests (IAM authorization), in
 * front of one read-only Lambda. Callers need execute-api:Invoke on the routes, granted outside the stack.
 */

import { Duration, RemovalPolicy } from "aws-cdk-lib";
import { HttpApi, HttpMethod, type HttpStage, LogGroupLogDestination } from "aws-cdk-lib/aws-apigatewayv2";
import { HttpIamAuthorizer } from "aws-cdk-lib/aws-apigatewayv2-authorizers";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { ENV, TollWatchFunction } from "./functions.ts";
import type { TollWatchTable } from "./table.ts";

export const API_ROUTES = ["/tallies", "/tallies/{id}/versions", "/revisions"] as const;

export interface QueryApiProps {
  table: TollWatchTable;
  /** Steady requests per second across the API; a self-hosted monitor has few readers. @default 10 */
  rateLimit?: number;
  /** @default 20 */
  burstLimit?: number;
}

export class QueryApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly handler: TollWatchFunction;

  constructor(scope: Construct, id: string, props: QueryApiProps) {
    super(scope, id);
    this.handler = new TollWatchFunction(this, "Handler", {
      handler: "api",
      description: "Toll Watch: answers the query API from the table (read only)",
      // HTTP APIs give up on an integration after 30 s.
      timeout: Duration.seconds(10),
      memorySize: 512,
    });
    props.table.grantRead(this.handler.function);
    this.handler.addEnvironment(ENV.tableName, props.table.tableName);

    this.api = new HttpApi(this, "Api", {
      description: "Toll Watch query API (IAM authorization)",
      defaultAuthorizer: new HttpIamAuthorizer(),
      // The default stage has no access logging option, so the stage is made explicitly below.
      createDefaultStage: false,
    });
    const accessLogs = new LogGroup(this, "AccessLogs", {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = this.api.addStage("DefaultStage", {
      stageName: "$default",
      autoDeploy: true,
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs) },
      throttle: { rateLimit: props.rateLimit ?? 10, burstLimit: props.burstLimit ?? 20 },
    });

    const integration = new HttpLambdaIntegration("Query", this.handler.function);
    for (const path of API_ROUTES) {
      this.api.addRoutes({ path, methods: [HttpMethod.GET], integration });
    }
  }

  get url(): string {
    return this.stage.url;
  }
}
