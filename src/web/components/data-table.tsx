/** A table of rows: sortable by any column, human units in the cells, the raw rows as CSV or JSON. */
import { useMemo, useState } from "preact/hooks";
import { formatValue } from "../format.js";

export interface DataTableProps {
  readonly rows: readonly Record<string, unknown>[];
  /** Column order; default: the first row's keys. */
  readonly columns?: readonly string[];
  /** Names the downloads. */
  readonly name: string;
  /** Makes a cell clickable (e.g. to filter the explorer by its value). */
  readonly onCell?: (column: string, value: unknown) => void;
  readonly clickable?: (column: string) => boolean;
}

function csv(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  const cell = (v: unknown) => {
    const text = v === null || v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : String(v);
    return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return [columns.join(","), ...rows.map((r) => columns.map((c) => cell(r[c])).join(","))].join("\n");
}

function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a ?? "").localeCompare(String(b ?? ""), undefined, { numeric: true });
}

export function DataTable({ rows, columns, name, onCell, clickable }: DataTableProps) {
  const names = columns ?? Object.keys(rows[0] ?? {});
  const [sort, setSort] = useState<{ column: string; descending: boolean } | undefined>();
  const sorted = useMemo(() => {
    if (!sort) return rows;
    const ordered = [...rows].sort((a, b) => compare(a[sort.column], b[sort.column]));
    return sort.descending ? ordered.reverse() : ordered;
  }, [rows, sort]);
  if (rows.length === 0) return <p class="empty">No rows.</p>;
  const toggle = (column: string) =>
    setSort(
      sort?.column === column ? { column, descending: !sort.descending } : { column, descending: true },
    );
  return (
    <div class="table-block">
      <div class="table-actions">
        <span>{rows.length.toLocaleString("en-US")} rows</span>
        <button type="button" onClick={() => download(`${name}.csv`, "text/csv", csv(names, rows))}>
          CSV
        </button>
        <button
          type="button"
          onClick={() => download(`${name}.json`, "application/json", JSON.stringify(rows, null, 2))}
        >
          JSON
        </button>
      </div>
      <div class="table-scroll">
        <table>
          <thead>
            <tr>
              {names.map((c) => (
                <th
                  key={c}
                  class={typeof rows[0]?.[c] === "number" ? "number" : undefined}
                  aria-sort={sort?.column === c ? (sort.descending ? "descending" : "ascending") : "none"}
                >
                  <button type="button" class="sort" onClick={() => toggle(c)}>
                    {c}
                    {sort?.column === c ? (sort.descending ? " ▾" : " ▴") : ""}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {sorted.map((row, i) => (
              <tr key={i}>
                {names.map((c) => {
                  const text = formatValue(c, row[c]);
                  const value = row[c];
                  return (
                    <td key={c} class={typeof value === "number" ? "number" : undefined}>
                      {onCell && clickable?.(c) && value !== null && value !== undefined ? (
                        <button type="button" class="cell-link" onClick={() => onCell(c, value)}>
                          {text}
                        </button>
                      ) : (
                        text
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
