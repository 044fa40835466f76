/**
 * Reads an insight's SQL file that sits beside its module (copied next to the compiled module by the
 * build), once per process.
 */
import { readFileSync } from "node:fs";
import type { DuckDBValue } from "@duckdb/node-api";
import { parseUtcDay } from "../utc-day.js";
import type { Period } from "./insight.js";

const cache = new Map<string, string>();

/** `readSql(import.meta.url, "query.sql")` */
export function readSql(moduleUrl: string, name: string): string {
  const url = new URL(name, moduleUrl);
  const key = url.href;
  let sql = cache.get(key);
  if (sql === undefined) {
    sql = readFileSync(url, "utf8");
    cache.set(key, sql);
  }
  return sql;
}

/**
 * An insight SQL file with the period written in: `{{from}}` and `{{to}}` become the days (checked to be
 * calendar days, so nothing else can reach the SQL). For statements that cannot take parameters, such as
 * CREATE VIEW.
 */
export function periodSql(moduleUrl: string, name: string, period: Period): string {
  parseUtcDay("from", period.from);
  parseUtcDay("to", period.to);
  return readSql(moduleUrl, name).replaceAll("{{from}}", period.from).replaceAll("{{to}}", period.to);
}

/** The named values an SQL text uses ($name), so one set of values can serve several statements. */
export function paramsFor(
  sql: string,
  values: Readonly<Record<string, DuckDBValue>>,
): Record<string, DuckDBValue> {
  const used = new Set([...sql.matchAll(/\$([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]));
  return Object.fromEntries(Object.entries(values).filter(([name]) => used.has(name)));
}
