import { describe, expect, it } from "vitest";
import { createCycleOutput } from "../../lib/cli/cycle-output.ts";
import type { FeedReport } from "../../lib/monitor/cycle.ts";
import type { FeedSpec } from "../../lib/monitor/feeds.ts";

const FEED: FeedSpec = {
  id: "https://wire.example/rss",
  url: "https://wire.example/rss",
  name: "Wire",
  everyMs: null,
  keywords: [],
};

function report(over: Partial<FeedReport>): FeedReport {
  return {
    feed: FEED.id,
    name: "Wire",
    status: "changed",
    items: 3,
    articlesRead: 1,
    articlesSkipped: 2,
    figures: 2,
    opened: 1,
    revised: 0,
    alerts: 1,
    warnings: [],
    error: null,
    failure: null,
    durationMs: 1200,
    ...over,
  };
}

function capture(globals = { json: false, quiet: false }) {
  const out: string[] = [];
  const err: string[] = [];
  const output = createCycleOutput(
    { out: (t) => out.push(t), err: (t) => err.push(t), columns: null },
    globals,
  );
  return { output, out, err };
}

describe("cycle output off a terminal", () => {
  it("reports a feed that keeps failing once, again when its error changes, and once when it recovers", () => {
    const { output, err } = capture();
    const down = report({ status: "failed", error: "wire.example: connection refused", failure: "feed" });
    for (const r of [down, down, down, report({ ...down, error: "HTTP 503" }), report({}), report({})]) {
      output.onEvent({ type: "feed-done", feed: FEED, report: r });
    }
    const changes = err.filter((line) => line.startsWith("feed "));
    expect(changes).toEqual([
      "feed Wire failed: wire.example: connection refused\n",
      "feed Wire failed: HTTP 503 (it had failed before)\n",
      "feed Wire recovered\n",
    ]);
  });

  it("prints one plain line per feed and the warnings under it", () => {
    const { output, err } = capture();
    output.onEvent({ type: "feed-done", feed: FEED, report: report({ warnings: ["page x: HTTP 404"] }) });
    expect(err).toEqual([
      "Wire: 3 items, 1 read, 2 figures, 1 opened, 0 revised, 1 alert (1.2 s)\n",
      "  warning: page x: HTTP 404\n",
    ]);
  });

  it("says only what changed with --quiet", () => {
    const { output, err, out } = capture({ json: false, quiet: true });
    output.onEvent({ type: "feed-done", feed: FEED, report: report({}) });
    output.onEvent({ type: "feed-done", feed: FEED, report: report({ status: "failed", error: "boom" }) });
    expect(err).toEqual(["feed Wire failed: boom\n"]);
    expect(out).toEqual([]);
  });

  it("prints JSON objects with --json", () => {
    const { output, out } = capture({ json: true, quiet: false });
    output.onEvent({ type: "feed-done", feed: FEED, report: report({}) });
    expect(JSON.parse(out[0] ?? "")).toMatchObject({ type: "feed", feed: FEED.id, articlesRead: 1 });
  });
});
