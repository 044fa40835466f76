import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { InsightSql } from "../../src/insights/insight-sql.js";
import { readSql } from "../../src/insights/read-sql.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { tempDir } from "../helpers/temp-dir.js";

/** A folder of SQL files beside a would-be module, as an insight's folder is. */
function insightFolder(files: Record<string, string>): string {
  const dir = tempDir();
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return pathToFileURL(join(dir, "insight.js")).href;
}

const period = { from: "2026-11-30", to: "2026-11-30" };

describe("SQL per dialect", () => {
  it("a dialect's own file is read before the shared one", () => {
    const url = insightFolder({ "q.sql": "SELECT 'shared'", "q.clickhouse.sql": "SELECT 'clickhouse'" });
    expect(readSql(url, "q.sql", "clickhouse")).toBe("SELECT 'clickhouse'");
  });

  it("the shared file serves a dialect that has no file of its own", () => {
    const url = insightFolder({ "q.sql": "SELECT 'shared'", "q.clickhouse.sql": "SELECT 'clickhouse'" });
    expect(readSql(url, "q.sql", "duckdb")).toBe("SELECT 'shared'");
  });

  it("each dialect reads its own file when the folder keeps both side by side", () => {
    const url = insightFolder({
      "q.duckdb.sql": "SELECT 'duckdb'",
      "q.clickhouse.sql": "SELECT 'clickhouse'",
    });
    expect([readSql(url, "q.sql", "duckdb"), readSql(url, "q.sql", "clickhouse")]).toEqual([
      "SELECT 'duckdb'",
      "SELECT 'clickhouse'",
    ]);
  });

  it("on a store with temporary tables, a derived table is created once and read by its name", async () => {
    const url = insightFolder({
      "numbers.sql": "SELECT range AS n FROM range(3)",
      "total.sql": "SELECT sum(n)::INTEGER AS total FROM numbers",
    });
    const store = await DuckDbStore.open(":memory:");
    try {
      const sql = new InsightSql(store, url, period);
      await sql.derive("numbers", "numbers.sql");
      expect(sql.text("total.sql")).toBe("SELECT sum(n)::INTEGER AS total FROM numbers");
      expect(await sql.rows("total.sql")).toEqual([{ total: 3 }]);
    } finally {
      store.close();
    }
  });

  it("the period's days are given as $from and $to to the statements that name them", async () => {
    const url = insightFolder({ "days.sql": "SELECT $from AS first, $to AS last, $n AS n" });
    const store = await DuckDbStore.open(":memory:");
    try {
      const rows = await new InsightSql(store, url, { from: "2026-11-01", to: "2026-11-30" }).rows(
        "days.sql",
        {
          n: 2,
          unused: 1,
        },
      );
      expect(rows).toEqual([{ first: "2026-11-01", last: "2026-11-30", n: 2 }]);
    } finally {
      store.close();
    }
  });
});
