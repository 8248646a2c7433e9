/**
 * A whole monitor cycle around hostile feeds: a well-behaved news site (its alert must still arrive),
 * a dynalite store with a fresh table per cycle, a sink that keeps what it is given, and the suite's
 * HTTP client. The news site is reached under the name news.test, so the SSRF allow-list can name
 * the test hosts without admitting 127.0.0.1 itself.
 */
import type { HttpPolicy } from "../../../lib/ingest/http.ts";
import type { TallyVersion } from "../../../lib/model/tally.ts";
import { type CycleReport, type FeedSpec, runCycle } from "../../../lib/monitor/cycle.ts";
import { DEFAULT_POLICY } from "../../../lib/notify/policy.ts";
import type { AlertSink } from "../../../lib/notify/sink.ts";
import { DynamoStore } from "../../../lib/store/dynamo-store.ts";
import { ensureTable } from "../../../lib/store/table.ts";
import { type LocalDynamo, startDynalite } from "../dynalite.ts";
import { type NewsSite, startNewsSite } from "../news-site.ts";
import { measure, testClient } from "./net.ts";

/** The good feed's one story and the alert it must raise in every cycle. */
export const GOOD = { party: "Iceland", value: 12 };

export class CollectingSink implements AlertSink {
  readonly name = "collect";
  readonly delivered: TallyVersion[] = [];
  async deliver(version: TallyVersion): Promise<void> {
    this.delivered.push(version);
  }
}

export interface CycleRun {
  report: CycleReport;
  store: DynamoStore;
  alerts: TallyVersion[];
  ms: number;
  rssGrowthMb: number;
}

export interface CycleBench {
  site: NewsSite;
  good: FeedSpec;
  run(table: string, feeds: FeedSpec[], policy?: Partial<HttpPolicy>): Promise<CycleRun>;
  close(): Promise<void>;
}

export const feedSpec = (url: string, name: string): FeedSpec => ({
  id: url,
  url,
  name,
  everyMs: null,
  keywords: [],
});

export async function startCycleBench(): Promise<CycleBench> {
  const dynamo: LocalDynamo = await startDynalite();
  const site = await startNewsSite();
  // The site builds its links from server.url on every request; a name keeps them on the allow-list.
  site.server.url = `http://news.test:${site.server.port}`;
  site.feedUrl = `${site.server.url}/feed.xml`;
  site.publish({
    slug: "avalanche",
    title: "Avalanche in the Westfjords",
    published: "2024-03-13T08:00:00Z",
    paragraphs: [
      `Iceland's civil protection agency said on Wednesday that ${GOOD.value} people were killed in the avalanche.`,
      "Rescue teams worked through the night to clear the road to the village.",
    ],
  });
  const good = feedSpec(site.feedUrl, "Good news site");
  return {
    site,
    good,
    run: async (table, feeds, policy = {}) => {
      await ensureTable(dynamo.client, table);
      const store = new DynamoStore(dynamo.client, table);
      const sink = new CollectingSink();
      const http = testClient(policy);
      const deps = {
        http,
        store,
        sinks: [sink],
        config: { watches: [], aliases: {}, alerts: { ...DEFAULT_POLICY } },
        now: () => new Date("2024-03-14T12:00:00Z"),
      };
      try {
        const measured = await measure(() => runCycle(deps, feeds));
        if (measured.error !== null) throw measured.error;
        const report = measured.value as CycleReport;
        return { report, store, alerts: sink.delivered, ms: measured.ms, rssGrowthMb: measured.rssGrowthMb };
      } finally {
        await http.close();
      }
    },
    close: async () => {
      await site.close();
      await dynamo.close();
    },
  };
}

/** Whether the good feed was read and its alert delivered: the "nothing lost elsewhere" check. */
export function goodFeedDelivered(run: CycleRun, good: FeedSpec): boolean {
  const report = run.report.feeds.find((f) => f.feed === good.id);
  return (
    report?.status === "changed" &&
    run.alerts.some(
      (a) => a.key.party === GOOD.party && a.key.category === "killed" && a.value === GOOD.value,
    )
  );
}
