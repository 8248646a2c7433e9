import { describe, expect, it } from "vitest";
import { DEMO_CONFIG, EXPECTED_ALERTS, SILENT_ARTICLES } from "../../lib/demo/expected.ts";
import { renderFeed, renderPage } from "../../lib/demo/render.ts";
import {
  ARTICLES,
  appearingAt,
  type IntendedFigure,
  OUTLETS,
  type PublishedArticle,
  publishedAt,
  STEPS,
} from "../../lib/demo/script.ts";
import { extractFigures } from "../../lib/extract/extract.ts";
import { extractArticle } from "../../lib/ingest/article.ts";
import { parseFeed } from "../../lib/ingest/feed.ts";
import { htmlToText } from "../../lib/ingest/html-text.ts";
import type { ArticleInput, Figure } from "../../lib/model/figure.ts";
import { RECHECK_MS } from "../../lib/monitor/article-reader.ts";
import { matchWatches, reconcileAll, type TallyEvent } from "../../lib/tally/index.ts";

const BASE = "http://127.0.0.1:8080";
/** The article reader reads the page unless the feed carries at least this much text (article-reader.ts). */
const FULL_TEXT_CHARS = 600;

/** What the monitor's reader hands extraction for an article on a step: through the feed, then the page. */
function readerInput(step: number, target: PublishedArticle): ArticleInput {
  const siblings = publishedAt(step).filter((p) => p.outlet.id === target.outlet.id);
  const feed = parseFeed(renderFeed(target.outlet, siblings, BASE), { url: BASE + target.outlet.feedPath });
  const item = feed.items.find((i) => i.url === BASE + target.path);
  if (item === undefined) throw new Error(`${target.article.id} is not in its feed on step ${step}`);
  const feedText = item.content === null ? "" : htmlToText(item.content);
  if (feedText.length >= FULL_TEXT_CHARS) {
    return { text: feedText, title: item.title, published: item.published, outlet: target.outlet.name };
  }
  const earlier = siblings.filter((p) => p.publishedAt < target.publishedAt).slice(0, 3);
  const page = extractArticle(renderPage(target, BASE, earlier), { url: BASE + target.path });
  return {
    text: page.text,
    title: page.title || item.title,
    published: item.published,
    outlet: target.outlet.name,
  };
}

const shape = (f: IntendedFigure | Figure) =>
  `${f.party}/${f.population}/${f.category}/${f.value}/${f.qualifier}/${f.status}`;

/** Every text that appears, with the step it appears on, in the order a cycle reads them. */
const appearances = STEPS.flatMap((_, step) =>
  appearingAt(step)
    .sort((a, b) => a.updatedAt.localeCompare(b.updatedAt))
    .map((p) => ({ step, p })),
);

describe("demo script", () => {
  it("has three outlets in three feed formats and a realistic size", () => {
    expect(new Set(OUTLETS.map((o) => o.format))).toEqual(new Set(["rss", "atom", "rss-full"]));
    for (const outlet of OUTLETS) expect(ARTICLES.some((a) => a.outlet === outlet.id)).toBe(true);
    expect(ARTICLES.length).toBeGreaterThanOrEqual(20);
    expect(ARTICLES.length).toBeLessThanOrEqual(30);
    expect(STEPS.length).toBeGreaterThanOrEqual(12);
    expect(STEPS.length).toBeLessThanOrEqual(16);
    expect(new Set(ARTICLES.map((a) => a.id)).size).toBe(ARTICLES.length);
  });

  it("revises articles in place only within the reader's re-check window", () => {
    const revised = ARTICLES.filter((a) => (a.revisions ?? []).length > 0);
    expect(revised.length).toBeGreaterThanOrEqual(2);
    for (const article of revised) {
      let previous = Date.parse(`${article.day}T${article.time}:00Z`);
      for (const revision of article.revisions ?? []) {
        const at = Date.parse(`${revision.day}T${revision.time}:00Z`);
        expect(at, article.id).toBeGreaterThan(previous);
        // Read at noon of the revision's day; the first sighting was at noon of the first day.
        expect(Date.parse(`${revision.day}T12:00:00Z`) - Date.parse(`${article.day}T12:00:00Z`)).toBeLessThan(
          RECHECK_MS,
        );
        previous = at;
      }
    }
  });

  it("publishes each article on its day and keeps its URL across revisions", () => {
    for (let step = 0; step < STEPS.length; step++) {
      const day = STEPS[step] ?? "";
      for (const p of publishedAt(step)) {
        expect(p.article.day <= day).toBe(true);
        expect(p.text.day <= day).toBe(true);
      }
    }
    const last = publishedAt(STEPS.length - 1);
    expect(last).toHaveLength(ARTICLES.length);
    expect(new Set(last.map((p) => p.path)).size).toBe(ARTICLES.length);
  });
});

