import { createHash } from "node:crypto";
import { type CheerioAPI, load } from "cheerio";
import { describe, expect, it } from "vitest";
import type { Category, Qualifier } from "../../lib/model/figure.ts";
import type { Evidence, TallyVersion } from "../../lib/model/tally.ts";
import { type ChartOptions, renderChart } from "../../lib/report/chart.ts";

interface Step {
  value: number;
  statedOn: string | null;
  qualifier?: Qualifier;
  evidence?: Evidence[];
  claimant?: string | null;
}

/** The versions of one tally, opened by the first step and revised by each next one. */
function tally(party: string, category: Category, steps: Step[], watch = "karabakh-2020"): TallyVersion[] {
  return steps.map((step, i) => ({
    key: { watch, party, population: "military", category },
    version: i + 1,
    kind: i === 0 ? "open" : "revise",
    value: step.value,
    qualifier: step.qualifier ?? "exact",
    claimant: step.claimant === undefined ? `${party} Ministry of Defence` : step.claimant,
    statedOn: step.statedOn,
    observedAt: `${step.statedOn ?? "2021-02-01"}T08:30:00.000Z`,
    previousValue: i === 0 ? null : (steps[i - 1]?.value ?? null),
    evidence: step.evidence ?? [
      {
        doc: `https://wire.example.org/${party.toLowerCase()}/${i + 1}`,
        outlet: "Caucasus Wire",
        quote: `The ministry now counts ${step.value} fallen servicemen.`,
        observedAt: `${step.statedOn ?? "2021-02-01"}T08:30:00.000Z`,
      },
    ],
    corroborations: 0,
    alertState: "sent",
  }));
}

const AZ_KILLED = tally("Azerbaijan", "killed", [
  { value: 2783, statedOn: "2020-12-03" },
  { value: 2823, statedOn: "2020-12-10" },
  { value: 2855, statedOn: "2021-01-18", qualifier: "at_least" },
]);
const AM_KILLED = tally("Armenia", "killed", [
  { value: 2317, statedOn: "2020-11-14" },
  { value: 3330, statedOn: "2021-01-01" },
]);
const HISTORY = [...AZ_KILLED, ...AM_KILLED];
const OPTIONS: ChartOptions = { generatedAt: "2021-03-05T12:00:00Z" };

function dom(
  versions: readonly TallyVersion[],
  options: ChartOptions = OPTIONS,
): { html: string; $: CheerioAPI } {
  const html = renderChart(versions, options);
  return { html, $: load(html) };
}

function cx($: CheerioAPI, tallyHook: string): number[] {
  return $(`section.tally[data-tally="${tallyHook}"] circle.marker`)
    .toArray()
    .map((el) => Number($(el).attr("cx")));
}

describe("renderChart: structure", () => {
  it("draws one panel per tally with a step line and one marker per version", () => {
    const { $ } = dom(HISTORY);
    const panels = $("section.tally");
    expect(panels.length).toBe(2);
    expect(panels.toArray().map((el) => $(el).attr("data-tally"))).toEqual([
      "karabakh-2020/Armenia/military/killed",
      "karabakh-2020/Azerbaijan/military/killed",
    ]);
    expect($('section[data-tally="karabakh-2020/Azerbaijan/military/killed"] circle.marker').length).toBe(3);
    expect($('section[data-tally="karabakh-2020/Armenia/military/killed"] circle.marker').length).toBe(2);
    expect($("section.tally path.step-line").length).toBe(2);
    for (const path of $("path.step-line").toArray())
      expect($(path).attr("d")).toMatch(/^M[\d.]+ [\d.]+(H|V)/);
  });

  it("marks the opening and the revisions apart, each focusable, with its version number", () => {
    const { $ } = dom(AZ_KILLED);
    const markers = $("circle.marker").toArray();
    expect(markers.map((el) => $(el).attr("data-kind"))).toEqual(["open", "revise", "revise"]);
    expect(markers.map((el) => $(el).attr("data-version"))).toEqual(["1", "2", "3"]);
    expect(markers.every((el) => $(el).attr("tabindex") === "0")).toBe(true);
  });

  it("orders by statement date whatever the input order, in the panels and in the table", () => {
    const { $ } = dom([...HISTORY].reverse());
    const xs = cx($, "karabakh-2020/Azerbaijan/military/killed");
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(new Set(xs).size).toBe(3);
    const stated = $("table.history tbody tr")
      .toArray()
      .map((row) => $(row).find("td").first().text());
    expect(stated).toEqual([
      "14 November 2020",
      "3 December 2020",
      "10 December 2020",
      "1 January 2021",
      "18 January 2021",
    ]);
  });

  it("draws a single version as one marker and a short flat line", () => {
    const { $ } = dom(AZ_KILLED.slice(0, 1));
    expect($("circle.marker").length).toBe(1);
    const d = $("path.step-line").attr("d") ?? "";
    const match = /^M([\d.]+) ([\d.]+)H([\d.]+)$/.exec(d);
    expect(match).not.toBeNull();
    expect(Number(match?.[3])).toBeGreaterThan(Number(match?.[1]));
    expect(Number($("circle.marker").attr("cy"))).toBe(Number(match?.[2]));
  });

  it("places an undated statement on the day it was recorded", () => {
    const versions = tally("Azerbaijan", "missing", [
      { value: 100, statedOn: "2020-12-10" },
      { value: 50, statedOn: null },
    ]);
    const { $ } = dom(versions);
    const [first, second] = cx($, "karabakh-2020/Azerbaijan/military/missing");
    expect(second).toBeGreaterThan(first ?? Number.POSITIVE_INFINITY);
    expect($("table.history").text()).toContain("not stated (recorded 1 February 2021)");
  });

  it("formats numbers with thousands separators on the axis and in the table", () => {
    const { $ } = dom(AZ_KILLED);
    expect($("svg.chart text").text()).toMatch(/2,8\d\d/);
    expect($("table.history").text()).toContain("2,823 → at least 2,855 (+32)");
    expect($("table.history").text()).toContain("opened at 2,783");
  });

  it("gives each marker a <title> and a tooltip with claimant, date, qualified value and sources", () => {
    const { $ } = dom(AZ_KILLED);
    const last = $('circle.marker[data-version="3"]');
    const title = last.find("title").text();
    for (const part of [
      "Azerbaijan military deaths, version 3",
      "at least 2,855",
      "Azerbaijan Ministry of Defence",
      "18 January 2021",
      "Caucasus Wire",
      "https://wire.example.org/azerbaijan/3",
      "fallen servicemen",
    ]) {
      expect(title).toContain(part);
    }
    const tip = $(`#${last.attr("data-tip")}`);
    expect(tip.text()).toContain("at least 2,855");
    expect(tip.find("a").attr("href")).toBe("https://wire.example.org/azerbaijan/3");
    expect($(`tr#${last.attr("data-row")}`).attr("data-version")).toBe("3");
  });

  it("uses the page title, the watch titles and the generation time it is given", () => {
    const { $ } = dom(AZ_KILLED, {
      generatedAt: "2021-03-05T12:00:00Z",
      title: "Karabakh tolls",
      watchTitles: new Map([["karabakh-2020", "Second Karabakh war"]]),
    });
    expect($("head > title").text()).toBe("Karabakh tolls");
    expect($("h1").text()).toBe("Karabakh tolls");
    expect($("section.tally .meta").text()).toContain("Second Karabakh war");
    expect($("header").text()).toContain("2021-03-05T12:00:00Z");
  });

  it("says there is no history yet when there is no version", () => {
    const { $ } = dom([]);
    expect($("section.tally").length).toBe(0);
    expect($("table").length).toBe(0);
    expect($("body").text()).toContain("No history yet");
  });

  it("refuses a version without any usable date, naming it", () => {
    const [broken] = tally("Armenia", "killed", [{ value: 1, statedOn: "soon" }]);
    if (!broken) throw new Error("fixture");
    expect(() => renderChart([{ ...broken, observedAt: "garbage" }], OPTIONS)).toThrow(
      /version 1 of tally karabakh-2020\/Armenia\/military\/killed has no usable date/,
    );
  });
});

