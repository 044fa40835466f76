import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { InsightSql } from "../../src/insights/insight-sql.js";
import type { Store } from "../../src/store/store.js";
import { tempDir } from "../helpers/temp-dir.js";
import { testStores } from "../helpers/test-stores.js";

/** An insight folder whose derived table `numbers` reads the table `t`, and a statement that counts it. */
function insightFolder(): string {
  const dir = tempDir();
  writeFileSync(join(dir, "numbers.sql"), "SELECT n FROM t");
  writeFileSync(join(dir, "total.sql"), "SELECT count(*) AS total FROM numbers");
  return pathToFileURL(join(dir, "insight.js")).href;
}

const period = { from: "2026-11-30", to: "2026-11-30" };

for (const backend of testStores()) {
  describe(`derived tables on ${backend.name}`, () => {
    /** A fresh store with the table `t` holding `values`. */
    async function storeWith(values: string): Promise<Store> {
      const store = await backend.open();
      const engine = backend.backend === "clickhouse" ? " ENGINE = Memory" : "";
      await store.run(`CREATE TABLE t (n INTEGER)${engine}`);
      await store.run(`INSERT INTO t VALUES ${values}`);
      return store;
    }

    it("a derived table is computed once, when derived: rows added to what it reads later are not in it", async () => {
      const store = await storeWith("(1), (2)");
      const sql = new InsightSql(store, insightFolder(), period);
      await sql.derive("numbers", "numbers.sql");
      await store.run("INSERT INTO t VALUES (3)");
      expect(await sql.rows("total.sql")).toEqual([{ total: 2 }]);
      expect(await sql.rows("total.sql")).toEqual([{ total: 2 }]);
    });

    it("deriving a table again replaces it", async () => {
      const store = await storeWith("(1)");
      const sql = new InsightSql(store, insightFolder(), period);
      await sql.derive("numbers", "numbers.sql");
      await store.run("INSERT INTO t VALUES (2)");
      await sql.derive("numbers", "numbers.sql");
      expect(await sql.rows("total.sql")).toEqual([{ total: 2 }]);
    });
  });
}
