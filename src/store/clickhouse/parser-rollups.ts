/**
 * A load's rollup rows, summed by the parser (the scratch DuckDB store holding the load's rows) in the
 * form ClickHouse's `flow_rollup_parts` and `hourly_rollup_parts` store them: keys without NULLs ('' and
 * -1, 1970-01-01 00:00:00 for a missing hour), the client side's port folded to -1 as
 * `flowRollupSelect` folds it on the server. They are shipped with the load's rows, so ClickHouse sums
 * nothing at insert time (materialized views summing each insert made it about three times as slow on
 * high-cardinality rows: BENCHMARKS.md); its SummingMergeTree still merges the parts. The columns here
 * and in clickhouse-schema.ts must agree: test/store/clickhouse/parser-rollups.test.ts compares the rows
 * of both on the same records.
 */
import {
  FLOW_ROLLUP_KEYS,
  HOURLY_ROLLUP_KEYS,
  ROLLUP_INTEGER_KEYS,
  storedRollupKey,
} from "./clickhouse-schema.js";

export interface RollupRows {
  /** The `_parts` table the rows go to. */
  readonly table: "flow_rollup_parts" | "hourly_rollup_parts";
  /** Its columns, in the order the SELECT writes them. */
  readonly columns: readonly string[];
  /** A DuckDB SELECT of the rows, for `COPY (…) TO … (FORMAT csv)`. */
  readonly select: string;
}

const CLIENT_SIDE_IS_SOURCE = "protocol IN (6, 17) AND srcport > dstport";
const CLIENT_SIDE_IS_DESTINATION =
  "protocol IN (6, 17) AND dstport > srcport AND action IS DISTINCT FROM 'REJECT'";

/** The key as stored, from the parser's `flows` (NULL in a column the load's format has not). */
function keyExpression(key: string): string {
  if (key === "day") return "day";
  if (key === "hour")
    return "coalesce(strftime(date_trunc('hour', start_time), '%Y-%m-%d %H:%M:%S'), '1970-01-01 00:00:00')";
  if (key === "srcport") return `CASE WHEN ${CLIENT_SIDE_IS_SOURCE} THEN -1 ELSE coalesce(srcport, -1) END`;
  if (key === "dstport")
    return `CASE WHEN ${CLIENT_SIDE_IS_DESTINATION} THEN -1 ELSE coalesce(dstport, -1) END`;
  return `coalesce(${key}, ${missingKey(key)})`;
}

const missingKey = (key: string) => (ROLLUP_INTEGER_KEYS.has(key) ? "-1" : "''");
/** A key whose column the parser's `flow_records` has not is the same in every row: not grouped by. */
const filled = (key: string, stored: ReadonlySet<string>) => stored.has(key === "hour" ? "start_time" : key);

function rollupRows(
  table: RollupRows["table"],
  keys: readonly string[],
  sums: readonly (readonly [string, string])[],
  stored: ReadonlySet<string>,
  where: string,
  loadId: number,
): RollupRows {
  const expressions = keys.map(
    (k) => `${filled(k, stored) ? keyExpression(k) : missingKey(k)} AS ${storedRollupKey(k)}`,
  );
  const grouped = keys.filter((k) => filled(k, stored));
  return {
    table,
    columns: ["load_id", ...keys.map(storedRollupKey), ...sums.map(([name]) => name)],
    select: `SELECT ${loadId} AS load_id, ${expressions.join(", ")}, ${sums.map(([name, sum]) => `${sum} AS ${name}`).join(", ")}
      FROM flows WHERE ${where}
      GROUP BY ${grouped.map(storedRollupKey).join(", ")}`,
  };
}

/** The daily and hourly rollup rows of the parser's `flows` rows that `where` selects. */
export function parserRollups(stored: ReadonlySet<string>, where: string, loadId: number): RollupRows[] {
  const totals = [
    ["records", "count(*)"],
    ["bytes", "coalesce(sum(bytes), 0)"],
    ["packets", "coalesce(sum(packets), 0)"],
  ] as const;
  const spanning = "count(*) FILTER (CAST(end_time AS DATE) > day)";
  return [
    rollupRows(
      "flow_rollup_parts",
      FLOW_ROLLUP_KEYS,
      [...totals, ["spanning_midnight", spanning]],
      stored,
      where,
      loadId,
    ),
    rollupRows("hourly_rollup_parts", HOURLY_ROLLUP_KEYS, totals, stored, where, loadId),
  ];
}
