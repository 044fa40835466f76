import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FlowlensError } from "../../src/errors.js";
import { runSandboxedQuery } from "../../src/sql-sandbox/run-sandboxed-query.js";
import type { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { sharedTempDir } from "../helpers/temp-dir.js";
import { sandboxedStoreWithFlows } from "./sandboxed-store.js";

const RULE =
  "flowlens runs only queries that read: one SELECT, WITH, FROM, VALUES, DESCRIBE, SHOW, SUMMARIZE or EXPLAIN of one";
const CHANGES = "the store changes only through flowlens commands (ingest, inventory, ip-ranges)";
const SETTINGS =
  "settings such as the memory limit and threads come from the config file, environment or flags";

let dir: string;
let store: DuckDbStore;

beforeAll(async () => {
  dir = sharedTempDir();
  store = await sandboxedStoreWithFlows(dir);
});
afterAll(() => store.close());

/** The refusal a query gets, as code and sentence. */
async function refusal(sql: string): Promise<{ code: string; sentence: string }> {
  try {
    const query = await runSandboxedQuery(store, sql);
    for await (const _ of query.chunks);
  } catch (error) {
    if (error instanceof FlowlensError) return { code: error.code, sentence: error.sentence };
    throw error;
  }
  throw new Error(`not refused: ${sql}`);
}

function fileSentence(path: string): string {
  return `the query uses the file ${path}, and queries may use only the store's tables — SHOW TABLES lists what queries can read`;
}

describe("the query sandbox refuses", () => {
  it("read_text of a local file, naming the file", async () => {
    expect(await refusal("SELECT * FROM read_text('/etc/passwd')")).toEqual({
      code: "FLOWLENS_QUERY_REFUSED",
      sentence: fileSentence("/etc/passwd"),
    });
  });

  it("read_csv of a local file", async () => {
    expect(await refusal("SELECT * FROM read_csv('/etc/passwd')")).toEqual({
      code: "FLOWLENS_QUERY_REFUSED",
      sentence: fileSentence("/etc/passwd"),
    });
  });

  it("a file named in FROM", async () => {
    writeFileSync(join(dir, "x.csv"), "a\n1\n");
    expect((await refusal(`SELECT * FROM '${join(dir, "x.csv")}'`)).sentence).toBe(
      fileSentence(join(dir, "x.csv")),
    );
  });

  it("glob over a folder", async () => {
    expect(await refusal("SELECT * FROM glob('/root/*')")).toEqual({
      code: "FLOWLENS_QUERY_REFUSED",
      sentence: fileSentence("/root/*"),
    });
  });

  it("COPY … TO, and writes no file", async () => {
    const target = join(dir, "copied.csv");
    expect(await refusal(`COPY flows TO '${target}'`)).toEqual({
      code: "FLOWLENS_QUERY_REFUSED",
      sentence: `the query is a COPY statement, and ${RULE} — to save rows in a file, write the query's csv or json output to it`,
    });
    expect(existsSync(target)).toBe(false);
  });

  it("EXPORT DATABASE, and creates no folder", async () => {
    const target = join(dir, "exported");
    expect((await refusal(`EXPORT DATABASE '${target}'`)).sentence).toBe(
      `the query is an EXPORT statement, and ${RULE} — copy the store file instead, while nothing writes it`,
    );
    expect(existsSync(target)).toBe(false);
  });

  it("ATTACH of another database", async () => {
    expect((await refusal(`ATTACH '${join(dir, "other.duckdb")}' AS other`)).sentence).toBe(
      `the query is an ATTACH statement, and ${RULE} — queries read only this store`,
    );
  });

  it("INSTALL of an extension", async () => {
    expect((await refusal("INSTALL httpfs")).sentence).toBe(
      `the query is an INSTALL statement, and ${RULE} — extensions are not available to queries`,
    );
  });

  it("LOAD of an extension", async () => {
    expect((await refusal("LOAD httpfs")).sentence).toBe(
      `the query is a LOAD statement, and ${RULE} — extensions are not available to queries`,
    );
  });

  it("SET of a setting", async () => {
    expect((await refusal("SET enable_external_access = true")).sentence).toBe(
      `the query is a SET statement, and ${RULE} — ${SETTINGS}`,
    );
  });

  it("RESET of a setting", async () => {
    expect((await refusal("RESET memory_limit")).sentence).toBe(
      `the query is a RESET statement, and ${RULE} — ${SETTINGS}`,
    );
  });

  it("a PRAGMA that changes a setting", async () => {
    expect((await refusal("PRAGMA memory_limit = '64GB'")).sentence).toBe(
      `the query is a PRAGMA statement, and ${RULE} — use DESCRIBE, SHOW TABLES or the duckdb_*() and pragma_*() table functions in a SELECT`,
    );
  });

  it.each([
    ["a CREATE", "CREATE TABLE notes (x INTEGER)"],
    ["a CREATE", "CREATE TEMP TABLE notes AS SELECT 1"],
    ["an INSERT", "INSERT INTO rejects SELECT * FROM rejects"],
    ["an UPDATE", "UPDATE flows SET bytes = 0"],
    ["a DELETE", "DELETE FROM flows"],
    ["a DROP", "DROP TABLE flows"],
  ])("%s statement that changes the store: %s", async (what, sql) => {
    expect(await refusal(sql)).toEqual({
      code: "FLOWLENS_QUERY_REFUSED",
      sentence: `the query is ${what} statement, and ${RULE} — ${CHANGES}`,
    });
  });

  it("two statements, running neither", async () => {
    const target = join(dir, "second.csv");
    expect(await refusal(`SELECT 1; COPY (SELECT 1) TO '${target}'`)).toEqual({
      code: "FLOWLENS_QUERY_REFUSED",
      sentence: "the query has 2 statements, and flowlens runs one statement at a time — run them one by one",
    });
    expect(existsSync(target)).toBe(false);
  });

  it("two SELECT statements", async () => {
    expect((await refusal("SELECT 1; SELECT 2")).sentence).toBe(
      "the query has 2 statements, and flowlens runs one statement at a time — run them one by one",
    );
  });

  it("an EXPLAIN ANALYZE of a COPY, which would run it", async () => {
    expect((await refusal(`EXPLAIN ANALYZE COPY flows TO '${join(dir, "e.csv")}'`)).sentence).toBe(
      `the query is an EXPLAIN of a COPY statement, and ${RULE} — to save rows in a file, write the query's csv or json output to it`,
    );
  });

  it("a table function that changes the instance, even nested in a subquery", async () => {
    expect(await refusal("SELECT * FROM (SELECT * FROM main.ENABLE_LOGGING(storage = 'file'))")).toEqual({
      code: "FLOWLENS_QUERY_REFUSED",
      sentence:
        "the query calls enable_logging(), which changes the database instead of reading it — queries may only read",
    });
  });

  it("query(), whose SQL text the check cannot see", async () => {
    expect((await refusal("SELECT * FROM query('SELECT 1')")).sentence).toBe(
      "the query calls query(), which changes the database instead of reading it — queries may only read",
    );
  });

  it("a CALL statement", async () => {
    expect((await refusal("CALL checkpoint()")).sentence).toBe(
      `the query is a CALL statement, and ${RULE} — call table functions in a SELECT: SELECT * FROM f(…)`,
    );
  });

  it("an empty query as a usage error", async () => {
    expect(await refusal("")).toEqual({
      code: "FLOWLENS_USAGE",
      sentence: "the query is empty — give one SQL statement, e.g. SELECT count(*) FROM flows",
    });
  });

  it("a query of only spaces, comments and semicolons as empty", async () => {
    expect((await refusal("  -- nothing here\n /* nor here */ ;")).code).toBe("FLOWLENS_USAGE");
  });

  it("SQL that does not parse, with DuckDB's parser error", async () => {
    expect(await refusal("SELEC 1")).toEqual({
      code: "FLOWLENS_QUERY_FAILED",
      sentence:
        'the query failed: Parser Error: syntax error at or near "SELEC" — check the SQL; `flowlens query "DESCRIBE flows"` lists the columns',
    });
  });
});
