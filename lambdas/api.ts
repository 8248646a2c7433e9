/**
 * The query API's handler behind an HTTP API with IAM authorization: it maps the API Gateway v2 event to
 * a route of api-routes.ts and the outcome to a JSON response. A refused request gets its status and
 * `{error}`; an unexpected failure gets 500 with the request id to quote, never a stack.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import { ApiRequestError, route } from "./api-routes.ts";
import { asError, invocation } from "./runtime.ts";
import { store } from "./store-client.ts";

const JSON_HEADERS = { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" };

export async function handler(
  event: APIGatewayProxyEventV2,
  context?: Context,
): Promise<APIGatewayProxyStructuredResultV2> {
  const requestId = event.requestContext?.requestId ?? context?.awsRequestId ?? "unknown";
  return invocation("api", context, requestId, async (log) => {
    const method = event.requestContext?.http?.method ?? "GET";
    const path = event.rawPath ?? "/";
    const started = Date.now();
    let result: APIGatewayProxyStructuredResultV2;
    try {
      const answer = await route(store(), { method, path, query: event.queryStringParameters ?? {} });
      result = respond(answer.status, answer.body);
    } catch (err) {
      if (err instanceof ApiRequestError) {
        result = respond(err.status, { error: err.message }, err.headers);
      } else {
        log.error("the request failed", asError(err));
        result = respond(500, {
          error: `internal error: the API could not answer; quote request id ${requestId} when reporting it`,
          requestId,
        });
      }
    }
    log.info("request", { method, path, status: result.statusCode, ms: Date.now() - started });
    return result;
  });
}

function respond(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  return { statusCode: status, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) };
}
