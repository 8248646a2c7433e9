/**
 * The history chart (pure): every version of every tally -> one self-contained HTML page with a step chart
 * per tally and the history table. Everything from articles is escaped; only http(s) URLs become links.
 */
import { CATEGORIES, POPULATIONS } from "../model/figure.ts";
import type { TallyVersion } from "../model/tally.ts";
import { formatDelta, formatNumber, oneLine } from "../notify/text.ts";
import { statedValue, tallyLabel } from "../notify/wording.ts";
import { dayNumber, type PlotPoint, renderPanelSvg } from "./chart-svg.ts";
import {
  changeText,
  claimantText,
  deltaText,
  kindText,
  sourceLines,
  sourcesHtml,
  statedText,
} from "./chart-text.ts";
import { escapeHtml, page } from "./html.ts";

export interface ChartOptions {
  /** The page's heading; "Toll Watch: toll history" when absent. */
  title?: string;
  /** When the page was made (shown as given, e.g. an ISO 8601 time). */
  generatedAt: string;
  /** Watch id -> title, for panel headings; the id is shown when a watch has no title here. */
  watchTitles?: ReadonlyMap<string, string>;
}

interface Plotted {
  version: TallyVersion;
  day: number;
  rowId: string;
  tipId: string;
}

interface Tally {
  id: string;
  hook: string;
  label: string;
  watch: string;
  points: Plotted[];
}

const TIP_QUOTE_MAX = 220;
const TABLE_QUOTE_MAX = 600;

function hookOf(version: TallyVersion): string {
  const { watch, party, population, category } = version.key;
  return `${watch}/${party}/${population}/${category}`;
}

/** The day a version speaks for: its statement date, else the day Toll Watch recorded it. */
function dayOf(version: TallyVersion): number {
  const day =
    (version.statedOn === null ? null : dayNumber(version.statedOn)) ??
    dayNumber(version.observedAt.slice(0, 10));
  if (day === null) {
    throw new Error(
      `renderChart: version ${version.version} of tally ${hookOf(version)} has no usable date: statedOn ` +
        `${JSON.stringify(version.statedOn)} and observedAt ${JSON.stringify(version.observedAt)} are not ` +
        "YYYY-MM-DD dates; correct or remove that version in the store.",
    );
  }
  return day;
}

