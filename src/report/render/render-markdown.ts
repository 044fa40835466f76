/**
 * The report as Markdown: headline, then one section per insight with its findings, chart, table and notes.
 * Every value from data or a user insight's spec (titles, sentences, rates, notes, table cells) goes
 * through `markdownText`, so it shows as the text it is: no raw HTML, links, emphasis or broken tables.
 */

import type { JsonRow } from "../../store/duckdb/duckdb-store.js";
import { formatCell } from "../../text/format-cell.js";
import { comparisonRows } from "../../trends/compare-periods.js";
import type { Report } from "../build-report.js";

const TABLE_ROWS = 10;

const ENTITIES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };

/**
 * Text made inert in Markdown: `&`, `<` and `>` become entities (no HTML, no autolinks), Markdown's
 * punctuation (`\`, backticks, `*`, `_`, `[`, `]`, `|`) is backslash-escaped, and line breaks become
 * spaces, so the text stays on its list item, quote or table row.
 */
export function markdownText(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = typeof value === "object" ? JSON.stringify(value) : String(value);
  return text
    .replace(/[&<>]/g, (c) => ENTITIES[c] ?? c)
    .replace(/[\\`*_[\]|]/g, "\\$&")
    .replace(/\r\n?|\n/g, " ");
}

function markdownTable(rows: readonly JsonRow[], limit = TABLE_ROWS): string {
  const first = rows[0];
  if (!first) return "";
  const columns = Object.keys(first);
  const lines = [
    `| ${columns.map(markdownText).join(" | ")} |`,
    `| ${columns.map(() => "---").join(" | ")} |`,
  ];
  for (const row of rows.slice(0, limit))
    lines.push(`| ${columns.map((c) => markdownText(formatCell(c, row[c]))).join(" | ")} |`);
  if (rows.length > limit) lines.push(`\n_${rows.length - limit} more rows in report.json._`);
  return lines.join("\n");
}

/** `chartPaths` maps an insight id to its PNG, relative to the Markdown file, when PNGs were written. */
export function renderMarkdown(report: Report, chartPaths: ReadonlyMap<string, string> = new Map()): string {
  const out = [`# ${markdownText(report.title)}`, "", "## Headline", ""];
  if (report.headline.length === 0) out.push("Nothing stood out.");
  for (const [i, f] of report.headline.entries()) {
    out.push(`${i + 1}. **${f.severity}** — ${markdownText(f.sentence)}`);
  }
  const compared = report.beforeAndAfter;
  if (compared) {
    const side = (p: { from: string; to: string; dataDays: number }) =>
      `${p.from === p.to ? p.from : `${p.from} to ${p.to}`} (${p.dataDays} days with data)`;
    out.push(
      "",
      "## Before and after",
      "",
      `_Per day with data: ${side(compared.before)} against ${side(compared.after)}._`,
      "",
    );
    out.push(markdownText(compared.headline ?? "No number changed in dollars between the two periods."));
    const rows = comparisonRows(compared);
    if (rows.length > 0) out.push("", markdownTable(rows, rows.length));
    for (const c of compared.changes) out.push("", `- ${c.at.slice(0, 10)}: ${markdownText(c.detail)}`);
  }
  for (const insight of report.insights) {
    const title = markdownText(insight.title);
    out.push("", `## ${title}`, "");
    if (insight.description) out.push(`_${markdownText(insight.description)}_`, "");
    for (const f of insight.findings) {
      out.push(`- ${markdownText(f.sentence)}${f.rate ? ` _(at ${markdownText(f.rate)})_` : ""}`);
    }
    const chart = chartPaths.get(insight.id);
    if (chart) out.push("", `![${title}](${encodeURI(chart)})`);
    if (insight.table.length > 0) out.push("", markdownTable(insight.table));
    if (insight.notes.length > 0) out.push("", ...insight.notes.map((n) => `> ${markdownText(n)}`));
  }
  out.push("", "_GB means 2^30 bytes (GiB), as on AWS bills._", "");
  return out.join("\n");
}
