/**
 * Brings a store written by an earlier flowlens up to this schema version, in one transaction, when it is
 * opened for writing. Version 1 → 2: rows holding values the field catalog now refuses (a bytes of 2^63-1,
 * a port of 70000 — loaded before values were bounded) move to the quarantine, so that no stored row can
 * make a sum overflow; the rollups are then rebuilt with HUGEINT sums (rollups.ts). Version 2 → 3: the
 * `flows` table becomes `flow_records` behind a `flows` view (flow-tables.ts, which renames it when the
 * store opens).
 */
import { describeRange } from "../../records/decode-record.js";
import { FIELDS } from "../../records/fields.js";
import { SCHEMA_VERSION, TIME_COLUMNS } from "../schema.js";
import type { DuckDbStore } from "./duckdb-store.js";
import { quoteIdent, quoteString } from "./flow-insert-sql.js";
import { FLOW_RECORDS } from "./flow-tables.js";
import { markDaysDirty } from "./rollups.js";

/** The catalog's range checks for the whole-number columns `flows` has (times are checked as they load). */
async function storedValueChecks(store: DuckDbStore) {
  const columns = new Set(
    (
      await store.rows<{ column_name: string }>(
        `SELECT column_name FROM duckdb_columns() WHERE table_name = '${FLOW_RECORDS}' AND database_name <> 'temp'`,
      )
    ).map((r) => r.column_name),
  );
  return FIELDS.flatMap((spec) => {
    if (!spec.range || TIME_COLUMNS[spec.name] || !columns.has(spec.column)) return [];
    const c = quoteIdent(spec.column);
    const refused = `${c} NOT BETWEEN ${spec.range.min} AND ${spec.range.max}`;
    const reason = `${quoteString(`field ${spec.name} must be ${describeRange(spec.range)}, not "`)} || ${c} || '"'`;
    return [{ refused, reason }];
  });
}

/** Moves stored rows with refused values to `rejects`; returns how many moved. */
async function quarantineStoredRows(store: DuckDbStore): Promise<number> {
  const checks = await storedValueChecks(store);
  const refused = checks.map((c) => c.refused).join(" OR ");
  const sources = await store.rows<{ source_id: number }>(
    `SELECT DISTINCT source_id FROM flows WHERE ${refused}`,
  );
  if (sources.length === 0) return 0;
  const ids = sources.map((s) => s.source_id).join(", ");
  await markDaysDirty(store, ids);
  const reason = `CASE ${checks.map((c) => `WHEN ${c.refused} THEN ${c.reason}`).join(" ")} END`;
  await store.run(`INSERT INTO rejects
    SELECT source_id, NULL, ${reason} || ' (found in the store when it was upgraded)', to_json(f)::VARCHAR
    FROM flows f WHERE ${refused}`);
  const moved = await store.value<number>(`SELECT count(*) FROM flows WHERE ${refused}`);
  await store.run(`DELETE FROM ${FLOW_RECORDS} WHERE ${refused}`);
  await store.run(`UPDATE sources SET
      row_count = (SELECT count(*) FROM flows WHERE flows.source_id = sources.source_id),
      rejected_count = (SELECT count(*) FROM rejects WHERE rejects.source_id = sources.source_id)
    WHERE source_id IN (${ids})`);
  return moved;
}

/** The schema version a store records, or null for a new store. */
export async function storedSchemaVersion(store: DuckDbStore): Promise<number | null> {
  const tables = await store.value<number>(
    "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'flowlens_meta' AND NOT temporary",
  );
  if (!tables) return null;
  const [row] = await store.rows<{ value: string }>(
    "SELECT value FROM flowlens_meta WHERE key = 'schema_version'",
  );
  return row ? Number(row.value) : null;
}

/** Upgrades an older store in place; a store of this version (or a new one) is left as it is. */
export async function migrateStore(store: DuckDbStore): Promise<void> {
  const version = await storedSchemaVersion(store);
  if (version === null || version >= SCHEMA_VERSION) return;
  await store.transaction(async () => {
    if (version < 2) await quarantineStoredRows(store);
    await store.run(`UPDATE flowlens_meta SET value = '${SCHEMA_VERSION}' WHERE key = 'schema_version'`);
  });
}
