/**
 * The report as one self-contained HTML file: inline CSS and inline SVG charts, no scripts, no network —
 * readable when attached to a Slack thread or opened from disk.
 */

import type { JsonRow } from "../../store/duckdb/duckdb-store.js";
import { formatCell } from "../../text/format-cell.js";
import { comparisonRows } from "../../trends/compare-periods.js";
import type { Report } from "../build-report.js";

const TABLE_ROWS = 20;

export function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}

function htmlTable(rows: readonly JsonRow[], limit = TABLE_ROWS): string {
  const first = rows[0];
  if (!first) return "";
  const columns = Object.keys(first);
  const head = columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("");
  const body = rows
    .slice(0, limit)
    .map((row) => `<tr>${columns.map((c) => `<td>${escapeHtml(formatCell(c, row[c]))}</td>`).join("")}</tr>`)
    .join("\n");
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

const STYLE = `body{font-family:"DejaVu Sans",system-ui,sans-serif;max-width:960px;margin:2em auto;padding:0 1em;color:#1b1f24}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #d0d7de}
.high{color:#b42318}.medium{color:#b54708}.low{color:#175cd3}.info{color:#475467}
table{border-collapse:collapse;font-size:.85em}td,th{border:1px solid #d0d7de;padding:.25em .5em;text-align:left}
.note{color:#475467;font-size:.9em}figure{margin:1em 0}`;

/** `charts` maps an insight id to its SVG. */
export function renderHtml(report: Report, charts: ReadonlyMap<string, string>): string {
  const headline = report.headline
    .map((f) => `<li><strong class="${f.severity}">${f.severity}</strong> — ${escapeHtml(f.sentence)}</li>`)
    .join("\n");
  const compared = report.beforeAndAfter;
  const side = (p: { from: string; to: string; dataDays: number }) =>
    `${p.from === p.to ? p.from : `${p.from} to ${p.to}`} (${p.dataDays} days with data)`;
  const beforeAndAfter = compared
    ? [
        `<section id="before-and-after"><h2>Before and after</h2>`,
        `<p class="note">Per day with data: ${escapeHtml(side(compared.before))} against ${escapeHtml(side(compared.after))}.</p>`,
        `<p>${escapeHtml(compared.headline ?? "No number changed in dollars between the two periods.")}</p>`,
        htmlTable(comparisonRows(compared), Number.POSITIVE_INFINITY),
        compared.changes.length > 0
          ? `<ul>${compared.changes.map((c) => `<li>${escapeHtml(`${c.at.slice(0, 10)}: ${c.detail}`)}</li>`).join("")}</ul>`
          : "",
        "</section>",
      ].join("\n")
    : "";
  const sections = report.insights.map((insight) => {
    const findings = insight.findings
      .map((f) => `<li>${escapeHtml(f.sentence)}${f.rate ? ` <em>(at ${escapeHtml(f.rate)})</em>` : ""}</li>`)
      .join("\n");
    const chart = charts.get(insight.id);
    return [
      `<section id="${escapeHtml(insight.id)}"><h2>${escapeHtml(insight.title)}</h2>`,
      `<p class="note">${escapeHtml(insight.description)}</p>`,
      findings ? `<ul>${findings}</ul>` : "",
      chart ? `<figure>${chart}</figure>` : "",
      htmlTable(insight.table),
      ...insight.notes.map((n) => `<p class="note">${escapeHtml(n)}</p>`),
      "</section>",
    ].join("\n");
  });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(report.title)}</title><style>${STYLE}</style></head>
<body><h1>${escapeHtml(report.title)}</h1>
<h2>Headline</h2><ol>${headline || "<li>Nothing stood out.</li>"}</ol>
${beforeAndAfter}${sections.join("\n")}
<p class="note">GB means 2^30 bytes (GiB), as on AWS bills.</p>
</body></html>
`;
}
