import { describe, expect, it } from "vitest";
import { crossAzTables } from "../../src/insights/cross-az/cross-az.js";
import { ensureEnrichmentTables } from "../../src/insights/enrichment-tables.js";
import { InsightSql } from "../../src/insights/insight-sql.js";
import { withStoreIn } from "../helpers/store-in-dir.js";
import { tempDir } from "../helpers/temp-dir.js";

const period = { from: "2026-11-20", to: "2026-11-20" };

describe("InsightSql", () => {
  it("reads a table under the name `reading` gives it", async () => {
    await withStoreIn(tempDir(), async (store) => {
      const sql = new InsightSql(store, crossAzTables.moduleUrl, period, {
        reading: { flow_rollup: "alert_flow_buckets" },
      });
      const text = sql.text("vpc-egress.sql");
      expect(text).toContain("FROM alert_flow_buckets f");
      expect(text).not.toContain("flow_rollup");
    });
  });

  it("builds each of an insight's derived tables, a later one reading an earlier one", async () => {
    await withStoreIn(tempDir(), async (store) => {
      await ensureEnrichmentTables(store);
      await new InsightSql(store, crossAzTables.moduleUrl, period).deriveAll(crossAzTables);
      const tables = await store.rows<{ table_name: string }>(
        "SELECT table_name FROM duckdb_tables() WHERE temporary AND table_name LIKE '%egress' ORDER BY table_name",
      );
      expect(tables.map((t) => t.table_name)).toEqual(["cross_az_egress", "vpc_egress"]);
    });
  });
});
