import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { userInsight } from "../../../src/insights/user/user-insight.js";
import { userInsightSpecSchema } from "../../../src/insights/user/user-insight-spec.js";
import { loadPrices } from "../../../src/pricing/price-table.js";
import { DuckDbStore } from "../../../src/store/duckdb/duckdb-store.js";
import { tempDir } from "../../helpers/temp-dir.js";

async function runUserSql(sql: string) {
  const store = await DuckDbStore.open(join(tempDir(), "s.duckdb"));
  onTestFinished(() => store.close());
  const insight = userInsight(
    "mine",
    userInsightSpecSchema.parse({ title: "Mine" }),
    sql,
    "/insights/mine.sql",
  );
  const run = insight.run({
    store,
    period: { from: "2026-11-20", to: "2026-11-20" },
    params: {},
    prices: loadPrices(),
  });
  return {
    run,
    tables: () => store.rows("SELECT view_name FROM duckdb_views() WHERE view_name = 'flows'"),
  };
}

describe("a user insight's SQL follows the query sandbox's statement rules", () => {
  it("a DROP fails with a sentence naming the file, and the table stays", async () => {
    const { run, tables } = await runUserSql("DROP TABLE flows");
    await expect(run).rejects.toThrow(
      "/insights/mine.sql: the query is a DROP statement, and flowlens runs only queries that read: one SELECT, WITH, FROM, VALUES, DESCRIBE, SHOW, SUMMARIZE or EXPLAIN of one — the store changes only through flowlens commands (ingest, inventory, ip-ranges)",
    );
    expect(await tables()).toHaveLength(1);
  });

  it("a SELECT followed by a second statement fails and runs neither", async () => {
    const { run, tables } = await runUserSql("SELECT 1; DROP TABLE flows");
    await expect(run).rejects.toThrow(
      "/insights/mine.sql: the query has 2 statements, and flowlens runs one statement at a time — run them one by one",
    );
    expect(await tables()).toHaveLength(1);
  });

  it("a SELECT with the period's parameters runs", async () => {
    const { run } = await runUserSql("SELECT CAST($from AS DATE) AS day, count(*) AS n FROM flows");
    expect((await run).table).toEqual([{ day: "2026-11-20", n: 0 }]);
  });
});
