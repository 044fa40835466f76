/** The report as Markdown: headline, then one section per insight with its findings, chart, table and notes. */
import type { JsonRow } from "../../store/duckdb/duckdb-store.js";
import type { Report } from "../build-report.js";

const TABLE_ROWS = 10;

function cell(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = typeof value === "object" ? JSON.stringify(value) : String(value);
  return text.replaceAll("|", "\\|").replaceAll("\n", " ");
}

function markdownTable(rows: readonly JsonRow[]): string {
  const first = rows[0];
  if (!first) return "";
  const columns = Object.keys(first);
  const lines = [`| ${columns.join(" | ")} |`, `| ${columns.map(() => "---").join(" | ")} |`];
  for (const row of rows.slice(0, TABLE_ROWS))
    lines.push(`| ${columns.map((c) => cell(row[c])).join(" | ")} |`);
  if (rows.length > TABLE_ROWS) lines.push(`\n_${rows.length - TABLE_ROWS} more rows in report.json._`);
  return lines.join("\n");
}

/** `chartPaths` maps an insight id to its PNG, relative to the Markdown file, when PNGs were written. */
export function renderMarkdown(report: Report, chartPaths: ReadonlyMap<string, string> = new Map()): string {
  const out = [`# ${report.title}`, "", "## Headline", ""];
  if (report.headline.length === 0) out.push("Nothing stood out.");
  for (const [i, f] of report.headline.entries()) out.push(`${i + 1}. **${f.severity}** — ${f.sentence}`);
  for (const insight of report.insights) {
    out.push("", `## ${insight.title}`, "", `_${insight.description}_`, "");
    for (const f of insight.findings) out.push(`- ${f.sentence}${f.rate ? ` _(at ${f.rate})_` : ""}`);
    const chart = chartPaths.get(insight.id);
    if (chart) out.push("", `![${insight.title}](${chart})`);
    if (insight.table.length > 0) out.push("", markdownTable(insight.table));
    if (insight.notes.length > 0) out.push("", ...insight.notes.map((n) => `> ${n}`));
  }
  out.push("", "_GB means 2^30 bytes (GiB), as on AWS bills._", "");
  return out.join("\n");
}
