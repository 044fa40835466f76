/**
 * Datapoints of SQL rules: the rule's query, checked by the query sandbox's statement rules (one
 * statement that only reads), runs once per bucket with `$window_start` and `$window_end` (ISO 8601 UTC
 * text; compare with `start_time >= $window_start::TIMESTAMP`). Each row is a firing instance: its
 * `instance` column names it ("" when absent) and its `value` column, when numeric, is the number shown.
 * As with user insights, the store is the evaluation's own (open for writing), so the statement rules
 * apply but not the sandbox's instance settings.
 */
import { messageOf } from "../../errors.js";
import { paramsFor } from "../../insights/read-sql.js";
import { checkStatement } from "../../sql-sandbox/check-statement.js";
import { TimeLimit } from "../../sql-sandbox/time-limit.js";
import type { DuckDbStore } from "../../store/duckdb/duckdb-store.js";
import type { SqlRule } from "../rules/alert-rule-schema.js";
import { type BucketRange, type DatapointRow, datapointsFrom, type RuleDatapoints } from "./datapoints.js";
import type { PresentBuckets } from "./present-buckets.js";

export async function sqlDatapoints(
  store: DuckDbStore,
  rule: SqlRule,
  range: BucketRange,
  presentBuckets: PresentBuckets,
): Promise<RuleDatapoints> {
  await checkStatement(store.connection, rule.sql).catch((error: unknown) => {
    throw new Error(`alert rule ${rule.name}: ${messageOf(error)}`);
  });
  const present = await presentBuckets.of(range);
  const rows: DatapointRow[] = [];
  for (const bucket of present) {
    const values = {
      window_start: new Date(bucket * 1000).toISOString(),
      window_end: new Date((bucket + rule.period) * 1000).toISOString(),
    };
    const limit = new TimeLimit(
      store.connection,
      rule.timeoutSeconds * 1000,
      "make it faster, or raise timeoutSeconds",
    );
    let found: Record<string, unknown>[];
    try {
      found = await store.rows(rule.sql, paramsFor(rule.sql, values));
    } catch (error) {
      throw new Error(`alert rule ${rule.name}: ${messageOf(limit.expired ? limit.error() : error)}`);
    } finally {
      limit.stop();
    }
    rows.push(...found.map((row) => firingRow(bucket, row)));
  }
  return datapointsFrom(rows, present);
}

/** A row of an SQL rule's answer as a firing instance of `bucket` (its `instance`, its numeric `value` or 1). */
export function firingRow(bucket: number, row: Record<string, unknown>): DatapointRow {
  const value = Number(row.value ?? 1);
  return {
    bucket,
    instance: row.instance === undefined || row.instance === null ? "" : String(row.instance),
    value: Number.isFinite(value) ? value : 1,
    breaching: true,
  };
}
