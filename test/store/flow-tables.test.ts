/**
 * `flows` is a view with every catalog column; its rows are stored in `flow_records`, which has a column
 * only for what some loaded format fills.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { FLOW_COLUMNS, SCHEMA_VERSION } from "../../src/store/schema.js";
import { at, writeCustomLog } from "../helpers/custom-flow-log.js";
import { writeDefaultLog } from "../helpers/flow-log-files.js";
import { ingestFiles } from "../helpers/ingest-files.js";
import { withFlowsTableAsBefore, withStoreIn as withStore } from "../helpers/store-in-dir.js";
import { tempDir } from "../helpers/temp-dir.js";

const columnsOf = async (store: DuckDbStore, table: string) =>
  (
    await store.rows<{ column_name: string }>(
      `SELECT column_name FROM duckdb_columns() WHERE table_name = '${table}' AND database_name <> 'temp' ORDER BY column_index`,
    )
  ).map((r) => r.column_name);

describe("flow tables", () => {
  it("a store of AWS's default format stores only the columns it fills, and flows has every column", async () => {
    const dir = tempDir();
    writeDefaultLog(join(dir, "a.log.gz"), 3);
    await withStore(dir, async (store) => {
      await ingestFiles(store, [dir]);
      expect((await columnsOf(store, "flow_records")).sort()).toEqual(
        [
          ...["day", "source_id", "version", "account_id", "interface_id", "srcaddr", "dstaddr", "srcport"],
          ...["dstport", "protocol", "packets", "bytes", "start_time", "end_time", "action", "log_status"],
        ].sort(),
      );
      expect(await columnsOf(store, "flows")).toEqual(FLOW_COLUMNS.map((c) => c.name));
      expect(
        await store.rows("SELECT vpc_id, flow_direction, count(*)::INTEGER AS n FROM flows GROUP BY ALL"),
      ).toEqual([{ vpc_id: null, flow_direction: null, n: 3 }]);
    });
  });

  it("a format with more fields adds their columns, and flows shows their values", async () => {
    const dir = tempDir();
    writeDefaultLog(join(dir, "a.log.gz"), 2);
    writeCustomLog(join(dir, "b.log.gz"), [
      { "flow-direction": "egress", "vpc-id": "vpc-1", start: at("2026-11-20T10:00:00Z") },
    ]);
    await withStore(dir, async (store) => {
      await ingestFiles(store, [join(dir, "a.log.gz")]);
      await ingestFiles(store, [join(dir, "b.log.gz")]);
      expect(await columnsOf(store, "flow_records")).toContain("flow_direction");
      expect(
        await store.rows(
          "SELECT vpc_id, flow_direction, count(*)::INTEGER AS n FROM flows GROUP BY ALL ORDER BY ALL",
        ),
      ).toEqual([
        { vpc_id: "vpc-1", flow_direction: "egress", n: 1 },
        { vpc_id: null, flow_direction: null, n: 2 },
      ]);
    });
  });

  it("a store whose flows is a table (schema version 2) keeps its rows behind the view when opened", async () => {
    const dir = tempDir();
    writeDefaultLog(join(dir, "a.log.gz"), 3);
    await withStore(dir, async (store) => {
      await ingestFiles(store, [dir]);
      await withFlowsTableAsBefore(store, 2);
    });
    await withStore(dir, async (store) => {
      expect(await store.value("SELECT value FROM flowlens_meta WHERE key = 'schema_version'")).toBe(
        String(SCHEMA_VERSION),
      );
      expect(await store.value("SELECT count(*)::INTEGER FROM flows")).toBe(3);
      expect(await store.value("SELECT count(*)::INTEGER FROM flow_records")).toBe(3);
      writeDefaultLog(join(dir, "b.log.gz"), 2, 10);
      expect(await ingestFiles(store, [dir])).toMatchObject({ objectsLoaded: 1, rowsLoaded: 2 });
    });
  });
});
