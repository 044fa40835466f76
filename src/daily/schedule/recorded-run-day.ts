/**
 * The one place that records daily runs: `recordedRunDay` wraps a `DailyJob` so that its start and end go
 * to `daily_runs`. The scheduler is given such a `RunDay`; `flowlens daily` should call the same wrapper
 * with trigger "manual" rather than record by itself, so no run is recorded twice.
 *
 * The store is opened for each record and closed at once, never held while the job runs: the job opens it
 * itself (DuckDB allows one open per file), and between runs other commands can use it.
 */
import type { Store } from "../../store/store.js";
import { DAILY_EXIT } from "../run-daily.js";
import type { DailyJob, RunDay, RunState } from "./daily-job.js";
import { recordRunEnd, recordRunStart, runHistory } from "./daily-runs.js";

/** The exit code recorded for a run that threw after its signal aborted (stopped by SIGINT or SIGTERM). */
export const RUN_ABANDONED_EXIT = 130;

type OpenStore = () => Promise<Store>;

async function withStore<T>(openStore: OpenStore, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore();
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/**
 * A RunDay that records the run around `job`. A job that throws is recorded with exit code 3 (failed), or
 * 130 when it threw because its signal aborted, and the error is passed on. A signal that has already
 * aborted starts no job.
 *
 * @example
 * const runDay = recordedRunDay(() => ctx.openStore(), (day, signal) => runDailyJob(day, signal));
 * await runDay("2026-11-21", "manual", new AbortController().signal);
 */
export function recordedRunDay(openStore: OpenStore, job: DailyJob): RunDay {
  return async (day, trigger, signal) => {
    signal.throwIfAborted();
    await withStore(openStore, (store) => recordRunStart(store, day, trigger));
    let exitCode: number;
    try {
      // Stopped while the start was being recorded: no job begins only to abandon at once.
      signal.throwIfAborted();
      exitCode = await job(day, signal);
    } catch (error) {
      const code = signal.aborted ? RUN_ABANDONED_EXIT : DAILY_EXIT.failed;
      // The job's error is the one worth reporting; failing to record its end must not replace it.
      await withStore(openStore, (store) => recordRunEnd(store, day, code)).catch(() => undefined);
      throw error;
    }
    await withStore(openStore, (store) => recordRunEnd(store, day, exitCode));
    return exitCode;
  };
}

/** The scheduler's view of `daily_runs`, opening the store for each read. */
export function storeRunState(openStore: OpenStore): RunState {
  return { history: () => withStore(openStore, runHistory) };
}
