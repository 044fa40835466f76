/**
 * The SQL console through its route: POST /api/sql answers reads as columns and rows and refuses every
 * other kind of statement, local files, ATTACH, extensions, settings, and queries over its limits;
 * GET /api/schema; saved queries.
 */
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEMO_DAY, demoStores, startApiServer } from "../../helpers/api-server.js";
import { tempDir } from "../../helpers/temp-dir.js";

const demoStore = demoStores();

async function run(sql: string, serve: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  const server = await startApiServer(demoStore(), serve);
  return server.postJson("/api/sql", { sql, ...extra });
}

describe("POST /api/sql", () => {
  it("answers a read with its columns, their types and the rows as arrays", async () => {
    const answer = await run(
      `SELECT day, count(*) AS records FROM flows WHERE day = DATE '${DEMO_DAY}' GROUP BY day`,
    );
    expect(answer.statusCode).toBe(200);
    const body = answer.json();
    expect(body.columns).toEqual([
      { name: "day", type: "DATE" },
      { name: "records", type: "BIGINT" },
    ]);
    expect(body.rows).toEqual([[DEMO_DAY, expect.any(Number)]]);
    expect(body.cut).toBe(false);
  });

  it("gives integers beyond 2^53 as exact text", async () => {
    const body = (await run("SELECT 9007199254740993::BIGINT AS big, 7::BIGINT AS small")).json();
    expect(body.rows).toEqual([["9007199254740993", 7]]);
  });

  it("stops at the row limit and says rows were left out", async () => {
    const body = (await run("SELECT * FROM range(5000)", {}, { maxRows: 10 })).json();
    expect(body.rowCount).toBe(10);
    expect(body.cut).toBe(true);
  });

  it("says a cut at the row limit is by rows", async () => {
    const body = (await run("SELECT * FROM range(5000)", {}, { maxRows: 10 })).json();
    expect({ cutBy: body.cutBy, maxRows: body.maxRows }).toEqual({ cutBy: "rows", maxRows: 10 });
  });

  it("stops at 16 MiB of rows however few they are, and says the cut is by size", async () => {
    // 200 rows of 1 MB each: under the row limit, 200 MB of answer.
    const answer = await run("SELECT repeat('x', 1000000) AS big FROM range(200)");
    expect(answer.statusCode).toBe(200);
    expect(answer.rawPayload.length).toBeLessThan(17 * 2 ** 20);
    const body = answer.json();
    expect(body).toMatchObject({ rowCount: 16, cut: true, cutBy: "bytes", maxBytes: 16 * 2 ** 20 });
    expect(body.rows[0][0]).toHaveLength(1_000_000);
  });

  it("stops at the configured row limit when the request names none", async () => {
    const body = (await run("SELECT * FROM range(5000)", { console: { maxRows: 25 } })).json();
    expect(body.rowCount).toBe(25);
    expect(body.cut).toBe(true);
  });

  it("refuses a row limit above the configured one", async () => {
    const answer = await run("SELECT 1", { console: { maxRows: 25 } }, { maxRows: 26 });
    expect(answer.statusCode).toBe(400);
    expect(answer.json().error).toBe("body field maxRows: expected a number at most 25, got 26");
  });

  it("stops a query at its time limit", async () => {
    const answer = await run("SELECT sum(hash(i)) FROM range(1000000000000) t(i)", {}, { timeoutSeconds: 1 });
    expect(answer.statusCode).toBe(400);
    expect(answer.json()).toMatchObject({ code: "FLOWLENS_QUERY_TIMEOUT" });
    expect(answer.json().hint).toBe(
      "narrow it (filter on day, read flow_rollup), or ask the operator to raise serve.console.timeoutSeconds",
    );
  });

  it.each([
    ["a delete", "DELETE FROM flows"],
    ["a table created", "CREATE TABLE t AS SELECT 1"],
    ["an ATTACH", "ATTACH ':memory:' AS other"],
    ["an INSTALL", "INSTALL httpfs"],
    ["a LOAD", "LOAD httpfs"],
    ["a SET", "SET threads = 1"],
    ["a PRAGMA", "PRAGMA threads = 1"],
    ["two statements", "SELECT 1; SELECT 2"],
  ])("refuses %s", async (_what, sql) => {
    const answer = await run(sql);
    expect(answer.statusCode).toBe(400);
    expect(answer.json().code).toBe("FLOWLENS_QUERY_REFUSED");
  });

  it("refuses a COPY to a local file, and writes none", async () => {
    const target = join(tempDir("flowlens-api-copy-"), "out.csv");
    const answer = await run(`COPY (SELECT 1) TO '${target}'`);
    expect(answer.statusCode).toBe(400);
    expect(answer.json().code).toBe("FLOWLENS_QUERY_REFUSED");
    expect(existsSync(target)).toBe(false);
  });

  it("refuses to read a local file, naming it", async () => {
    const file = join(tempDir("flowlens-api-read-"), "secret.csv");
    writeFileSync(file, "a\n1\n");
    const answer = await run(`SELECT * FROM read_csv('${file}')`);
    expect(answer.statusCode).toBe(400);
    expect(answer.json()).toEqual({
      error: `the query uses the file ${file}, and queries may use only the store's tables`,
      code: "FLOWLENS_QUERY_REFUSED",
      hint: "the console reads only the store's tables; GET /api/schema lists them",
    });
  });

  it("refuses a body without sql", async () => {
    const answer = await run(undefined as unknown as string);
    expect(answer.statusCode).toBe(400);
    expect(answer.json().error).toBe("body field sql: expected text, got nothing");
  });
});