function rank(list: readonly string[], item: string): number {
  const index = list.indexOf(item);
  return index === -1 ? list.length : index;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Tallies in a stable order (watch, party, category, population), each with its versions by date. */
function groupTallies(versions: readonly TallyVersion[], titles: ReadonlyMap<string, string>): Tally[] {
  const byHook = new Map<string, TallyVersion[]>();
  for (const version of versions) {
    const hook = hookOf(version);
    byHook.set(hook, [...(byHook.get(hook) ?? []), version]);
  }
  const groups = [...byHook.values()].map((list) =>
    list.map((version) => ({ version, day: dayOf(version) })),
  );
  const keyOrder = (a: TallyVersion, b: TallyVersion) =>
    compareText(titles.get(a.key.watch) ?? a.key.watch, titles.get(b.key.watch) ?? b.key.watch) ||
    compareText(a.key.party, b.key.party) ||
    rank(CATEGORIES, a.key.category) - rank(CATEGORIES, b.key.category) ||
    rank(POPULATIONS, a.key.population) - rank(POPULATIONS, b.key.population);
  groups.sort((a, b) => (a[0] && b[0] ? keyOrder(a[0].version, b[0].version) : 0));
  return groups.map((group, t) => {
    const sorted = [...group].sort(
      (a, b) =>
        a.day - b.day ||
        a.version.version - b.version.version ||
        compareText(a.version.observedAt, b.version.observedAt),
    );
    const head = sorted[0]?.version ?? versions[0];
    return {
      id: `t${t}`,
      hook: head ? hookOf(head) : "",
      label: head ? oneLine(tallyLabel(head)) : "",
      watch: head ? oneLine(titles.get(head.key.watch) ?? head.key.watch) : "",
      points: sorted.map((item, p) => ({ ...item, rowId: `row-t${t}-p${p}`, tipId: `tip-t${t}-p${p}` })),
    };
  });
}

/** Plain text for a marker's <title>. */
function markerTitle(tally: Tally, version: TallyVersion): string {
  return [
    `${tally.label}, version ${version.version} (${kindText(version)})`,
    `Value: ${statedValue(version)} (${deltaText(version)})`,
    `Claimant: ${claimantText(version)}`,
    `Stated: ${statedText(version)}`,
    ...sourceLines(version, TIP_QUOTE_MAX),
  ].join("\n");
}

/** The HTML tooltip's content, kept hidden in the panel until the script shows a copy of it. */
function tipHtml(tally: Tally, point: Plotted): string {
  const { version } = point;
  const corroborated =
    version.corroborations > 0
      ? `<p>Corroborated by ${plural(version.corroborations, "other outlet", "other outlets")}</p>`
      : "";
  return [
    `<div class="tip-body" id="${point.tipId}">`,
    `<p><strong>${escapeHtml(tally.label)}</strong>, version ${version.version} (${kindText(version)})</p>`,
    `<p class="tip-value">${escapeHtml(statedValue(version))} <span class="delta">${escapeHtml(deltaText(version))}</span></p>`,
    `<p>Claimant: ${escapeHtml(claimantText(version))}</p>`,
    `<p>Stated: ${escapeHtml(statedText(version))}</p>`,
    corroborated,
    sourcesHtml(version.evidence, TIP_QUOTE_MAX),
    "</div>",
  ].join("");
}

function panelHtml(tally: Tally): string {
  const first = tally.points[0]?.version;
  const latest = tally.points[tally.points.length - 1]?.version;
  if (!first || !latest) return "";
  const count = tally.points.length === 1 ? "1 version" : `${tally.points.length} versions`;
  const since =
    latest === first
      ? ""
      : `, first ${formatNumber(first.value)} (${formatDelta(latest.value - first.value)})`;
  const meta = `${tally.watch} · ${count} · latest ${statedValue(latest)}, ${statedText(latest)}${since}`;
  const points: PlotPoint[] = tally.points.map(({ version, day, tipId, rowId }) => ({
    day,
    value: version.value,
    version: version.version,
    kind: version.kind,
    title: markerTitle(tally, version),
    tipId,
    rowId,
  }));
  return [
    `<section class="tally" data-tally="${escapeHtml(tally.hook)}" aria-labelledby="h-${tally.id}">`,
    `<h2 id="h-${tally.id}">${escapeHtml(tally.label)}</h2>`,
    `<p class="meta">${escapeHtml(meta)}</p>`,
    renderPanelSvg(points, `h-${tally.id}`),
    `<div class="tips">${tally.points.map((point) => tipHtml(tally, point)).join("")}</div>`,
    "</section>",
  ].join("\n");
}

/** One row per version, oldest statement first; the watch is named only when there is more than one. */
function tableHtml(tallies: readonly Tally[]): string {
  const manyWatches = new Set(tallies.map((tally) => tally.watch)).size > 1;
  const rows = tallies
    .flatMap((tally) => tally.points.map((point, p) => ({ tally, point, p })))
    .sort((a, b) => a.point.day - b.point.day || compareText(a.tally.id, b.tally.id) || a.p - b.p)
    .map(({ tally, point: { version, rowId } }) => {
      const watch = manyWatches ? `<br><span class="note">${escapeHtml(tally.watch)}</span>` : "";
      const kind = version.kind === "open" ? "opened" : "revised";
      return [
        `<tr id="${rowId}" data-tally="${escapeHtml(tally.hook)}" data-version="${version.version}">`,
        `<td class="nowrap">${escapeHtml(statedText(version))}</td>`,
        `<td>${escapeHtml(tally.label)}${watch}</td>`,
        `<td class="nowrap">${version.version} <span class="note">${kind}</span></td>`,
        `<td class="nowrap num">${escapeHtml(changeText(version))}</td>`,
        `<td>${escapeHtml(claimantText(version))}</td>`,
        `<td>${sourcesHtml(version.evidence, TABLE_QUOTE_MAX)}</td>`,
        "</tr>",
      ].join("");
    });
  return [
    '<div class="table-wrap"><table class="history">',
    "<caption>Every version, oldest statement first</caption>",
    "<thead><tr><th>Stated</th><th>Count</th><th>Version</th><th>Change</th><th>Claimant</th><th>Sources</th></tr></thead>",
    `<tbody>${rows.join("\n")}</tbody>`,
    "</table></div>",
  ].join("\n");
}

const LEGEND = [
  '<p class="legend" aria-hidden="true">',
  '<span><svg width="16" height="16" viewBox="0 0 16 16"><circle class="key" data-kind="open" cx="8" cy="8" r="5"/></svg>tally opened</span>',
  '<span><svg width="16" height="16" viewBox="0 0 16 16"><circle class="key" data-kind="revise" cx="8" cy="8" r="5"/></svg>revision</span>',
  '<span><svg width="28" height="16" viewBox="0 0 28 16"><path class="key-line" d="M2 12H14V4H26"/></svg>value in force</span>',
  "</p>",
].join("");

function plural(count: number, noun: string, nouns: string): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}

/** The whole page: a panel per tally, then the history table; a short notice when there is no version. */
export function renderChart(versions: readonly TallyVersion[], options: ChartOptions): string {
  const title = oneLine(options.title ?? "") || "Toll Watch: toll history";
  const tallies = groupTallies(versions, options.watchTitles ?? new Map());
  const generated = `Generated ${oneLine(options.generatedAt)}.`;
  const heading = `<h1>${escapeHtml(title)}</h1>`;
  if (tallies.length === 0) {
    const empty =
      "No history yet: no official toll has been recorded. Tallies appear here once Toll Watch has read an article that states one.";
    return page(
      title,
      `${heading}\n<p class="lede empty">${escapeHtml(empty)}</p>\n<p class="note">${escapeHtml(generated)}</p>`,
    );
  }
  const summary = `${plural(tallies.length, "tally", "tallies")}, ${plural(versions.length, "version", "versions")}. ${generated}`;
  const body = [
    `<header>${heading}<p class="lede">${escapeHtml(summary)}</p>${LEGEND}</header>`,
    "<main>",
    ...tallies.map(panelHtml),
    "<h2>History</h2>",
    tableHtml(tallies),
    '<p class="note">Dates are those of the statements; an undated statement is placed on the day Toll Watch read it. Hover over or tab to a marker for its details; Enter or a click goes to its row.</p>',
    "</main>",
  ];
  return page(title, body.join("\n"));
}
