/** One tally's panel as inline SVG: the value in force over time as a step line, one marker per version. */
import { formatNumber } from "../notify/text.ts";
import { escapeHtml } from "./html.ts";

export interface PlotPoint {
  /** Days since 1970-01-01 (UTC) of the day the version speaks for. */
  day: number;
  value: number;
  version: number;
  kind: "open" | "revise";
  /** Plain text of the marker's <title>: its accessible name and the tooltip that needs no script. */
  title: string;
  /** id of the hidden HTML tooltip body. */
  tipId: string;
  /** id of the version's row in the history table. */
  rowId: string;
}

const WIDTH = 720;
const HEIGHT = 250;
const MARGIN = { top: 14, right: 32, bottom: 34, left: 62 };
const DAY_MS = 86_400_000;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Day number of a YYYY-MM-DD date; null when it is not a real calendar date. */
export function dayNumber(text: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
  const date = new Date(Date.UTC(year, month, day));
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === month && date.getUTCDate() === day;
  return real ? date.getTime() / DAY_MS : null;
}

interface Tick {
  at: number;
  label: string;
}

/** Counts are integers: steps of 1, 2, 2.5 (from 25 up) or 5 times a power of ten, about five of them. */
function valueTicks(min: number, max: number): { lo: number; hi: number; ticks: Tick[] } {
  const spread = max - min || Math.max(1, Math.abs(max) * 0.1);
  let lo = max === min ? min - spread : min - spread * 0.08;
  const hi = max === min ? max + spread : max + spread * 0.08;
  if (min >= 0) lo = Math.max(0, lo);
  const raw = (hi - lo) / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  const factor = [1, 2, 2.5, 5, 10].find((f) => f * power >= raw && (f !== 2.5 || power >= 10)) ?? 10;
  const step = Math.max(1, factor * power);
  const first = Math.floor(lo / step) * step;
  const last = Math.ceil(hi / step) * step;
  const ticks: Tick[] = [];
  for (let at = first; at <= last + step / 2; at += step) ticks.push({ at, label: formatNumber(at) });
  return { lo: first, hi: last, ticks };
}

function dateOf(day: number): Date {
  return new Date(day * DAY_MS);
}

/** Calendar-friendly ticks (days, weeks from Monday, months, years), at most seven; the year shown once. */
function dateTicks(lo: number, hi: number): Tick[] {
  const candidates: Array<() => number[]> = [1, 2, 7, 14].map((step) => () => {
    const out: number[] = [];
    // Day 4 (5 January 1970) was a Monday: weeks start on Mondays.
    const anchor = step >= 7 ? 4 : 0;
    for (let day = Math.ceil((lo - anchor) / step) * step + anchor; day <= hi; day += step) out.push(day);
    return out;
  });
  for (const months of [1, 2, 3, 6, 12, 24, 60, 120]) {
    candidates.push(() => {
      const out: number[] = [];
      const start = dateOf(lo);
      for (let m = start.getUTCFullYear() * 12 + start.getUTCMonth(); ; m++) {
        const day = Date.UTC(Math.floor(m / 12), m % 12, 1) / DAY_MS;
        if (day > hi) break;
        if (day >= lo && m % months === 0) out.push(day);
      }
      return out;
    });
  }
  const days = candidates.map((make) => make()).find((list) => list.length <= 7) ?? [];
  const monthly = days.every((day) => dateOf(day).getUTCDate() === 1) && days.length > 1;
  let lastYear = Number.NaN;
  return days.map((day) => {
    const date = dateOf(day);
    const year = date.getUTCFullYear();
    const month = MONTHS[date.getUTCMonth()] ?? "";
    const text = monthly ? month : `${date.getUTCDate()} ${month}`;
    const label = year === lastYear ? text : `${text} ${year}`;
    lastYear = year;
    return { at: day, label };
  });
}

function round(n: number): string {
  return String(Math.round(n * 10) / 10);
}

/**
 * The panel's SVG. `points` are in date order. The line runs on to the right edge after the last
 * version: that value is still the one in force.
 */
export function renderPanelSvg(points: readonly PlotPoint[], labelledBy: string): string {
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last) return "";
  const span = last.day - first.day;
  const dayLo = span === 0 ? first.day - 4 : first.day - Math.max(1, span * 0.04);
  const dayHi = span === 0 ? last.day + 2 : last.day + Math.max(2, span * 0.08);
  const values = points.map((point) => point.value);
  const y = valueTicks(Math.min(...values), Math.max(...values));
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const xOf = (day: number) => MARGIN.left + ((day - dayLo) / (dayHi - dayLo)) * plotW;
  const yOf = (value: number) => MARGIN.top + plotH - ((value - y.lo) / (y.hi - y.lo)) * plotH;
  const right = MARGIN.left + plotW;
  const bottom = MARGIN.top + plotH;

  const grid = y.ticks.map(
    (tick) =>
      `<line x1="${MARGIN.left}" x2="${right}" y1="${round(yOf(tick.at))}" y2="${round(yOf(tick.at))}"/>`,
  );
  const yLabels = y.ticks.map(
    (tick) =>
      `<text x="${MARGIN.left - 8}" y="${round(yOf(tick.at) + 4)}" text-anchor="end">${escapeHtml(tick.label)}</text>`,
  );
  const xTicks = dateTicks(dayLo, dayHi).map((tick) => {
    const x = round(xOf(tick.at));
    return [
      `<line class="axis-line" x1="${x}" x2="${x}" y1="${bottom}" y2="${bottom + 5}"/>`,
      `<text x="${x}" y="${bottom + 20}" text-anchor="middle">${escapeHtml(tick.label)}</text>`,
    ].join("");
  });

  let d = `M${round(xOf(first.day))} ${round(yOf(first.value))}`;
  for (const point of points.slice(1)) d += `H${round(xOf(point.day))}V${round(yOf(point.value))}`;
  d += `H${round(right)}`;

  const markers = points.map(
    (point) =>
      `<circle class="marker" data-version="${point.version}" data-kind="${point.kind}" ` +
      `data-tip="${escapeHtml(point.tipId)}" data-row="${escapeHtml(point.rowId)}" ` +
      `cx="${round(xOf(point.day))}" cy="${round(yOf(point.value))}" r="6" tabindex="0" ` +
      `aria-describedby="${escapeHtml(point.tipId)}"><title>${escapeHtml(point.title)}</title></circle>`,
  );

  return [
    `<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="group" aria-labelledby="${escapeHtml(labelledBy)}">`,
    `<g class="grid">${grid.join("")}</g>`,
    `<line class="axis-line" x1="${MARGIN.left}" x2="${right}" y1="${bottom}" y2="${bottom}"/>`,
    `<g class="y-axis" aria-hidden="true">${yLabels.join("")}</g>`,
    `<g class="x-axis" aria-hidden="true">${xTicks.join("")}</g>`,
    `<path class="step-line" d="${d}"/>`,
    `<g class="markers">${markers.join("")}</g>`,
    "</svg>",
  ].join("\n");
}
