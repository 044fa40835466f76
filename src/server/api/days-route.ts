/**
 * `GET /api/days`: every UTC day with data, for the calendar — records and bytes (from `hourly_rollup`),
 * and whether the day is complete: all 24 hours hold records, no object of the day failed to load, no
 * record says AWS skipped data (SKIPDATA), and the day's daily run, when there was one, ended with 0.
 * `gaps` says in words what makes a day incomplete (the daily job's completeness sentence, per day).
 */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { Store } from "../../store/store.js";
import { parseInput } from "./api-params.js";
import type { ApiStore } from "./api-store.js";
import { tableExists } from "./table-exists.js";

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

async function readDays(store: Store): Promise<DayRow[]> {
  const runs = (await tableExists(store, "daily_runs"))
    ? `SELECT CAST(day AS VARCHAR) AS day, exit_code, strftime(finished_at, '%Y-%m-%dT%H:%M:%SZ') AS finished_at FROM daily_runs`
    : "SELECT NULL::VARCHAR AS day, NULL::INTEGER AS exit_code, NULL::VARCHAR AS finished_at WHERE false";
  const rows = await store.rows<{
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
  }>(
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