describe("GET /api/schema", () => {
  it("lists flows with its columns, types and descriptions", async () => {
    const server = await startApiServer(demoStore());
    const { tables } = (await server.get("/api/schema")).json();
    const flows = tables.find((t: { name: string }) => t.name === "flows");
    expect(flows.kind).toBe("view");
    expect(flows.columns).toContainEqual({ name: "day", type: "DATE", description: expect.any(String) });
    expect(tables.map((t: { name: string }) => t.name)).toContain("flow_rollup");
  });
});

describe("saved queries", () => {
  it("are listed after they are saved, and saving a name again replaces its SQL", async () => {
    const server = await startApiServer(demoStore());
    expect((await server.get("/api/queries")).json()).toEqual({ queries: [] });
    expect((await server.postJson("/api/queries", { name: "rejects", sql: "SELECT 1" })).statusCode).toBe(
      201,
    );
    await server.postJson("/api/queries", { name: "rejects", sql: "SELECT 2" });
    const { queries } = (await server.get("/api/queries")).json();
    expect(queries).toEqual([{ name: "rejects", sql: "SELECT 2", savedAt: expect.any(String) }]);
  });

  it("are gone once deleted", async () => {
    const server = await startApiServer(demoStore());
    await server.postJson("/api/queries", { name: "top ports", sql: "SELECT 1" });
    expect((await server.del(`/api/queries/${encodeURIComponent("top ports")}`)).statusCode).toBe(204);
    expect((await server.get("/api/queries")).json()).toEqual({ queries: [] });
  });

  it("answers 404 for deleting a name never saved", async () => {
    const server = await startApiServer(demoStore());
    const answer = await server.del("/api/queries/nope");
    expect(answer.statusCode).toBe(404);
    expect(answer.json().error).toBe('no saved query named "nope"');
  });

  it("refuses a name with a control character", async () => {
    const server = await startApiServer(demoStore());
    const answer = await server.postJson("/api/queries", { name: "a\nb", sql: "SELECT 1" });
    expect(answer.statusCode).toBe(400);
    expect(answer.json().error).toBe("body field name: expected a name without control characters");
  });
});
