import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runSandboxedQuery } from "../../src/sql-sandbox/run-sandboxed-query.js";
import { DuckDbStore, type JsonRow } from "../../src/store/duckdb/duckdb-store.js";
import { failureOf } from "../helpers/flowlens-failure.js";
import { tempDir } from "../helpers/temp-dir.js";
import { sandboxedStoreWithFlows, storeWithFlows } from "./sandboxed-store.js";

const CROSS_JOIN = "SELECT count(*) FROM range(100000000) a, range(100000000) b WHERE a.range + b.range = -1";

async function drain(query: { chunks: AsyncIterable<JsonRow[]> }): Promise<JsonRow[][]> {
  const chunks: JsonRow[][] = [];
  for await (const chunk of query.chunks) chunks.push(chunk);
  return chunks;
}

describe("the query sandbox's limits", () => {
  it("stops a query at its time limit with a sentence naming the limit", async () => {
    const store = await sandboxedStoreWithFlows(tempDir());
    try {
      const error = await failureOf(
        runSandboxedQuery(store, CROSS_JOIN, { timeoutMs: 500 }).then((q) => drain(q)),
      );
      expect(error.code).toBe("FLOWLENS_QUERY_TIMEOUT");
      expect(error.sentence).toBe(
        "the query ran longer than its time limit of 0.5 s and was stopped — narrow it: filter on day, or add LIMIT",
      );
    } finally {
      store.close();
    }
  });

  it("after a stopped query, the next query on the store runs", async () => {
    const store = await sandboxedStoreWithFlows(tempDir());
    try {
      await failureOf(runSandboxedQuery(store, CROSS_JOIN, { timeoutMs: 200 }).then((q) => drain(q)));
      const chunks = await drain(await runSandboxedQuery(store, "SELECT count(*) AS n FROM flows"));
      expect(chunks).toEqual([[{ n: 20 }]]);
    } finally {
      store.close();
    }
  });

  it("the time limit's hint is the caller's", async () => {
    const store = await sandboxedStoreWithFlows(tempDir());
    try {
      const error = await failureOf(
        runSandboxedQuery(store, CROSS_JOIN, {
          timeoutMs: 200,
          hints: { timeout: "ask for more time" },
        }).then((q) => drain(q)),
      );
      expect(error.hint).toBe("ask for more time");
    } finally {
      store.close();
    }
  });

  it("hands over rows in chunks as DuckDB produces them", async () => {
    const store = await sandboxedStoreWithFlows(tempDir());
    try {
      const chunks = await drain(await runSandboxedQuery(store, "SELECT * FROM range(5000)"));
      expect(chunks.map((c) => c.length)).toEqual([2048, 2048, 904]);
    } finally {
      store.close();
    }
  });

  it("stops at maxRows and says rows were left out", async () => {
    const store = await sandboxedStoreWithFlows(tempDir());
    try {
      const query = await runSandboxedQuery(store, "SELECT * FROM range(5000)", { maxRows: 3000 });
      expect((await drain(query)).flat()).toHaveLength(3000);
      expect(query.cut).toBe(true);
    } finally {
      store.close();
    }
  });

  it("a result of exactly maxRows rows is not cut", async () => {
    const store = await sandboxedStoreWithFlows(tempDir());
    try {
      const query = await runSandboxedQuery(store, "SELECT * FROM range(2048)", { maxRows: 2048 });
      expect((await drain(query)).flat()).toHaveLength(2048);
      expect(query.cut).toBe(false);
    } finally {
      store.close();
    }
  });

  it("refuses to run on a store not opened by openSandboxedStore", async () => {
    const store = await DuckDbStore.open(await storeWithFlows(tempDir()), { readOnly: true });
    try {
      await expect(runSandboxedQuery(store, "SELECT 1")).rejects.toThrow(
        "runSandboxedQuery needs a store opened by openSandboxedStore; autoinstall_known_extensions is not false, autoload_known_extensions is not false, allow_community_extensions is not false, lock_configuration is not true",
      );
    } finally {
      store.close();
    }
  });
});

describe("the query sandbox with local files allowed", () => {
  it("reads a local file", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "hosts.csv"), "name,address\nweb,10.0.1.5\n");
    const store = await sandboxedStoreWithFlows(dir, { allowLocalFiles: true });
    try {
      const query = await runSandboxedQuery(store, `SELECT name FROM read_csv('${join(dir, "hosts.csv")}')`);
      expect(await drain(query)).toEqual([[{ name: "web" }]]);
    } finally {
      store.close();
    }
  });

  it("still refuses COPY … TO and writes no file", async () => {
    const dir = tempDir();
    const store = await sandboxedStoreWithFlows(dir, { allowLocalFiles: true });
    try {
      const error = await failureOf(runSandboxedQuery(store, `COPY flows TO '${join(dir, "out.csv")}'`));
      expect(error.code).toBe("FLOWLENS_QUERY_REFUSED");
      expect(existsSync(join(dir, "out.csv"))).toBe(false);
    } finally {
      store.close();
    }
  });

  it("still refuses EXPORT DATABASE and creates no folder", async () => {
    const dir = tempDir();
    const store = await sandboxedStoreWithFlows(dir, { allowLocalFiles: true });
    try {
      await failureOf(runSandboxedQuery(store, `EXPORT DATABASE '${join(dir, "exported")}'`));
      expect(existsSync(join(dir, "exported"))).toBe(false);
    } finally {
      store.close();
    }
  });

  it("still refuses an EXPLAIN ANALYZE that would write a file", async () => {
    const dir = tempDir();
    const store = await sandboxedStoreWithFlows(dir, { allowLocalFiles: true });
    try {
      await failureOf(runSandboxedQuery(store, `EXPLAIN ANALYZE COPY (SELECT 1) TO '${join(dir, "e.csv")}'`));
      expect(existsSync(join(dir, "e.csv"))).toBe(false);
    } finally {
      store.close();
    }
  });

  it("still refuses log files written by enable_logging()", async () => {
    const dir = tempDir();
    const store = await sandboxedStoreWithFlows(dir, { allowLocalFiles: true });
    try {
      const sql = `SELECT * FROM enable_logging(storage = 'file', storage_path = '${join(dir, "logs")}')`;
      expect((await failureOf(runSandboxedQuery(store, sql))).code).toBe("FLOWLENS_QUERY_REFUSED");
      expect(existsSync(join(dir, "logs"))).toBe(false);
    } finally {
      store.close();
    }
  });

  it("still refuses to change a setting", async () => {
    const store = await sandboxedStoreWithFlows(tempDir(), { allowLocalFiles: true });
    try {
      expect((await failureOf(runSandboxedQuery(store, "SET memory_limit = '64GB'"))).code).toBe(
        "FLOWLENS_QUERY_REFUSED",
      );
    } finally {
      store.close();
    }
  });
});
