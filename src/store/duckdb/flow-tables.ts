/**
 * `flows` as it is read, and as it is stored. Rows are stored in `flow_records`, which has a column only
 * for what some loaded format carries (and `day`, `source_id`): a column a load leaves empty is not free
 * in DuckDB (the 16 columns AWS's default format lacks cost 27% of its INSERT). `flows` is a view with every
 * catalog column, NULL where the store has none, so insights and user SQL read one schema whatever was
 * loaded. Rows are written (INSERT, DELETE) to `flow_records`.
 */
import type { LogFormat } from "../../records/log-format.js";
import { FLOW_COLUMNS, flowColumnsFilledBy } from "../schema.js";
import type { DuckDbStore } from "./duckdb-store.js";
import { quoteIdent } from "./flow-insert-sql.js";

export const FLOW_RECORDS = "flow_records";

/** The columns `flow_records` has. */
export async function storedFlowColumns(store: DuckDbStore): Promise<Set<string>> {
  const rows = await store.rows<{ column_name: string }>(
    `SELECT column_name FROM duckdb_columns() WHERE table_name = '${FLOW_RECORDS}' AND database_name <> 'temp'`,
  );
  return new Set(rows.map((r) => r.column_name));
}

async function createFlowsView(store: DuckDbStore, stored: Set<string>): Promise<void> {
  const columns = FLOW_COLUMNS.map((c) =>
    stored.has(c.name) ? quoteIdent(c.name) : `CAST(NULL AS ${c.type}) AS ${quoteIdent(c.name)}`,
  );
  await store.run(`CREATE OR REPLACE VIEW flows AS SELECT ${columns.join(", ")} FROM ${FLOW_RECORDS}`);
}

/**
 * Creates `flow_records` and the `flows` view; a store from before schema version 3, whose `flows` is the
 * table itself, has it renamed.
 */
export async function ensureFlowTables(store: DuckDbStore): Promise<void> {
  const legacy = await store.value<number>(
    "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'flows' AND NOT temporary",
  );
  if (legacy) await store.run(`ALTER TABLE flows RENAME TO ${FLOW_RECORDS}`);
  await store.run(`CREATE TABLE IF NOT EXISTS ${FLOW_RECORDS} (day DATE, source_id INTEGER)`);
  await createFlowsView(store, await storedFlowColumns(store));
}

/** Before a load: the columns its format fills that `flow_records` does not have yet are added. */
export async function addFlowColumns(store: DuckDbStore, format: LogFormat): Promise<void> {
  const stored = await storedFlowColumns(store);
  const missing = flowColumnsFilledBy(format).filter((c) => !stored.has(c.name));
  if (missing.length === 0) return;
  for (const c of missing) {
    await store.run(`ALTER TABLE ${FLOW_RECORDS} ADD COLUMN ${quoteIdent(c.name)} ${c.type}`);
    stored.add(c.name);
  }
  await createFlowsView(store, stored);
}