describe("renderChart: hostile text from the web stays inert", () => {
  const HOSTILE = "</script><script>alert(1)</script>";
  const ATTR = `"><img src=x onerror=alert(2)>`;
  const versions = tally(`Party ${ATTR}`, "killed", [
    {
      value: 12,
      statedOn: "2021-01-02",
      claimant: `Spokesman ${HOSTILE}`,
      evidence: [
        {
          doc: "javascript:alert(3)",
          outlet: `Outlet ${HOSTILE}`,
          quote: `Said ${HOSTILE}`,
          observedAt: "x",
        },
        { doc: " JavaScript:alert(4)", outlet: null, quote: ATTR, observedAt: "x" },
        { doc: "data:text/html,<script>alert(5)</script>", outlet: "Data", quote: "", observedAt: "x" },
        { doc: "/home/me/articles/a.html", outlet: "Local file", quote: "q", observedAt: "x" },
        { doc: "https://ok.example.net/a?b=1&c=<2>", outlet: ATTR, quote: "fine", observedAt: "x" },
      ],
    },
  ]);
  const { html, $ } = dom(versions);

  it("runs no script but the page's own and adds no element or attribute", () => {
    expect($("script").length).toBe(1);
    expect(html).not.toMatch(/<script>alert/i);
    expect($("img").length).toBe(0);
    expect($("[onerror]").length).toBe(0);
  });

  it("links only http(s) URLs and shows the others as text", () => {
    const hrefs = $("a[href]")
      .toArray()
      .map((el) => $(el).attr("href"));
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) expect(href).toBe("https://ok.example.net/a?b=1&c=%3C2%3E");
    expect($("table.history").text()).toContain("javascript:alert(3)");
    expect($("table.history").text()).toContain("/home/me/articles/a.html");
  });

  it("keeps the hostile words as visible text", () => {
    const table = $("table.history").text();
    expect(table).toContain(`Said ${HOSTILE}`);
    expect(table).toContain(`Spokesman ${HOSTILE}`);
    expect($("section.tally").attr("data-tally")).toBe(`karabakh-2020/Party ${ATTR}/military/killed`);
    expect($("circle.marker title").text()).toContain(HOSTILE);
  });
});

describe("renderChart: self-contained", () => {
  const pages = { history: renderChart(HISTORY, OPTIONS), empty: renderChart([], OPTIONS) };

  it.each(Object.entries(pages))("the %s page fetches nothing from anywhere", (_, html) => {
    const $ = load(html);
    expect($("script[src], link, img, iframe, object, embed, [src]").length).toBe(0);
    expect(html).not.toMatch(/@import|url\(/i);
    expect(
      $("[href]")
        .toArray()
        .every((el) => el.tagName === "a"),
    ).toBe(true);
    expect($('meta[http-equiv="Content-Security-Policy"]').attr("content")).toContain("default-src 'none'");
  });

  it("pins its inline style and script by hash in the Content Security Policy", () => {
    const $ = load(pages.history);
    const csp = $('meta[http-equiv="Content-Security-Policy"]').attr("content") ?? "";
    const hash = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;
    expect(csp).toContain(`script-src ${hash($("script").html() ?? "")}`);
    expect(csp).toContain(`style-src ${hash($("style").html() ?? "")}`);
  });
});
