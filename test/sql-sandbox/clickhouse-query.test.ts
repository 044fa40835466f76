import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runClickHouseQuery } from "../../src/sql-sandbox/run-clickhouse-query.js";
import type { SandboxedQuery } from "../../src/sql-sandbox/run-sandboxed-query.js";
import { ClickHouseStore } from "../../src/store/clickhouse/clickhouse-store.js";
import { parseClickHouseUrl } from "../../src/store/clickhouse/clickhouse-url.js";
import { type ClickHouseServer, clickHouseAvailable, startClickHouse } from "../helpers/clickhouse-server.js";

async function allRows(query: SandboxedQuery) {
  const rows = [];
  for await (const chunk of query.chunks) rows.push(...chunk);
  return rows;
}

describe.skipIf(!clickHouseAvailable)("the query sandbox on ClickHouse", () => {
  let server: ClickHouseServer;
  let store: ClickHouseStore;
  beforeAll(async () => {
    server = await startClickHouse();
    const target = parseClickHouseUrl(`clickhouse://default@127.0.0.1:${server.httpPort}/sandbox`);
    if ("problem" in target) throw new Error(target.problem);
    store = await ClickHouseStore.open(target, { createDatabase: true });
    await store.run("CREATE TABLE numbers_table (n UInt32, label String) ENGINE = MergeTree() ORDER BY n");
    await store.run(
      "INSERT INTO numbers_table SELECT number, toString(number) FROM system.numbers LIMIT 10000",
    );
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    await server?.stop();
  });

  it("answers a read with its columns, their types and every row", async () => {
    const query = await runClickHouseQuery(
      store,
      "SELECT n, label FROM numbers_table WHERE n < 3 ORDER BY n",
    );
    expect([query.columns, query.columnTypes]).toEqual([
      ["n", "label"],
      ["UInt32", "String"],
    ]);
    expect(await allRows(query)).toEqual([
      { n: 0, label: "0" },
      { n: 1, label: "1" },
      { n: 2, label: "2" },
    ]);
    expect(query.cut).toBe(false);
  });

  it("names the columns of a query that has no rows", async () => {
    const query = await runClickHouseQuery(store, "SELECT n, label FROM numbers_table WHERE n > 99999");
    expect([query.columns, await allRows(query)]).toEqual([["n", "label"], []]);
  });

  it("hands over at most maxRows rows and says the result was cut", async () => {
    const query = await runClickHouseQuery(store, "SELECT n FROM numbers_table ORDER BY n", { maxRows: 5 });
    expect((await allRows(query)).map((r) => r.n)).toEqual([0, 1, 2, 3, 4]);
    expect(query.cut).toBe(true);
  });

  it("does not call a result of exactly maxRows rows cut", async () => {
    const query = await runClickHouseQuery(store, "SELECT n FROM numbers_table WHERE n < 5", { maxRows: 5 });
    expect([(await allRows(query)).length, query.cut]).toEqual([5, false]);
  });

  it("refuses a statement that writes, naming the rule", async () => {
    await expect(runClickHouseQuery(store, "DROP TABLE numbers_table")).rejects.toThrow(
      /^the query is not a read \(.*\), and flowlens runs only queries that read on ClickHouse/,
    );
    expect(await store.value("SELECT count() FROM numbers_table")).toBe(10000);
  });

  it("refuses SETTINGS in the SQL, so the limits cannot be lifted", async () => {
    await expect(
      runClickHouseQuery(store, "SELECT count() FROM numbers_table SETTINGS max_execution_time = 0"),
    ).rejects.toMatchObject({ code: "FLOWLENS_QUERY_REFUSED" });
  });

  it("refuses table functions (file, url, remote): queries read only the store's tables", async () => {
    await expect(
      runClickHouseQuery(store, "SELECT * FROM file('/etc/passwd', CSV, 'line String')", {
        hints: { localFiles: "read the store's tables" },
      }),
    ).rejects.toThrow("the query uses a table function, and queries may use only the store's tables");
  });

  it("refuses two statements in one query", async () => {
    await expect(runClickHouseQuery(store, "SELECT 1; SELECT 2")).rejects.toThrow(
      "the query has more than one statement, and flowlens runs one statement at a time",
    );
  });

  it("stops a query at its time limit with the sandbox's sentence", async () => {
    await expect(
      runClickHouseQuery(store, "SELECT count() FROM system.numbers", {
        timeoutMs: 1000,
        hints: { timeout: "narrow it" },
      }),
    ).rejects.toMatchObject({
      code: "FLOWLENS_QUERY_TIMEOUT",
      sentence: "the query ran longer than its time limit of 1 s and was stopped — narrow it",
    });
  });

  it("words the server's refusal of bad SQL as a failed query", async () => {
    await expect(runClickHouseQuery(store, "SELECT nope FROM numbers_table")).rejects.toThrow(
      /^the query failed: Unknown identifier: nope/,
    );
  });
});