describe("demo articles through the real feed parser, page extractor and figure extractor", () => {
  it.each(
    appearances.map(({ step, p }) => [`${p.article.id} r${p.revision} (${STEPS[step]})`, step, p] as const),
  )("%s yields exactly its intended figures", (_, step, p) => {
    const figures = extractFigures(readerInput(step, p));
    expect(figures.map(shape).sort()).toEqual(p.text.figures.map(shape).sort());
    for (const f of figures) {
      expect(f.disputed).toBe(false);
      expect(f.increment).toBe(false);
    }
  });

  it("dates every current official figure to the day it was stated, and names the claimant", () => {
    for (const { step, p } of appearances) {
      if (p.article.role !== "toll") continue;
      for (const f of extractFigures(readerInput(step, p))) {
        if (f.status !== "current") continue;
        expect(f.claimant, p.article.id).toMatch(/Ministry|Office/);
        expect(f.statedOn, p.article.id).not.toBeNull();
        expect((f.statedOn ?? "") <= (STEPS[step] ?? ""), p.article.id).toBe(true);
      }
    }
  });
});

describe("the demo sequence through reconciliation (pure fold)", () => {
  const events: TallyEvent[] = [];
  const dayOf = new Map<string, string>();
  for (const { step, p } of appearances) {
    const input = readerInput(step, p);
    const doc = `${p.article.id}#r${p.revision}`;
    dayOf.set(doc, STEPS[step] ?? "");
    const watches = matchWatches(
      { title: input.title ?? null, text: input.text, published: input.published },
      [...DEMO_CONFIG.watches],
    );
    for (const watch of watches) {
      for (const figure of extractFigures(input)) {
        events.push({
          watch,
          figure,
          evidence: { doc, outlet: p.outlet.name, quote: figure.quote, observedAt: "" },
        });
      }
    }
  }
  const { versions, observations } = reconcileAll(events);

  it("commits exactly the expected openings and revisions, in order", () => {
    const got = versions.map((v) => {
      const doc = v.evidence[0]?.doc ?? "";
      return {
        day: dayOf.get(doc),
        kind: v.kind,
        party: v.key.party,
        population: v.key.population,
        category: v.key.category,
        from: v.previousValue,
        to: v.value,
        article: doc.replace(/#r\d+$/, ""),
      };
    });
    expect(got).toEqual(EXPECTED_ALERTS);
  });

  it("keeps the noise silent: rounded, recalled, repeated and historical figures commit nothing", () => {
    const fromSilent = observations.filter((o) =>
      SILENT_ARTICLES.includes(o.evidence.doc.replace(/#r\d+$/, "")),
    );
    expect(fromSilent.length).toBeGreaterThanOrEqual(4);
    for (const o of fromSilent) expect(["corroborate", "consistent", "stale"]).toContain(o.decision);
    const decisions = new Map(fromSilent.map((o) => [o.evidence.doc.replace(/#r\d+$/, ""), o.decision]));
    expect(decisions.get("memorial-alley-nearly-2800")).toBe("consistent");
    expect(decisions.get("families-of-missing-wait")).toBe("stale");
    expect(decisions.get("baku-reports-armenian-toll")).toBe("corroborate");
    expect(decisions.get("aghdam-reconstruction")).toBe("stale");
  });
});
