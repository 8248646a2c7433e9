/**
 * 10,000 distinct articles (the scale bench's outlets: one in ten reports a toll) through the two
 * steps after fetching: extraction (pure), then reconciliation, both as the pure fold (reconcileAll)
 * and as the monitor commits it (recordArticle, four at once, against dynalite in memory in another
 * process, so the memory measured is ours). `npx tsx bench/article-throughput.ts [--articles N]`
 */
import { pathToFileURL } from "node:url";
import { extractFigures } from "../lib/extract/extract.ts";
import type { Figure } from "../lib/model/figure.ts";
import { type CommittedArticle, recordArticle } from "../lib/monitor/commit.ts";
import { DEFAULT_POLICY } from "../lib/notify/policy.ts";
import { createDynamoClient } from "../lib/store/client.ts";
import { DynamoStore } from "../lib/store/dynamo-store.ts";
import { ensureTable } from "../lib/store/table.ts";
import { DEFAULT_WATCH, reconcileAll, type TallyEvent } from "../lib/tally/index.ts";
import { sampled } from "./cycle-scale.ts";
import { readRequests, writeRequests } from "./dynamo-meter.ts";
import { fmt } from "./measure.ts";
import { ScaleSite } from "./scale-site.ts";
import { startWorld } from "./scale-world.ts";

export interface ThroughputResult {
  articles: number;
  withFigures: number;
  figures: number;
  kb: number;
  extract: Stage;
  fold: Stage & { versions: number };
  commit: Stage & { reads: number; writes: number; conflicts: number };
}

interface Stage {
  wallMs: number;
  cpuMs: number;
  peakRssMb: number;
  startRssMb: number;
}

function articles(count: number): CommittedArticle[] {
  const site = new ScaleSite({
    feeds: 0,
    items: 50,
    teaserEvery: 0,
    start: new Date(Date.UTC(2025, 2, 1, 12)),
  });
  return Array.from({ length: count }, (_, i) => {
    const feed = Math.floor(i / 50);
    const a = site.article(feed, i % 50);
    return {
      doc: `https://outlet${feed}.example/a/${i % 50}`,
      outlet: `Outlet ${feed}`,
      title: a.title,
      text: a.paragraphs.join("\n\n"),
      published: a.published.toISOString(),
    };
  });
}

const stage = (m: Awaited<ReturnType<typeof sampled>>): Stage => ({
  wallMs: m.wallMs,
  cpuMs: m.cpuMs,
  peakRssMb: m.peakRssMb,
  startRssMb: m.startRssMb,
});

export async function measureArticleThroughput(count = 10_000): Promise<ThroughputResult> {
  const input = articles(count);
  const kb = input.reduce((sum, a) => sum + a.text.length, 0) / count / 1024;
  // Warm the extractor (gazetteer, regexes) so the rate is the steady one.
  for (const a of input.slice(0, 50)) extractFigures({ ...a });

  const extracted: Figure[][] = [];
  const ex = await sampled(async () => {
    for (const a of input) extracted.push(extractFigures({ ...a }));
  });
  const figures = extracted.reduce((sum, f) => sum + f.length, 0);

  const events: TallyEvent[] = input.flatMap((a, i) =>
    (extracted[i] ?? []).map((figure) => ({
      watch: DEFAULT_WATCH.id,
      figure,
      evidence: { doc: a.doc, outlet: a.outlet, quote: figure.quote, observedAt: a.published ?? "" },
    })),
  );
  let versions = 0;
  const fold = await sampled(async () => {
    versions = reconcileAll(events).versions.length;
  });

  const world = await startWorld({
    feeds: 0,
    items: 0,
    teaserEvery: 0,
    meters: 1,
    start: new Date().toISOString(),
  });
  const client = createDynamoClient({ endpoint: world.dynamo[0] as string, region: "us-east-1" });
  try {
    await ensureTable(client, "tollwatch-throughput");
    const store = new DynamoStore(client, "tollwatch-throughput");
    await world.take();
    let next = 0;
    const deps = { store, policy: DEFAULT_POLICY, now: () => new Date() };
    const commit = await sampled(() =>
      Promise.all(
        Array.from({ length: 4 }, async () => {
          while (next < input.length) {
            const i = next++;
            await recordArticle(deps, input[i] as CommittedArticle, extracted[i] ?? [], []);
          }
        }),
      ),
    );
    const stats = await world.take();
    const dynamo = stats.meters[0];
    return {
      articles: count,
      withFigures: extracted.filter((f) => f.length > 0).length,
      figures,
      kb,
      extract: stage(ex),
      fold: { ...stage(fold), versions },
      commit: {
        ...stage(commit),
        reads: dynamo ? readRequests(dynamo) : 0,
        writes: dynamo ? writeRequests(dynamo) : 0,
        conflicts: dynamo?.conditionalFailures ?? 0,
      },
    };
  } finally {
    client.destroy();
    await world.close();
  }
}

export function formatArticleThroughput(r: ThroughputResult): string[] {
  const rate = (n: number, s: Stage) => fmt(n / (s.wallMs / 1000), 0);
  const mem = (s: Stage) => `peak RSS ${fmt(s.peakRssMb, 0)} MB (${fmt(s.startRssMb, 0)} MB before)`;
  return [
    `article throughput: ${fmt(r.articles, 0)} distinct articles of ${fmt(r.kb, 1)} KB, ${fmt(r.withFigures, 0)} stating tolls, ${fmt(r.figures, 0)} figures`,
    `  extraction: ${rate(r.articles, r.extract)} articles/s (${fmt(r.extract.wallMs / r.articles, 3)} ms each, ${fmt(r.extract.cpuMs / 1000, 1)} s CPU), ${mem(r.extract)}`,
    `  reconcileAll (pure fold): ${rate(r.figures, r.fold)} figures/s, ${fmt(r.fold.wallMs, 0)} ms for all, ${r.fold.versions} versions, ${mem(r.fold)}`,
    `  recordArticle on dynalite (4 at once): ${rate(r.articles, r.commit)} articles/s, ${rate(r.figures, r.commit)} figures/s, ${fmt(r.commit.wallMs / 1000, 1)} s, ${fmt(r.commit.reads, 0)} reads + ${fmt(r.commit.writes, 0)} writes (${r.commit.conflicts} lost races), ${mem(r.commit)}`,
    `  both steps: ${fmt(r.articles / ((r.extract.wallMs + r.commit.wallMs) / 1000), 0)} articles/s`,
  ];
}

export async function benchArticleThroughput(count = 10_000): Promise<ThroughputResult> {
  const result = await measureArticleThroughput(count);
  for (const line of formatArticleThroughput(result)) console.log(line);
  return result;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const at = process.argv.indexOf("--articles");
  const count = at === -1 ? 10_000 : Number(process.argv[at + 1]);
  if (!Number.isInteger(count) || count < 1)
    throw new Error("--articles must be a whole number of at least 1");
  await benchArticleThroughput(count);
}
