import { arch, cpus, totalmem } from "node:os";
import { benchArticleExtraction } from "./article-extraction.ts";
import { costModel, formatCostModel } from "./cost-model.ts";
import { SCALE_DEFAULTS } from "./cycle-scale.ts";
import { benchFeedParsing } from "./feed-parsing.ts";
import { benchFigureExtraction } from "./figure-extraction.ts";
import { isolated } from "./isolated.ts";
import { benchLambdaBundles } from "./lambda-bundles.ts";

// One process, one benchmark after the other, so the figures are comparable on a given machine.
// `--quick` shrinks the scale benches (100 feeds, 1,000 articles) to check they run, in about a minute;
// the figures in the README come from the full run (1,000 feeds, 10,000 articles; about 15 minutes).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const quick = process.argv.includes("--quick");
const cpu = cpus()[0]?.model ?? "unknown CPU";
console.log(
  `Toll Watch benchmarks - node ${process.version}, ${arch()}, ${cpus().length} x ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB${quick ? " (--quick)" : ""}\n`,
);
for (const bench of [benchFeedParsing, benchArticleExtraction, benchFigureExtraction]) {
  for (const line of bench()) console.log(line);
  console.log("");
}
// Bundle sizes and cold import times of the four Lambdas (the target: at most 1 MB and 300 ms each).
await benchLambdaBundles();
console.log("");

// Each scale bench in a process of its own, so its memory figures are not the leftovers of the others.
await isolated("throughput", quick ? 1_000 : 10_000);
console.log("");
const feeds = quick ? 100 : SCALE_DEFAULTS.feeds;
const scale = await isolated("scale", { ...SCALE_DEFAULTS, feeds });
console.log("");
const lambda = await isolated("lambda", { batches: feeds / 10, containers: 5 });
console.log("");
for (const line of formatCostModel(costModel(scale, lambda), scale, lambda)) console.log(line);
