/**
 * Saved console queries, in the store's `saved_queries` table (created on the first save, so a store
 * never saved to reads as none): `GET /api/queries`, `POST /api/queries {name, sql}` (saving a name
 * again replaces its SQL), `DELETE /api/queries/:name`. Kept in the store rather than a file beside it,
 * so they travel and are backed up with it; saving opens the store for writing like a report does.
 * On ClickHouse the table is kept as appended versions (a deletion is a deleted version) and read through
 * the view `saved_queries` (store/clickhouse/versioned-table.ts).
 */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { FlowlensError } from "../../errors.js";
import {
  appendVersion,
  utcNowText,
  type VersionedTable,
  versionedTableDdl,
} from "../../store/clickhouse/versioned-table.js";
import type { Store } from "../../store/store.js";
import { tableExists } from "../../store/table-exists.js";
import { parseInput } from "./api-params.js";
import type { ApiStore } from "./api-store.js";
import { MAX_SQL_CHARACTERS } from "./console-route.js";
import { hasControlCharacter } from "./control-characters.js";

const DDL = `CREATE TABLE IF NOT EXISTS saved_queries (
  name VARCHAR PRIMARY KEY,
  sql VARCHAR NOT NULL,
  saved_at TIMESTAMP NOT NULL
)`;

const saveBody = z
  .object({
    name: z
      .string()
      .min(1)
      .max(200)
      .refine((name) => !hasControlCharacter(name), "expected a name without control characters"),
    sql: z.string().min(1).max(MAX_SQL_CHARACTERS),
  })
  .strict();

const LIST = `SELECT name, sql, strftime(saved_at, '%Y-%m-%dT%H:%M:%SZ') AS "savedAt" FROM saved_queries ORDER BY name`;

const CLICKHOUSE_SAVED_QUERIES: VersionedTable = {
  table: "saved_queries_versions",
  view: "saved_queries",
  keys: [["name", "String"]],
  columns: [
    ["sql", "String"],
    ["saved_at", "DateTime('UTC')"],
  ],
};

const CLICKHOUSE_LIST = `SELECT name, sql, concat(replaceOne(toString(saved_at), ' ', 'T'), 'Z') AS savedAt
  FROM saved_queries ORDER BY name`;

const listOf = (store: Store) => (store.dialect.name === "clickhouse" ? CLICKHOUSE_LIST : LIST);

async function save(store: Store, name: string, sql: string): Promise<void> {
  if (store.dialect.name === "clickhouse") {
    for (const ddl of versionedTableDdl(CLICKHOUSE_SAVED_QUERIES)) await store.run(ddl);
    await appendVersion(store, CLICKHOUSE_SAVED_QUERIES, { name, sql, saved_at: utcNowText() });
    return;
  }
  await store.run(DDL);
  await store.run(
    `INSERT INTO saved_queries VALUES ($name, $sql, now() AT TIME ZONE 'UTC')
     ON CONFLICT DO UPDATE SET sql = excluded.sql, saved_at = excluded.saved_at`,
    { name, sql },
  );
}

/** Deletes the saved query; how many there were by that name (0 or 1). */
async function remove(store: Store, name: string): Promise<number> {
  if (!(await tableExists(store, "saved_queries"))) return 0;
  const n = Number(
    await store.value<number>("SELECT count(*) AS n FROM saved_queries WHERE name = $name", { name }),
  );
  if (n === 0) return 0;
  if (store.dialect.name === "clickhouse") {
    await appendVersion(
      store,
      CLICKHOUSE_SAVED_QUERIES,
      { name, sql: "", saved_at: utcNowText() },
      { deleted: true },
    );
  } else {
    await store.run("DELETE FROM saved_queries WHERE name = $name", { name });
  }
  return n;
}

export function registerSavedQueries(api: FastifyInstance, store: ApiStore): void {
  api.get("/queries", async () => ({
    queries: await store.reading(async (s) =>
      (await tableExists(s, "saved_queries")) ? s.rows(listOf(s)) : [],
    ),
  }));

  api.post("/queries", async (request, reply) => {
    const input = parseInput(saveBody, request.body, "body field");
    const saved = await store.writing(async (s) => {
      await save(s, input.name, input.sql);
      return (await s.rows(`SELECT * FROM (${listOf(s)}) WHERE name = $name`, { name: input.name }))[0];
    });
    return reply.code(201).send(saved);
  });

  api.delete("/queries/:name", async (request, reply) => {
    const { name } = request.params as { name: string };
    const deleted = await store.writing((s) => remove(s, name));
    if (!deleted)
      throw new FlowlensError("FLOWLENS_NOT_FOUND", `no saved query named ${JSON.stringify(name)}`);
    return reply.code(204).send();
  });
}
