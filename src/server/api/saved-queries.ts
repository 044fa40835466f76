/**
 * Saved console queries, in the store's `saved_queries` table (created on the first save, so a store
 * never saved to reads as none): `GET /api/queries`, `POST /api/queries {name, sql}` (saving a name
 * again replaces its SQL), `DELETE /api/queries/:name`. Kept in the store rather than a file beside it,
 * so they travel and are backed up with it; saving opens the store for writing like a report does.
 */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { FlowlensError } from "../../errors.js";
import { parseInput } from "./api-params.js";
import type { ApiStore } from "./api-store.js";
import { MAX_SQL_CHARACTERS } from "./console-route.js";
import { hasControlCharacter } from "./control-characters.js";
import { tableExists } from "./table-exists.js";

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

export function registerSavedQueries(api: FastifyInstance, store: ApiStore): void {
  api.get("/queries", async () => ({
    queries: await store.reading(async (s) => ((await tableExists(s, "saved_queries")) ? s.rows(LIST) : [])),
  }));

  api.post("/queries", async (request, reply) => {
    const input = parseInput(saveBody, request.body, "body field");
    const saved = await store.writing(async (s) => {
      await s.run(DDL);
      await s.run(
        `INSERT INTO saved_queries VALUES ($name, $sql, now() AT TIME ZONE 'UTC')
         ON CONFLICT DO UPDATE SET sql = excluded.sql, saved_at = excluded.saved_at`,
        { name: input.name, sql: input.sql },
      );
      return (await s.rows(`SELECT * FROM (${LIST}) WHERE name = $name`, { name: input.name }))[0];
    });
    return reply.code(201).send(saved);
  });

  api.delete("/queries/:name", async (request, reply) => {
    const { name } = request.params as { name: string };
    const deleted = await store.writing(async (s) => {
      if (!(await tableExists(s, "saved_queries"))) return 0;
      const n = await s.value<number>("SELECT count(*)::INTEGER FROM saved_queries WHERE name = $name", {
        name,
      });
      if (n > 0) await s.run("DELETE FROM saved_queries WHERE name = $name", { name });
      return n;
    });
    if (!deleted)
      throw new FlowlensError("FLOWLENS_NOT_FOUND", `no saved query named ${JSON.stringify(name)}`);
    return reply.code(204).send();
  });
}
