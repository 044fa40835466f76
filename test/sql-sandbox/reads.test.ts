import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runSandboxedQuery, type SandboxedQueryOptions } from "../../src/sql-sandbox/run-sandboxed-query.js";
import type { DuckDbStore, JsonRow } from "../../src/store/duckdb/duckdb-store.js";
import { sharedTempDir } from "../helpers/temp-dir.js";
import { sandboxedStoreWithFlows } from "./sandboxed-store.js";

let store: DuckDbStore;

beforeAll(async () => {
  store = await sandboxedStoreWithFlows(sharedTempDir());
});
afterAll(() => store.close());

async function rows(sql: string, options: SandboxedQueryOptions = {}): Promise<JsonRow[]> {
  const query = await runSandboxedQuery(store, sql, options);
  const all: JsonRow[] = [];
  for await (const chunk of query.chunks) all.push(...chunk);
  return all;
}

describe("the query sandbox runs reads", () => {
  it("a SELECT over flows", async () => {
    expect(await rows("SELECT count(*) AS records, sum(bytes) AS bytes FROM flows")).toEqual([
      { records: 20, bytes: 20190 },
    ]);
  });

  it("DESCRIBE flows", async () => {
    const columns = (await rows("DESCRIBE flows")).map((r) => r.column_name);
    expect(columns).toContain("srcaddr");
    expect(columns).toContain("day");
  });

  it("a CTE", async () => {
    expect(
      await rows(
        "WITH per_eni AS (SELECT interface_id, count(*) AS n FROM flows GROUP BY ALL) SELECT max(n) AS most FROM per_eni",
      ),
    ).toEqual([{ most: 3 }]);
  });

  it("the ipv4_to_int macro", async () => {
    expect(await rows("SELECT ipv4_to_int('10.0.1.2') AS n")).toEqual([{ n: 167772418 }]);
  });

  it("SHOW TABLES, SUMMARIZE and FROM-first queries", async () => {
    expect((await rows("SHOW TABLES")).map((r) => r.name)).toContain("flows");
    expect((await rows("SUMMARIZE flows")).length).toBeGreaterThan(10);
    expect(await rows("FROM flows SELECT count(*) AS n")).toEqual([{ n: 20 }]);
  });

  it("an EXPLAIN of a SELECT, after a comment", async () => {
    const [plan] = await rows("-- the plan\nEXPLAIN SELECT count(*) FROM flows");
    expect(plan?.explain_key).toBe("physical_plan");
  });

  it("a query with $name parameters", async () => {
    expect(
      await rows("SELECT count(*) AS n FROM flows WHERE bytes >= $min", { params: { min: 1010 } }),
    ).toEqual([{ n: 10 }]);
  });

  it("a trailing semicolon as one statement", async () => {
    expect(await rows("SELECT 1 AS one;")).toEqual([{ one: 1 }]);
  });

  it("a column name given twice, keeping both values", async () => {
    const query = await runSandboxedQuery(store, "SELECT 1 AS a, 2 AS a");
    expect(query.columns).toEqual(["a", "a:1"]);
    for await (const chunk of query.chunks) expect(chunk).toEqual([{ a: 1, "a:1": 2 }]);
  });
});
