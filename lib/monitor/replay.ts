/**
 * Replay: a list of articles, in order, through the whole pipeline (extract, commit, deliver) on a fresh
 * in-memory store, reporting each alert as it is delivered. It answers "what would the monitor have told
 * me had it read these articles in this order", and it is how the seed timeline is checked end to end.
 */
import type { Config } from "../config.ts";
import { extractFigures } from "../extract/extract.ts";
import { TollWatchError } from "../ingest/errors.ts";
import type { Category, Population } from "../model/figure.ts";
import type { DecisionKind, TallyVersion } from "../model/tally.ts";
import type { AlertSink } from "../notify/sink.ts";
import { createDynamoClient } from "../store/client.ts";
import { DynamoStore } from "../store/dynamo-store.ts";
import { startEmbeddedDynamo } from "../store/embedded.ts";
import { ensureTable } from "../store/table.ts";
import { type CommittedArticle, recordArticle } from "./commit.ts";
import { deliverPending } from "./deliver.ts";

/** One delivered alert, flat: what `tollwatch replay --jsonl` prints per line. */
export interface ReplayAlert {
  kind: "open" | "revise";
  watch: string;
  party: string;
  population: Population;
  category: Category;
  /** The value replaced; null when the tally opens. */
  from: number | null;
  to: number;
  /** The article that committed the version. */
  doc: string;
  statedOn: string | null;
  claimant: string | null;
}

export interface ReplaySummary {
  articles: number;
  /** Figures tallied, once per watch they were tallied under, by decision. */
  decisions: Record<DecisionKind, number>;
  alerts: number;
}

export type ReplayConfig = Pick<Config, "watches" | "aliases" | "alerts">;

/** A replay that could not finish; the message names the article or the alert. */
export class ReplayError extends TollWatchError {}

const TABLE_NAME = "tollwatch-replay";

function toReplayAlert(version: TallyVersion): ReplayAlert {
  const { watch, party, population, category } = version.key;
  return {
    kind: version.kind,
    watch,
    party,
    population,
    category,
    from: version.previousValue,
    to: version.value,
    doc: version.evidence[0]?.doc ?? "",
    statedOn: version.statedOn,
    claimant: version.claimant,
  };
}

/** Hands each alert to the caller as the notifier delivers it. */
class CallbackSink implements AlertSink {
  readonly name = "replay";
  constructor(private readonly onAlert: (alert: ReplayAlert) => void | Promise<void>) {}
  async deliver(version: TallyVersion): Promise<void> {
    await this.onAlert(toReplayAlert(version));
  }
}

/**
 * Reads the articles in the order given. Each article's alerts are delivered before the next article
 * is read, so alerts come out in article order, as a monitor polling them one by one would send them.
 *
 * @throws ReplayError naming the article whose extraction failed, or the alerts that could not be delivered.
 */
export async function replay(
  articles: readonly CommittedArticle[],
  config: ReplayConfig,
  onAlert: (alert: ReplayAlert) => void | Promise<void>,
  options: { now?: () => Date } = {},
): Promise<ReplaySummary> {
  const now = options.now ?? (() => new Date());
  const engine = await startEmbeddedDynamo();
  const client = createDynamoClient({ endpoint: engine.endpoint });
  const decisions: Record<DecisionKind, number> = {
    open: 0,
    revise: 0,
    corroborate: 0,
    consistent: 0,
    stale: 0,
    disputed: 0,
  };
  let alerts = 0;
  try {
    await ensureTable(client, TABLE_NAME);
    const store = new DynamoStore(client, TABLE_NAME);
    const sinks = [
      new CallbackSink(async (alert) => {
        alerts++;
        await onAlert(alert);
      }),
    ];
    const watchTitles = new Map(config.watches.map((w) => [w.id, w.title]));
    for (const article of articles) {
      const figures = extractOrExplain(article, config.aliases);
      const outcomes = await recordArticle(
        { store, policy: config.alerts, now },
        article,
        figures,
        config.watches,
      );
      for (const outcome of outcomes) decisions[outcome.decision]++;
      const delivery = await deliverPending({ store, sinks, watchTitles, now });
      if (delivery.failed > 0) {
        throw new ReplayError(`after ${article.doc}: ${delivery.errors.join("; ")}`);
      }
    }
  } finally {
    client.destroy();
    await engine.close();
  }
  return { articles: articles.length, decisions, alerts };
}

function extractOrExplain(article: CommittedArticle, aliases: Record<string, string>) {
  try {
    return extractFigures(
      { text: article.text, title: article.title, published: article.published, outlet: article.outlet },
      { aliases },
    );
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new ReplayError(
      `${article.doc}: extraction failed (${reason}); please report this article as a bug`,
      {
        cause,
      },
    );
  }
}
