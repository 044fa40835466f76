/**
 * Reads an insight's SQL file that sits beside its module (copied next to the compiled module by the
 * build), once per process, in the store's dialect. A statement both dialects agree on is one file,
 * `name.sql`; where they differ, the folder keeps `name.duckdb.sql` and `name.clickhouse.sql` side by
 * side, and `readSql(url, "name.sql", dialect)` picks the dialect's own file before the shared one.
 */
import { existsSync, readFileSync } from "node:fs";
import type { DuckDBValue } from "@duckdb/node-api";
import type { DialectName } from "../store/store.js";
import { parseUtcDay } from "../utc-day.js";
import type { Period } from "./insight.js";

const cache = new Map<string, string>();

/** The file that holds `name` for the dialect: `base.<dialect>.sql` when it exists, else `name`. */
export function sqlFileUrl(moduleUrl: string, name: string, dialect: DialectName = "duckdb"): URL {
  const own = new URL(name.replace(/\.sql$/, `.${dialect}.sql`), moduleUrl);
  return existsSync(own) ? own : new URL(name, moduleUrl);
}

/** `readSql(import.meta.url, "query.sql", store.dialect.name)` */
export function readSql(moduleUrl: string, name: string, dialect: DialectName = "duckdb"): string {
  const key = `${dialect} ${new URL(name, moduleUrl).href}`;
  let sql = cache.get(key);
  if (sql === undefined) {
    sql = readFileSync(sqlFileUrl(moduleUrl, name, dialect), "utf8");
    cache.set(key, sql);
  }
  return sql;
}

/**
 * An insight SQL file with the period written in: `{{from}}` and `{{to}}` become the days (checked to be
 * calendar days, so nothing else can reach the SQL). For statements that cannot take parameters, such as
 * CREATE VIEW.
 */
export function periodSql(
  moduleUrl: string,
  name: string,
  period: Period,
  dialect: DialectName = "duckdb",
): string {
  parseUtcDay("from", period.from);
  parseUtcDay("to", period.to);
  return readSql(moduleUrl, name, dialect)
    .replaceAll("{{from}}", period.from)
    .replaceAll("{{to}}", period.to);
}

/** The named values an SQL text uses ($name), so one set of values can serve several statements. */
export function paramsFor(
  sql: string,
  values: Readonly<Record<string, DuckDBValue>>,
): Record<string, DuckDBValue> {
  const used = new Set([...sql.matchAll(/\$([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]));
  return Object.fromEntries(Object.entries(values).filter(([name]) => used.has(name)));
}
