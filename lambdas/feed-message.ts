/**
 * The message the planner queues for the poller: one feed, versioned so that a message queued by an
 * older deployment is recognised rather than misread after an upgrade.
 */
import * as z from "zod/mini";
import type { FeedSpec } from "../lib/monitor/feeds.ts";
import "./zod-messages.ts";

const feedSpecSchema = z.object({
  id: z.string().check(z.minLength(1)),
  url: z.string().check(z.refine((url) => URL.canParse(url), { error: "must be an absolute URL" })),
  name: z.nullable(z.string()),
  everyMs: z.nullable(z.int().check(z.positive())),
  keywords: z.array(z.string()),
});

const messageSchema = z.object({
  v: z.literal(1, { error: "must be 1 (the only message version this poller reads)" }),
  feed: feedSpecSchema,
});

export function encodeFeedMessage(feed: FeedSpec): string {
  return JSON.stringify({ v: 1, feed });
}

export type DecodedMessage = { ok: true; feed: FeedSpec } | { ok: false; problem: string };

/** Never throws: a body that is not JSON or not a feed message is described instead. */
export function decodeFeedMessage(body: string): DecodedMessage {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch (cause) {
    return { ok: false, problem: `the body is not JSON (${(cause as Error).message})` };
  }
  const result = z.safeParse(messageSchema, raw);
  if (result.success) return { ok: true, feed: result.data.feed };
  const issue = result.error.issues[0];
  const where = issue?.path.length ? issue.path.join(".") : "the body";
  return { ok: false, problem: `${where}: ${issue?.message ?? "invalid"}; expected {"v":1,"feed":{...}}` };
}
