/**
 * Reads an insight's SQL file that sits beside its module (copied next to the compiled module by the
 * build), once per process.
 */
import { readFileSync } from "node:fs";

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
