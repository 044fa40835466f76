/**
 * A key that changes whenever a report of the store could: a new or finished ingest run (files, the daily
 * job or serve's loads), a ledger change, an inventory import or sync, new AWS IP ranges. Cached reports
 * are kept under it; reading it costs one small query.
 */
import type { Store } from "../../store/store.js";
import { tableExists } from "../../store/table-exists.js";

export async function storeGeneration(store: Store): Promise<string> {
  const parts = [
    "(SELECT max(run_id) FROM ingest_runs)",
    "(SELECT count(finished_at) FROM ingest_runs)",
    "(SELECT count(*) FROM sources)",
    "(SELECT max(loaded_at) FROM sources)",
  ];
  if (await tableExists(store, "inventory_sources"))
    parts.push("(SELECT max(imported_at) FROM inventory_sources)");
  if (await tableExists(store, "aws_ip_ranges_source"))
    parts.push("(SELECT max(create_date) FROM aws_ip_ranges_source)");
  const sql =
    store.dialect.name === "clickhouse"
      ? `SELECT arrayStringConcat([${parts.map((p) => `ifNull(toString(${p}), '-')`).join(", ")}], '|') AS g`
      : `SELECT concat_ws('|', ${parts.map((p) => `coalesce(CAST(${p} AS VARCHAR), '-')`).join(", ")}) AS g`;
  const [row] = await store.rows(sql);
  return String(row?.g);
}
