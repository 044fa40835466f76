/**
 * Prints a sandboxed query's rows as they arrive: CSV and JSON chunk by chunk (JSON as one array, the
 * same text `JSON.stringify(rows, null, 2)` gives), and a table from the rows the query's cap lets
 * through.
 */
import type { SandboxedQuery } from "../sql-sandbox/run-sandboxed-query.js";
import { csvLine, type OutputFormat, type Row, renderTable } from "./format-output.js";
import type { OutputSink } from "./output-sink.js";

function indented(row: Row): string {
  return JSON.stringify(row, null, 2).replaceAll(/^/gm, "  ");
}

/** Writes every row the query hands over; returns how many. Stops early if the reader has gone. */
export async function writeQueryRows(
  format: OutputFormat,
  query: SandboxedQuery,
  sink: OutputSink,
): Promise<number> {
  let count = 0;
  if (format === "table") {
    const rows: Row[] = [];
    for await (const chunk of query.chunks) rows.push(...chunk);
    await sink.write(`${renderTable(query.columns, rows)}\n`);
    return rows.length;
  }
  if (format === "csv" && !(await sink.write(csvLine(query.columns)))) return 0;
  for await (const chunk of query.chunks) {
    const text =
      format === "csv"
        ? chunk.map((row) => csvLine(query.columns.map((c) => row[c]))).join("")
        : `${count === 0 ? "[\n" : ",\n"}${chunk.map(indented).join(",\n")}`;
    count += chunk.length;
    if (!(await sink.write(text))) return count;
  }
  if (format === "json") await sink.write(count === 0 ? "[]\n" : "\n]\n");
  return count;
}
