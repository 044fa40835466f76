/**
 * Renders query results and numbers for people and for scripts: aligned tables, RFC 4180 CSV, JSON
 * arrays of row objects (like the AWS CLI's --output json).
 */
import Table from "cli-table3";

export { formatBytes, formatCount } from "../text/format-numbers.js";

export type Row = Record<string, unknown>;
export const OUTPUT_FORMATS = ["table", "csv", "json"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

function cell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

export function renderTable(columns: readonly string[], rows: readonly Row[]): string {
  const table = new Table({ head: [...columns], style: { head: [], border: [] } });
  for (const row of rows) table.push(columns.map((c) => cell(row[c])));
  return table.toString();
}

function csvField(value: unknown): string {
  const text = cell(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function renderCsv(columns: readonly string[], rows: readonly Row[]): string {
  const lines = [columns.map(csvField).join(",")];
  for (const row of rows) lines.push(columns.map((c) => csvField(row[c])).join(","));
  return `${lines.join("\n")}\n`;
}

export function renderRows(format: OutputFormat, columns: readonly string[], rows: readonly Row[]): string {
  if (format === "json") return `${JSON.stringify(rows, null, 2)}\n`;
  if (format === "csv") return renderCsv(columns, rows);
  return `${renderTable(columns, rows)}\n`;
}
