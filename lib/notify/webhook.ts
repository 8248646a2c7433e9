/** The webhook sink: a signed JSON POST, so the receiver can tell Toll Watch's alerts from forgeries. */
import { createHmac } from "node:crypto";
import { request } from "undici";
import type { TallyVersion } from "../model/tally.ts";
import { USER_AGENT } from "../version.ts";
import { AlertDeliveryError, describeCause } from "./errors.ts";
import { type AlertSink, alertPayload } from "./sink.ts";

export interface WebhookOptions {
  url: string;
  /** HMAC-SHA256 key; the receiver recomputes the signature over the raw body with it. */
  secret: string;
  /** Whole request, connect to last byte. */
  timeoutMs?: number;
}

export const SIGNATURE_HEADER = "x-tollwatch-signature";

/** "sha256=<hex>" of the exact bytes sent. */
export function signBody(body: string | Uint8Array, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

export class WebhookSink implements AlertSink {
  readonly name = "webhook";
  private readonly url: URL;
  private readonly timeoutMs: number;

  constructor(private readonly options: WebhookOptions) {
    let url: URL;
    try {
      url = new URL(options.url);
    } catch (cause) {
      throw new TypeError(
        `Webhook URL ${JSON.stringify(options.url)} is not a URL: give an http(s) address`,
        {
          cause,
        },
      );
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new TypeError(`Webhook URL ${options.url} uses ${url.protocol}: only http and https are allowed`);
    }
    if (!options.secret)
      throw new TypeError("Webhook secret is empty: set one so receivers can verify alerts");
    this.url = url;
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  async deliver(version: TallyVersion, watchTitle?: string): Promise<void> {
    const payload = alertPayload(version, watchTitle);
    const body = JSON.stringify(payload);
    const where = this.url.origin + this.url.pathname;
    let status: number;
    try {
      // undici's request follows no redirect: a 3xx is reported, never followed to another scheme or host.
      const response = await request(this.url, {
        method: "POST",
        body,
        headers: {
          "content-type": "application/json; charset=utf-8",
          "user-agent": USER_AGENT,
          "x-tollwatch-alert": payload.id,
          [SIGNATURE_HEADER]: signBody(body, this.options.secret),
        },
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      status = response.statusCode;
      await response.body.dump();
    } catch (cause) {
      throw new AlertDeliveryError(
        `Webhook ${where} could not be reached (${describeCause(cause)}): check that it is up; the alert stays pending`,
        { sink: this.name, retryable: true, cause },
      );
    }
    if (status >= 200 && status < 300) return;
    const hint =
      status >= 300 && status < 400
        ? "it redirects, which is not followed: configure the final URL"
        : status === 401 || status === 403
          ? "it refused the request: check that both sides use the same secret"
          : status >= 500 || status === 429
            ? "it failed on its side and will be tried again"
            : "it refused the alert";
    throw new AlertDeliveryError(
      `Webhook ${where} answered HTTP ${status}: ${hint}; the alert stays pending`,
      {
        sink: this.name,
        retryable: status >= 500 || status === 429 || status === 408,
        status,
      },
    );
  }
}
