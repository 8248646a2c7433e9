import type { TallyVersion } from "../model/tally.ts";
import { renderAlert } from "./wording.ts";

/** Somewhere alerts go: SNS, the console, a JSON lines file, a webhook. Throws AlertDeliveryError. */
export interface AlertSink {
  readonly name: string;
  deliver(version: TallyVersion, watchTitle?: string): Promise<void>;
}

/** What machine-readable sinks (JSON lines, webhook) carry: the words and the version itself. */
export interface AlertPayload {
  type: "tollwatch.alert";
  /** Stable per version, so a receiver can drop the duplicates at-least-once delivery allows. */
  id: string;
  subject: string;
  sms: string;
  text: string;
  watchTitle: string | null;
  version: TallyVersion;
}

export function alertId(version: TallyVersion): string {
  const { watch, party, population, category } = version.key;
  return [watch, party, population, category, `v${version.version}`].map(encodeURIComponent).join("/");
}

export function alertPayload(version: TallyVersion, watchTitle?: string): AlertPayload {
  const words = renderAlert(version, watchTitle);
  return {
    type: "tollwatch.alert",
    id: alertId(version),
    subject: words.subject,
    sms: words.sms,
    text: words.email,
    watchTitle: watchTitle ?? null,
    version,
  };
}
