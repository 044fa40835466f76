/**
 * `GET /api/days`: every UTC day with data, for the calendar — records and bytes (from `hourly_rollup`),
 * and whether the day is complete: all 24 hours hold records, no object of the day failed to load, no
 * record says AWS skipped data (SKIPDATA), and the day's daily run, when there was one, ended with 0.
 * `gaps` says in words what makes a day incomplete (the daily job's completeness sentence, per day).
 */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { Store } from "../../store/store.js";
import { tableExists } from "../../store/table-exists.js";
import { parseInput } from "./api-params.js";
import type { ApiStore } from "./api-store.js";

export interface DayRow {
  readonly day: string;
  readonly records: number;
  readonly bytes: number;
  readonly hoursWithData: number;
  readonly skipdataRecords: number;
  readonly failedObjects: number;
  readonly quarantinedLines: number;
  readonly dailyRun: { readonly exitCode: number | null; readonly finishedAt: string | null } | null;
  readonly complete: boolean;
  readonly gaps: readonly string[];
}

const query = z.object({}).strict();

type DayCounts = {
  day: string;
  records: number;
  bytes: number;
  hours: number;
  skipdata: number;
  failed: number;
  quarantined: number;
  has_run: boolean;
  exit_code: number | null;
  finished_at: string | null;
};

/** ISO 8601 UTC text of a ClickHouse DateTime('UTC') column that may be NULL. */
const clickHouseIso = (column: string) =>
  `if(isNull(${column}), NULL, concat(replaceOne(toString(assumeNotNull(${column})), ' ', 'T'), 'Z'))`;

/** The same counts on ClickHouse: three small queries joined here (18.16's joins differ from DuckDB's). */
async function clickHouseDayCounts(store: Store): Promise<DayCounts[]> {
  // No alias repeats a column's name: 18.16 would read the column as the alias inside other aggregates.
  const traffic = await store.rows<{ d: string; n: number; b: number; h: number; skip: number }>(
    `SELECT toString(day) AS d, sum(records) AS n, sum(bytes) AS b, uniqExact(hour) AS h,
       sumIf(records, log_status = 'SKIPDATA') AS skip
     FROM hourly_rollup WHERE day IS NOT NULL GROUP BY day ORDER BY day`,
  );
  const objects = new Map(
    (
      await store.rows<{ d: string; failed_n: number; quarantined_n: number }>(
        `SELECT toString(assumeNotNull(key_date)) AS d, countIf(status = 'failed') AS failed_n,
           sum(rejected_count) AS quarantined_n FROM sources WHERE key_date IS NOT NULL GROUP BY key_date`,
      )
    ).map((o) => [o.d, o]),
  );
  const runs = new Map(
    (await tableExists(store, "daily_runs"))
      ? (
          await store.rows<{ d: string; exit_code: number | null; finished: string | null }>(
            `SELECT toString(day) AS d, exit_code, ${clickHouseIso("finished_at")} AS finished FROM daily_runs`,
          )
        ).map((r) => [r.d, r])
      : [],
  );
  return traffic.map((t) => {
    const run = runs.get(t.d);
    return {
      day: t.d,
      records: t.n,
      bytes: t.b,
      hours: t.h,
      skipdata: t.skip,
      failed: objects.get(t.d)?.failed_n ?? 0,
      quarantined: objects.get(t.d)?.quarantined_n ?? 0,
      has_run: run !== undefined,
      exit_code: run?.exit_code ?? null,
      finished_at: run?.finished ?? null,
    };
  });
}

async function dayCounts(store: Store): Promise<DayCounts[]> {
  if (store.dialect.name === "clickhouse") return clickHouseDayCounts(store);
  const runs = (await tableExists(store, "daily_runs"))
    ? `SELECT CAST(day AS VARCHAR) AS day, exit_code, strftime(finished_at, '%Y-%m-%dT%H:%M:%SZ') AS finished_at FROM daily_runs`
    : "SELECT NULL::VARCHAR AS day, NULL::INTEGER AS exit_code, NULL::VARCHAR AS finished_at WHERE false";
  return store.rows<DayCounts>(
    `WITH traffic AS (
       SELECT CAST(day AS VARCHAR) AS day, sum(records)::BIGINT AS records, sum(bytes)::HUGEINT AS bytes,
         count(DISTINCT hour)::INTEGER AS hours,
         coalesce(sum(records) FILTER (log_status = 'SKIPDATA'), 0)::BIGINT AS skipdata
       FROM hourly_rollup WHERE day IS NOT NULL GROUP BY day),
     objects AS (
       SELECT CAST(key_date AS VARCHAR) AS day, count(*) FILTER (status = 'failed')::INTEGER AS failed,
         sum(rejected_count)::BIGINT AS quarantined
       FROM sources WHERE key_date IS NOT NULL GROUP BY key_date),
     runs AS (${runs})
     SELECT t.day, t.records, t.bytes, t.hours, t.skipdata, coalesce(o.failed, 0) AS failed,
       coalesce(o.quarantined, 0)::BIGINT AS quarantined, r.day IS NOT NULL AS has_run, r.exit_code, r.finished_at
     FROM traffic t LEFT JOIN objects o USING (day) LEFT JOIN runs r USING (day) ORDER BY t.day`,
  );
}

async function readDays(store: Store): Promise<DayRow[]> {
  const rows = await dayCounts(store);
  return rows.map((r) => {
    const gaps: string[] = [];
    if (r.hours < 24) gaps.push(`${24 - r.hours} of 24 hours hold no records`);
    if (r.failed > 0) gaps.push(`${r.failed} object(s) of the day could not be read: the numbers undercount`);
    if (r.skipdata > 0) gaps.push(`${r.skipdata} record(s) say AWS skipped data (SKIPDATA)`);
    if (r.has_run && r.exit_code !== 0) {
      gaps.push(
        r.exit_code === null
          ? "the daily run has not finished (or was stopped)"
          : `the daily run ended with exit code ${r.exit_code}`,
      );
    }
    return {
      day: r.day,
      records: r.records,
      bytes: r.bytes,
      hoursWithData: r.hours,
      skipdataRecords: r.skipdata,
      failedObjects: r.failed,
      quarantinedLines: r.quarantined,
      dailyRun: r.has_run ? { exitCode: r.exit_code, finishedAt: r.finished_at } : null,
      complete: gaps.length === 0,
      gaps,
    };
  });
}

export function registerDaysRoute(api: FastifyInstance, store: ApiStore): void {
  api.get("/days", async (request) => {
    parseInput(query, request.query, "query parameter");
    const days = await store.reading(readDays);
    return { days, units: { bytes: "bytes", records: "records" } };
  });
}
