/**
 * Renders query results and numbers for people and for scripts: aligned tables and RFC 4180 CSV lines
 * (`write-query-rows.ts` streams them, and JSON arrays of row objects like the AWS CLI's --output json).
 */
import Table from "cli-table3";
import { printable } from "./printable.js";

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
  // A table is for people: a control character in a value (a path, a quarantined line) is shown escaped.
  for (const row of rows) table.push(columns.map((c) => printable(cell(row[c]))));
  return table.toString();
}

function csvField(value: unknown): string {
  const text = cell(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One RFC 4180 CSV line, with its line break. */
export function csvLine(values: readonly unknown[]): string {
  return `${values.map(csvField).join(",")}\n`;
}
