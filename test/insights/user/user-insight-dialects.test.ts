import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InsightDefinition } from "../../../src/insights/insight.js";
import { loadUserInsights } from "../../../src/insights/user/load-user-insights.js";
import { loadPrices } from "../../../src/pricing/price-table.js";
import { ClickHouseStore } from "../../../src/store/clickhouse/clickhouse-store.js";
import { parseClickHouseUrl } from "../../../src/store/clickhouse/clickhouse-url.js";
import { DuckDbStore } from "../../../src/store/duckdb/duckdb-store.js";
import type { Store } from "../../../src/store/store.js";
import {
  type ClickHouseServer,
  clickHouseAvailable,
  startClickHouse,
} from "../../helpers/clickhouse-server.js";
import { tempDir } from "../../helpers/temp-dir.js";

/** The one user insight of a folder holding `files`, with a spec titled "Mine". */
function insightOf(files: Record<string, string>): { insight: InsightDefinition<never>; dir: string } {
  const dir = tempDir();
  writeFileSync(join(dir, "mine.yaml"), "title: Mine\nparams: { n: 2 }\n");
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const [insight] = loadUserInsights(dir, []);
  if (!insight) throw new Error("no insight loaded");
  return { insight, dir };
}

function run(insight: InsightDefinition<never>, store: Store) {
  return (insight as InsightDefinition<{ n: number }>).run({
    store,
    period: { from: "2026-11-20", to: "2026-11-21" },
    params: { n: 2 },
    prices: loadPrices(),
  });
}

describe("a user insight's SQL dialect", () => {
  it("a .sql and a .clickhouse.sql beside one spec are one insight", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "mine.yaml"), "title: Mine\n");
    writeFileSync(join(dir, "mine.sql"), "SELECT 1 AS n");
    writeFileSync(join(dir, "mine.clickhouse.sql"), "SELECT 1 AS n");
    expect(loadUserInsights(dir, []).map((i) => i.id)).toEqual(["mine"]);
  });

  it("fails when both mine.sql and mine.duckdb.sql hold its DuckDB SQL", async () => {
    const { insight, dir } = insightOf({ "mine.sql": "SELECT 1", "mine.duckdb.sql": "SELECT 2" });
    const store = await DuckDbStore.open(":memory:");
    try {
      await expect(run(insight, store)).rejects.toThrow(
        `${join(dir, "mine.sql")}: both mine.sql and mine.duckdb.sql hold its DuckDB SQL: keep one`,
      );
    } finally {
      store.close();
    }
  });

  it("ClickHouse SQL alone fails on DuckDB, saying which dialect it is in and which file to add", async () => {
    const { insight, dir } = insightOf({ "mine.clickhouse.sql": "SELECT 1 AS n" });
    const store = await DuckDbStore.open(":memory:");
    try {
      await expect(run(insight, store)).rejects.toThrow(
        `${join(dir, "mine.sql")}: its SQL is ClickHouse SQL, and the store is DuckDB (:memory:): add ${join(dir, "mine.sql")} in DuckDB's SQL`,
      );
    } finally {
      store.close();
    }
  });
});

describe.skipIf(!clickHouseAvailable)("a user insight on ClickHouse", () => {
  let server: ClickHouseServer;
  let store: ClickHouseStore;
  beforeAll(async () => {
    server = await startClickHouse();
    const target = parseClickHouseUrl(`clickhouse://default@127.0.0.1:${server.httpPort}/default`);
    if ("problem" in target) throw new Error(target.problem);
    store = await ClickHouseStore.open(target);
  });
  afterAll(async () => {
    await store?.close();
    await server?.stop();
  });

  it("runs its .clickhouse.sql with the period and its parameters", async () => {
    const { insight } = insightOf({
      "mine.sql": "SELECT CAST($from AS DATE) AS first",
      "mine.clickhouse.sql": "SELECT toDate($from) AS first, toDate($to) AS last, $n * 10 AS n",
    });
    const output = await run(insight, store);
    expect(output.table).toEqual([{ first: "2026-11-20", last: "2026-11-21", n: 20 }]);
  });

  it("DuckDB SQL alone fails on ClickHouse, saying which dialect it is in and which file to add", async () => {
    const { insight, dir } = insightOf({ "mine.sql": "SELECT 1 AS n" });
    await expect(run(insight, store)).rejects.toThrow(
      `${join(dir, "mine.sql")}: its SQL is DuckDB SQL, and the store is ClickHouse (${store.location}): add ${join(dir, "mine.clickhouse.sql")} in ClickHouse's SQL`,
    );
  });

  it("a statement other than a SELECT fails naming the file, and runs not", async () => {
    const { insight, dir } = insightOf({
      "mine.clickhouse.sql": "-- a comment\nDROP TABLE IF EXISTS system.one",
    });
    await expect(run(insight, store)).rejects.toThrow(
      `${join(dir, "mine.clickhouse.sql")}: on ClickHouse a user insight is one SELECT (or WITH … SELECT)`,
    );
    expect(await store.value<number>("SELECT count() FROM system.one")).toBe(1);
  });
});
