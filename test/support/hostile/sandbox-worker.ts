/**
 * The worker side of the sandbox: runs one synchronous parsing task at a time on an input it is sent,
 * and answers with a small summary of the result or of the error. A task that never returns is the
 * main thread's business: it terminates this worker.
 */
import { parentPort } from "node:worker_threads";
import { extractFigures } from "../../../lib/extract/extract.ts";
import { extractArticle } from "../../../lib/ingest/article.ts";
import { decodeBody } from "../../../lib/ingest/charset.ts";
import { parseFeedBytes } from "../../../lib/ingest/feed.ts";
import { htmlToText } from "../../../lib/ingest/html-text.ts";
import type { SandboxInput, SandboxReply, TaskResult } from "./sandbox.ts";

function figuresOf(text: string, title: string | null): TaskResult {
  const figures = extractFigures({ text, title, published: "2024-03-14", outlet: null });
  return {
    figures: figures.map((f) => `${f.party ?? "-"} ${f.population} ${f.category} ${f.value} ${f.qualifier}`),
  };
}

function run(input: SandboxInput): TaskResult {
  switch (input.task) {
    case "feed": {
      const feed = parseFeedBytes(input.bytes, { url: input.url, contentType: input.contentType });
      return {
        items: feed.items.length,
        titles: feed.items.slice(0, 3).map((i) => i.title.slice(0, 200)),
        links: feed.items.slice(0, 3).map((i) => i.url),
        warnings: feed.warnings.map((w) => w.slice(0, 500)),
      };
    }
    case "page": {
      const html = decodeBody(input.bytes, { contentType: input.contentType }).text;
      const article = extractArticle(html, { url: input.url });
      return {
        paragraphs: article.paragraphs.length,
        text: article.text.slice(0, 2_000),
        ...figuresOf(article.text, article.title),
      };
    }
    case "feed-html":
      return { text: htmlToText(Buffer.from(input.bytes).toString("utf8")).slice(0, 2_000) };
    case "text":
      return figuresOf(Buffer.from(input.bytes).toString("utf8"), null);
  }
}

parentPort?.on("message", (message: { id: number; input: SandboxInput }) => {
  let reply: SandboxReply;
  try {
    reply = { id: message.id, ok: true, result: run(message.input) };
  } catch (err) {
    const error = err instanceof Error ? err : new Error(String(err));
    reply = {
      id: message.id,
      ok: false,
      error: { name: error.name, message: error.message.slice(0, 2_000) },
    };
  }
  parentPort?.postMessage(reply);
});
parentPort?.postMessage({ ready: true });
