/** What the chart says about one version, as plain text or escaped HTML: dates, change, claimant, sources. */
import type { Evidence, TallyVersion } from "../model/tally.ts";
import { formatDelta, formatNumber, oneLine, truncate } from "../notify/text.ts";
import { formatDate, statedValue } from "../notify/wording.ts";
import { dayNumber } from "./chart-svg.ts";
import { escapeHtml, safeHref } from "./html.ts";

/** "18 January 2021", or "not stated (recorded 19 January 2021)" when the statement has no real date. */
export function statedText(version: TallyVersion): string {
  if (version.statedOn !== null && dayNumber(version.statedOn) !== null) {
    return formatDate(version.statedOn) ?? version.statedOn;
  }
  const recorded =
    dayNumber(version.observedAt.slice(0, 10)) === null ? null : version.observedAt.slice(0, 10);
  return `not stated (recorded ${formatDate(recorded) ?? oneLine(version.observedAt)})`;
}

/** "2,841 → 2,855 (+14)", or "opened at 2,783". */
export function changeText(version: TallyVersion): string {
  if (version.previousValue === null) return `opened at ${statedValue(version)}`;
  const delta = formatDelta(version.value - version.previousValue);
  return `${formatNumber(version.previousValue)} → ${statedValue(version)} (${delta})`;
}

/** "+14 from 2,841", or "first figure": the change beside a value already shown. */
export function deltaText(version: TallyVersion): string {
  if (version.previousValue === null) return "first figure";
  return `${formatDelta(version.value - version.previousValue)} from ${formatNumber(version.previousValue)}`;
}

export function claimantText(version: TallyVersion): string {
  return version.claimant && oneLine(version.claimant) ? oneLine(version.claimant) : "not named";
}

export function kindText(version: TallyVersion): string {
  return version.kind === "open" ? "tally opened" : "revision";
}

/** The outlet's name; the link's host name when the article named none. */
export function outletName(item: Evidence): string {
  if (item.outlet && oneLine(item.outlet)) return oneLine(item.outlet);
  const href = safeHref(item.doc);
  return href ? new URL(href).hostname : "Unknown outlet";
}

/** One line per source for a marker's <title>. */
export function sourceLines(version: TallyVersion, quoteMax: number): string[] {
  return version.evidence.map((item) => {
    const quote = truncate(oneLine(item.quote), quoteMax);
    return `Source: ${outletName(item)}, ${truncate(oneLine(item.doc), 200)}${quote ? `: "${quote}"` : ""}`;
  });
}

/** Outlet (a link when the document is an http(s) URL, else the path or URL as inert text) and quote. */
export function sourcesHtml(evidence: readonly Evidence[], quoteMax: number): string {
  if (evidence.length === 0) return '<span class="note">no article recorded</span>';
  const items = evidence.map((item) => {
    const href = safeHref(item.doc);
    const name = escapeHtml(outletName(item));
    const link = href
      ? `<a href="${escapeHtml(href)}" rel="noopener noreferrer nofollow">${name}</a>`
      : `${name} <span class="doc">${escapeHtml(truncate(oneLine(item.doc), 200))}</span>`;
    const quote = oneLine(item.quote);
    return `<li>${link}${quote ? ` <q>${escapeHtml(truncate(quote, quoteMax))}</q>` : ""}</li>`;
  });
  return `<ul class="sources">${items.join("")}</ul>`;
}
