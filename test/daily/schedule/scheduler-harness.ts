/**
 * A scheduler over a real store in a temporary directory, running a fake daily job through the real
 * recording wrapper. It keeps the calls in order with their trigger, the log lines, and how many runs were
 * in flight at most. The scheduler is stopped when the test ends.
 */
import { join } from "node:path";
import { expect, onTestFinished, vi } from "vitest";
import type { DailyJob } from "../../../src/daily/schedule/daily-job.js";
import { type RunTrigger, recordRunEnd, recordRunStart } from "../../../src/daily/schedule/daily-runs.js";
import { recordedRunDay, storeRunState } from "../../../src/daily/schedule/recorded-run-day.js";
import { type Scheduler, startScheduler } from "../../../src/daily/schedule/scheduler.js";
import { DuckDbStore } from "../../../src/store/duckdb/duckdb-store.js";
import { tempDir } from "../../helpers/temp-dir.js";

/** Every second: ticks come quickly enough for a test to see two. */
export const EVERY_SECOND = "* * * * * *";
/** Once a day: no tick comes during a test. */
export const DAILY = "0 6 * * *";
/** The clock the scheduler is given: yesterday is 2026-11-21. */
export const NOW = new Date("2026-11-22T06:00:00Z");

export interface HarnessOptions {
  readonly job: DailyJob;
  /** @default DAILY */
  readonly cron?: string;
  /** Days whose runs ended with exit code 0 before the scheduler starts. */
  readonly completed?: readonly string[];
  /** Days whose runs ended with exit code 3 before the scheduler starts. */
  readonly failed?: readonly string[];
  readonly maxCatchUp?: number;
  /** The first read of the run history fails, as it would on a store another process holds. */
  readonly failFirstStateRead?: boolean;
}

export interface Harness {
  readonly scheduler: Scheduler;
  readonly calls: { day: string; trigger: RunTrigger }[];
  readonly logs: string[];
  /** The most runs in flight at once. */
  readonly maxInFlight: () => number;
  readonly openStore: () => Promise<DuckDbStore>;
  /** Resolves once no pass is in progress (the start-up pass has ended). */
  readonly idle: () => Promise<void>;
}

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const path = join(tempDir("flowlens-schedule-"), "flowlens.duckdb");
  const openStore = () => DuckDbStore.open(path);
  const seed = await openStore();
  for (const day of options.completed ?? []) {
    await recordRunStart(seed, day, "schedule");
    await recordRunEnd(seed, day, 0);
  }
  for (const day of options.failed ?? []) {
    await recordRunStart(seed, day, "schedule");
    await recordRunEnd(seed, day, 3);
  }
  seed.close();

  const calls: Harness["calls"] = [];
  const logs: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const recorded = recordedRunDay(openStore, options.job);
  const state = storeRunState(openStore);
  let stateReads = 0;
  const scheduler = startScheduler({
    cron: options.cron ?? DAILY,
    timezone: "UTC",
    runDay: async (day, trigger, signal) => {
      calls.push({ day, trigger });
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        return await recorded(day, trigger, signal);
      } finally {
        inFlight -= 1;
      }
    },
    state: {
      history: () => {
        stateReads += 1;
        if (options.failFirstStateRead && stateReads === 1) {
          return Promise.reject(new Error(`store ${path} is locked by PID 4242`));
        }
        return state.history();
      },
    },
    now: () => NOW,
    log: (line) => logs.push(line),
    ...(options.maxCatchUp === undefined ? {} : { maxCatchUp: options.maxCatchUp }),
  });
  onTestFinished(() => scheduler.stop("test finished"));
  const idle = () => vi.waitFor(() => expect(scheduler.running).toBe(false), { timeout: 20_000 });
  return { scheduler, calls, logs, maxInFlight: () => maxInFlight, openStore, idle };
}

/** A job that ends at once with `exitCode`. */
export function jobExiting(exitCode: number): DailyJob {
  return async () => exitCode;
}

/**
 * A job that fails (exit code 3) just after the next whole second, when an every-second tick has fired,
 * or at once when its signal aborts.
 */
export function jobOutlastingATick(): DailyJob {
  return (_day, signal) =>
    new Promise((resolve) => {
      const timer = setTimeout(() => resolve(3), 1100 - (Date.now() % 1000));
      signal.addEventListener("abort", () => {
        clearTimeout(timer);
        resolve(3);
      });
    });
}
