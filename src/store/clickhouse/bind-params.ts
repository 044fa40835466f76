/**
 * `$name` and `$1` parameters bound as ClickHouse literals. The store's SQL is written with DuckDB's
 * parameter syntax, and 18.16 has no server-side parameters (`{name:Type}` came in 19.x), so values are
 * quoted here: numbers as numbers, text (dates included) as '…' with \ and ' escaped, null as NULL.
 * Parameters inside string literals, quoted names and comments are left alone (a comment's apostrophe
 * starts no literal).
 */
import { FlowlensError } from "../../errors.js";
import type { SqlParams } from "../store.js";

export function literal(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "number" || typeof value === "bigint") {
    if (typeof value === "number" && !Number.isFinite(value)) throw refused(value);
    return String(value);
  }
  if (typeof value === "boolean") return value ? "1" : "0";
  if (typeof value === "string") return `'${value.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
  throw refused(value);
}

function refused(value: unknown): FlowlensError {
  return new FlowlensError(
    "FLOWLENS_QUERY_FAILED",
    `a SQL parameter of ClickHouse cannot be ${String(value)}`,
    {
      hint: "pass numbers, text or null",
    },
  );
}

const TOKEN =
  /--[^\n]*|\/\*[\s\S]*?\*\/|'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`[^`]*`|\$(\d+|[A-Za-z_][A-Za-z0-9_]*)/g;

export function bindParams(sql: string, params?: SqlParams): string {
  if (!params) return sql;
  return sql.replace(TOKEN, (match, name: string | undefined) => {
    if (name === undefined) return match;
    const value = Array.isArray(params)
      ? /^\d+$/.test(name)
        ? params[Number(name) - 1]
        : undefined
      : (params as Record<string, unknown>)[name];
    const known = Array.isArray(params)
      ? /^\d+$/.test(name) && Number(name) <= params.length
      : name in params;
    if (!known) {
      throw new FlowlensError(
        "FLOWLENS_QUERY_FAILED",
        `the SQL names parameter $${name}, which was not given`,
      );
    }
    return literal(value);
  });
}
