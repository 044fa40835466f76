/**
 * The SQL console: `POST /api/sql {sql, maxRows?, timeoutSeconds?}` runs one read-only statement through
 * the query sandbox (sql-sandbox/: read-only store, no files, ATTACH, extensions or settings) under the
 * limits of `serve.console`, which a request may lower but not raise; results are columns (name, DuckDB
 * type) and rows as arrays, integers beyond 2^53 as exact text, at most MAX_ANSWER_BYTES of them (the rows
 * are held whole to answer, in the process that also acknowledges Firehose deliveries). `GET /api/schema` lists the tables and
 * views with their columns.
 */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { FLOW_COLUMNS } from "../../store/schema.js";
import type { Store } from "../../store/store.js";
import { parseInput } from "./api-params.js";
import type { ApiStore } from "./api-store.js";

/** How the console's users lift a limit: there is no flag to suggest. */
const HINTS = {
  localFiles: "the console reads only the store's tables; GET /api/schema lists them",
  timeout:
    "narrow it (filter on day, read flow_rollup), or ask the operator to raise serve.console.timeoutSeconds",
};

export const MAX_SQL_CHARACTERS = 100_000;

/** Most bytes of rows (as JSON) one answer holds; beyond, the rows are cut as at maxRows. */
export const MAX_ANSWER_BYTES = 16 * 2 ** 20;

function sqlBody(maxRows: number, timeoutSeconds: number) {
  return z
    .object({
      sql: z.string().min(1).max(MAX_SQL_CHARACTERS),
      maxRows: z.number().int().min(1).max(maxRows).optional(),
      timeoutSeconds: z.number().int().min(1).max(timeoutSeconds).optional(),
    })
    .strict();
}

const DESCRIPTIONS = new Map(FLOW_COLUMNS.map((c) => [c.name, c.description]));

/** DuckDB's tables and views of `main`, columns in order. */
function duckDbColumns(store: Store) {
  return store.rows<{ table_name: string; kind: string; column_name: string; data_type: string }>(
    `SELECT c.table_name, CASE WHEN v.view_name IS NULL THEN 'table' ELSE 'view' END AS kind, c.column_name, c.data_type
     FROM duckdb_columns() c LEFT JOIN duckdb_views() v
       ON v.view_name = c.table_name AND v.schema_name = c.schema_name AND v.database_name = c.database_name
     WHERE c.schema_name = 'main' AND c.database_name NOT IN ('temp', 'system') AND NOT c.internal
     ORDER BY c.table_name, c.column_index`,
  );
}

/** ClickHouse's tables and views (the materialized views and their inner tables left out), columns in order. */
function clickHouseColumns(store: Store) {
  return store.rows<{ table_name: string; kind: string; column_name: string; data_type: string }>(
    `SELECT c.table AS table_name, if(t.engine = 'View', 'view', 'table') AS kind, c.name AS column_name,
       c.type AS data_type
     FROM system.columns c ANY INNER JOIN
       (SELECT name AS table, engine FROM system.tables WHERE database = currentDatabase()
          AND engine != 'MaterializedView' AND NOT startsWith(name, '.inner')) t USING table
     WHERE c.database = currentDatabase()`,
  );
}

async function readSchema(store: Store) {
  const rows =
    store.dialect.name === "clickhouse"
      ? // A stable sort: each table's columns stay in their order.
        (await clickHouseColumns(store)).sort((a, b) =>
          a.table_name < b.table_name ? -1 : a.table_name > b.table_name ? 1 : 0,
        )
      : await duckDbColumns(store);
  const tables = new Map<
    string,
    { name: string; kind: string; columns: { name: string; type: string; description?: string }[] }
  >();
  for (const row of rows) {
    const table = tables.get(row.table_name) ?? { name: row.table_name, kind: row.kind, columns: [] };
    const description = row.table_name === "flows" ? DESCRIPTIONS.get(row.column_name) : undefined;
    table.columns.push({
      name: row.column_name,
      type: row.data_type,
      ...(description ? { description } : {}),
    });
    tables.set(row.table_name, table);
  }
  return [...tables.values()];
}

export function registerConsoleRoutes(api: FastifyInstance, store: ApiStore): void {
  const limits = store.config.serve.console;
  const body = sqlBody(limits.maxRows, limits.timeoutSeconds);

  api.post("/sql", async (request) => {
    const input = parseInput(body, request.body, "body field");
    const maxRows = input.maxRows ?? limits.maxRows;
    const started = performance.now();
    return store.sandboxed(async (run) => {
      const query = await run(input.sql, {
        maxRows,
        timeoutMs: (input.timeoutSeconds ?? limits.timeoutSeconds) * 1000,
        hints: HINTS,
      });
      const rows: unknown[][] = [];
      let bytes = 0;
      let cutBySize = false;
      reading: for await (const chunk of query.chunks) {
        for (const row of chunk) {
          const values = query.columns.map((c) => row[c] ?? null);
          bytes += Buffer.byteLength(JSON.stringify(values)) + 1;
          if (bytes > MAX_ANSWER_BYTES) {
            cutBySize = true;
            break reading;
          }
          rows.push(values);
        }
      }
      const cut = cutBySize || query.cut;
      return {
        columns: query.columns.map((name, i) => ({ name, type: query.columnTypes[i] ?? "" })),
        rows,
        rowCount: rows.length,
        cut,
        cutBy: cutBySize ? "bytes" : cut ? "rows" : null,
        maxRows,
        maxBytes: MAX_ANSWER_BYTES,
        ms: Math.round(performance.now() - started),
      };
    });
  });

  api.get("/schema", async () => ({ tables: await store.reading(readSchema) }));
}
