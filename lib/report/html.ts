/**
 * The page shell of the history chart: escaping, safe links, the inline style and script, and a Content
 * Security Policy that pins both by hash, so the page can load nothing and run nothing else.
 */
import { createHash } from "node:crypto";

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Text safe in element content and in a quoted attribute alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}

/** The URL to link to when `doc` is an absolute http(s) URL; null for anything else (javascript:, paths). */
export function safeHref(doc: string): string | null {
  if (!URL.canParse(doc.trim())) return null;
  const url = new URL(doc.trim());
  return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
}

const STYLE = `
:root{color-scheme:light dark;--ink:#1c2127;--muted:#5a6472;--paper:#fff;--panel:#f7f8fa;--rule:#d5dae1;
--grid:#e7eaee;--line:#1f5f99;--tip:#fffdf5;--focus:#e08a00}
@media (prefers-color-scheme:dark){:root{--ink:#e4e7eb;--muted:#a3adba;--paper:#15181c;--panel:#1d2126;
--rule:#3a414a;--grid:#2a3037;--line:#6cb0ee;--tip:#22272e}}
*{box-sizing:border-box}
body{margin:0 auto;max-width:960px;padding:24px 20px 48px;font:15px/1.5 system-ui,-apple-system,"Segoe UI",
Roboto,sans-serif;color:var(--ink);background:var(--paper)}
h1{font-size:1.6rem;margin:0 0 4px}h2{font-size:1.1rem;margin:0}
.lede,.meta,.note{color:var(--muted);margin:4px 0}
.legend{display:flex;gap:20px;flex-wrap:wrap;margin:12px 0 20px;color:var(--muted);font-size:.9rem}
.legend span{display:inline-flex;align-items:center;gap:6px}
.tally{background:var(--panel);border:1px solid var(--rule);border-radius:8px;padding:14px 16px 8px;
margin:0 0 18px;break-inside:avoid}
.chart{display:block;width:100%;height:auto;overflow:visible}
.chart text{fill:var(--muted);font-size:12px;font-family:inherit}
.grid line{stroke:var(--grid);stroke-width:1}
.axis-line{stroke:var(--rule);stroke-width:1}
.step-line,.key-line{fill:none;stroke:var(--line);stroke-width:2.5;stroke-linejoin:round}
.marker,.key{stroke-width:2.5}.marker{cursor:pointer}
circle[data-kind="open"]{fill:var(--paper);stroke:var(--line)}
circle[data-kind="revise"]{fill:var(--line);stroke:var(--paper)}.key[data-kind="revise"]{stroke:var(--line)}
.marker:hover,.marker:focus-visible{stroke:var(--focus);stroke-width:4;outline:none}
.tips{display:none}
#tip{position:fixed;z-index:10;max-width:340px;background:var(--tip);color:var(--ink);border:1px solid var(--rule);
border-radius:6px;padding:8px 10px;font-size:.85rem;box-shadow:0 4px 14px rgb(0 0 0/.18)}
#tip[hidden]{display:none}
@media (max-width:600px){body{padding:16px 10px 32px}.tally{padding:10px 8px 4px}.chart text{font-size:17px}}
.table-wrap{overflow-x:auto}
#tip p{margin:0 0 4px}#tip ul{margin:4px 0 0;padding-left:18px}
.tip-value{font-size:1.05rem;font-weight:600}
.delta{color:var(--muted);font-weight:400}
table{width:100%;border-collapse:collapse;font-size:.88rem;margin-top:8px}
th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid var(--rule)}
th{font-weight:600;border-bottom-width:2px}
td.nowrap{white-space:nowrap}td.num{font-variant-numeric:tabular-nums}
caption{text-align:left;color:var(--muted);padding:0 0 4px}
tr:target{background:color-mix(in srgb,var(--focus) 18%,transparent)}
.sources{margin:0;padding-left:16px}
q{color:var(--muted)}
.doc{word-break:break-all;color:var(--muted)}
a{color:var(--line)}
@media print{body{max-width:none;padding:0;font-size:11px}#tip{display:none}.tally{border-color:#999}
tr{break-inside:avoid}.table-wrap{overflow:visible}a{color:inherit}*{print-color-adjust:exact;-webkit-print-color-adjust:exact}}
`;

// Shows a marker's hidden tooltip body beside it on hover or focus; Enter or a click goes to its table row.
const SCRIPT = `
(() => {
  const tip = document.getElementById("tip");
  if (!tip) return;
  let timer = 0;
  const hide = (now) => {
    clearTimeout(timer);
    if (now) tip.hidden = true;
    else timer = setTimeout(() => { tip.hidden = true; }, 250);
  };
  const show = (marker) => {
    const body = document.getElementById(marker.dataset.tip || "");
    if (!body) return;
    clearTimeout(timer);
    tip.replaceChildren(...Array.from(body.childNodes, (node) => node.cloneNode(true)));
    tip.hidden = false;
    const box = marker.getBoundingClientRect();
    const left = box.left + box.width / 2 - tip.offsetWidth / 2;
    tip.style.left = Math.max(8, Math.min(left, innerWidth - tip.offsetWidth - 8)) + "px";
    const above = box.top - tip.offsetHeight - 10;
    tip.style.top = (above >= 8 ? above : box.bottom + 10) + "px";
  };
  for (const marker of document.querySelectorAll(".marker")) {
    marker.addEventListener("mouseenter", () => show(marker));
    marker.addEventListener("focus", () => show(marker));
    marker.addEventListener("mouseleave", () => hide(false));
    marker.addEventListener("blur", () => hide(false));
    marker.addEventListener("click", () => { location.hash = marker.dataset.row || ""; });
    marker.addEventListener("keydown", (event) => {
      if (event.key === "Enter") location.hash = marker.dataset.row || "";
      if (event.key === "Escape") hide(true);
    });
  }
  tip.addEventListener("mouseenter", () => clearTimeout(timer));
  tip.addEventListener("mouseleave", () => hide(false));
  addEventListener("scroll", () => hide(true), { passive: true });
})();
`;

function sha256(text: string): string {
  return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}

// Only the style and script above may apply: an injected <script> or stylesheet would be refused even if
// escaping ever failed, and nothing may be fetched (no fonts, images or scripts from anywhere).
const CSP = [
  "default-src 'none'",
  `style-src ${sha256(STYLE)}`,
  `script-src ${sha256(SCRIPT)}`,
  "img-src data:",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

/** A complete, self-contained HTML document around `body` (already escaped HTML). */
export function page(title: string, body: string): string {
  return [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(CSP)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    "</head>",
    "<body>",
    body,
    '<div id="tip" role="tooltip" hidden></div>',
    `<script>${SCRIPT}</script>`,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
