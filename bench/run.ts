import { arch, cpus, totalmem } from "node:os";
import { benchArticleExtraction } from "./article-extraction.ts";
import { benchFeedParsing } from "./feed-parsing.ts";
import { benchFigureExtraction } from "./figure-extraction.ts";
import { benchLambdaBundles } from "./lambda-bundles.ts";

// One process, one benchmark after the other, so the figures are comparable on a given machine.
const cpu = cpus()[0]?.model ?? "unknown CPU";
console.log(
  `Toll Watch benchmarks - node ${process.version}, ${arch()}, ${cpus().length} x ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB\n`,
);
for (const bench of [benchFeedParsing, benchArticleExtraction, benchFigureExtraction]) {
  for (const line of bench()) console.log(line);
  console.log("");
}
// Bundle sizes and cold import times of the four Lambdas (the target: at most 1 MB and 300 ms each).
await benchLambdaBundles();
