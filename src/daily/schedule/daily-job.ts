/**
 * The contract between the scheduler and the daily job. A `DailyJob` does the work of one day and never
 * touches `daily_runs`; a `RunDay` is a job that records its run there (`recordedRunDay` makes one). The
 * scheduler calls a `RunDay`, so each run is recorded exactly once, by the same code as `flowlens daily`.
 */
import type { RunTrigger } from "./daily-runs.js";
import type { RunHistory } from "./days-to-run.js";

/**
 * One daily run for `day` (YYYY-MM-DD, UTC): ingest that day's new objects, build the report, deliver it.
 * Resolves to its exit code (0 done, 1 partial failure whose report was delivered, anything else failed).
 * Stops at the next safe point when `signal` aborts, by returning or throwing.
 */
export type DailyJob = (day: string, signal: AbortSignal) => Promise<number>;

/** A daily run that records itself in `daily_runs` under `trigger`; resolves to the job's exit code. */
export type RunDay = (day: string, trigger: RunTrigger, signal: AbortSignal) => Promise<number>;

/** What the scheduler reads to know which days are missing. */
export interface RunState {
  /** The first day that ever ran and the days whose latest run ended with exit code 0 or 1. */
  history(): Promise<RunHistory>;
}
