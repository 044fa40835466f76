/**
 * The scheduler behind `flowlens schedule`: runs the daily job by cron, one day at a time, and catches up
 * the days it missed while it was down.
 *
 * - A pass reads which days completed and runs the missing ones (`daysToRun`: the days of the last
 *   `maxCatchUp` up to yesterday in UTC, from the first day that ever ran, that have not completed), oldest
 *   first. One pass runs at start, then one at every cron tick. Days are UTC days; the time zone only says
 *   when the cron fires.
 * - One pass at a time: croner's `protect` skips a tick that fires while a pass runs (with a log line); the
 *   next tick's pass runs whatever the skipped one would have.
 * - A day that throws or exits with 2 or more is tried again at the next tick; the days after it still run,
 *   so one bad day does not hold back the reports of the next ones.
 * - `stop()` stops the ticks, aborts the signal each run gets, and waits until the running day has settled.
 *
 * The scheduler writes nothing itself: `runDay` records each run (see `recorded-run-day.ts`).
 */
import { Cron } from "croner";
import { FlowlensError, messageOf } from "../../errors.js";
import { yesterdayUtc } from "../../utc-day.js";
import { checkSchedule } from "./check-schedule.js";
import type { RunDay, RunState } from "./daily-job.js";
import { COMPLETED_EXIT_CODES, type RunTrigger } from "./daily-runs.js";
import { daysToRun, type RunHistory } from "./days-to-run.js";
import { logTime } from "./log-time.js";

export interface SchedulerOptions {
  /** When to run: 5 cron fields, or 6 with seconds first, read in `timezone`. */
  readonly cron: string;
  /** The IANA time zone of the cron expression, e.g. UTC or Europe/Berlin. */
  readonly timezone: string;
  /** Runs and records one day; see `recordedRunDay`. */
  readonly runDay: RunDay;
  /** Where the last completed day is read; see `storeRunState`. */
  readonly state: RunState;
  /** The most missed days a pass runs, the most recent ones. @default 7 */
  readonly maxCatchUp?: number;
  /** The clock that says which day is yesterday and stamps log lines. @default () => new Date() */
  readonly now?: () => Date;
  /** Receives one line per event. @default a line on stderr */
  readonly log?: (line: string) => void;
}

export interface Scheduler {
  /**
   * Stops the ticks, aborts the signal the running day received and resolves once that run has finished
   * or been abandoned. Later calls return the same promise.
   */
  stop(reason?: string): Promise<void>;
  /** Resolves once the scheduler has stopped, whoever called stop(). */
  stopped(): Promise<void>;
  /** Whether a pass (reading the state, running the missing days) is in progress. */
  readonly running: boolean;
  /** When the cron fires next; null once stopped. */
  nextRun(): Date | null;
}

export const DEFAULT_MAX_CATCH_UP = 7;

function checkMaxCatchUp(maxCatchUp: number): void {
  if (!Number.isInteger(maxCatchUp) || maxCatchUp < 1) {
    throw new FlowlensError(
      "FLOWLENS_USAGE",
      `a catch-up limit of ${maxCatchUp} days is not possible: expected a whole number of at least 1`,
      { hint: "set schedule.catchUpDays in flowlens.yaml, e.g. to 7" },
    );
  }
}

/**
 * Validates the schedule, starts catching up at once and runs the missing days at every cron tick.
 * Throws FLOWLENS_USAGE for a bad cron expression, time zone or catch-up limit.
 *
 * @example
 * const openStore = () => ctx.openStore();
 * const scheduler = startScheduler({
 *   cron: "0 6 * * *",
 *   timezone: "UTC",
 *   runDay: recordedRunDay(openStore, dailyJob),
 *   state: storeRunState(openStore),
 * });
 * const unregister = stopOnSignals(scheduler, process);
 * await scheduler.stopped();
 * unregister();
 */
export function startScheduler(options: SchedulerOptions): Scheduler {
  checkSchedule(options.cron, options.timezone);
  const maxCatchUp = options.maxCatchUp ?? DEFAULT_MAX_CATCH_UP;
  checkMaxCatchUp(maxCatchUp);
  const now = options.now ?? (() => new Date());
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const say = (text: string) => log(`${logTime(now())} ${text}`);
  const controller = new AbortController();
  const retry = () =>
    controller.signal.aborted ? "run again at the next start" : "retried at the next tick";
  let runningDay: string | undefined;
  let pass: Promise<void> | undefined;
  let stopping: Promise<void> | undefined;
  let markStopped = () => {};
  const stopped = new Promise<void>((resolve) => {
    markStopped = resolve;
  });

  /** Runs one day; true when it completed. */
  async function runOne(day: string, trigger: RunTrigger): Promise<boolean> {
    say(`run ${day} (${trigger})`);
    runningDay = day;
    const startedAt = performance.now();
    const took = () => `${((performance.now() - startedAt) / 1000).toFixed(1)} s`;
    try {
      const exitCode = await options.runDay(day, trigger, controller.signal);
      const completed = COMPLETED_EXIT_CODES.includes(exitCode);
      say(
        `run ${day} (${trigger}) exit ${exitCode} in ${took()}${completed ? "" : `: not completed, ${retry()}`}`,
      );
      return completed;
    } catch (error) {
      const outcome = controller.signal.aborted ? "abandoned" : "failed";
      say(`run ${day} (${trigger}) ${outcome} after ${took()}: ${messageOf(error)}; ${retry()}`);
      return false;
    } finally {
      runningDay = undefined;
    }
  }

  /** Runs the missing days, oldest first. Never throws. */
  async function catchUp(onTick: boolean): Promise<void> {
    const yesterday = yesterdayUtc(now());
    let history: RunHistory;
    try {
      history = await options.state.history();
    } catch (error) {
      say(`cannot read which days are done: ${messageOf(error)}; ${retry()}`);
      return;
    }
    const { days, tooOld } = daysToRun(history, yesterday, maxCatchUp);
    // Said once, at start: the ticks after it would only repeat it.
    if (tooOld && !onTick) {
      const [range, verb] =
        tooOld.count === 1 ? [tooOld.from, "is"] : [`${tooOld.from} to ${tooOld.to}`, "are"];
      say(
        `${range} ${verb} older than the ${maxCatchUp}-day catch-up window and ${verb} not run (flowlens daily --date <day> runs one)`,
      );
    }
    if (days.length === 0) {
      say(`nothing to run: the days up to ${yesterday} are done`);
      return;
    }
    const failed: string[] = [];
    for (const day of days) {
      if (controller.signal.aborted) return;
      // A tick runs yesterday on schedule; every other day it runs is one that was missed or failed.
      const completed = await runOne(day, onTick && day === yesterday ? "schedule" : "catch-up");
      if (!completed) failed.push(day);
    }
    if (failed.length > 0 && days.length > 1) {
      say(`${failed.length} of ${days.length} day(s) not completed: ${failed.join(", ")}`);
    }
  }

  let startUpDone = false;
  const cron = new Cron(
    options.cron,
    {
      timezone: options.timezone,
      protect: () =>
        say(`tick skipped: the previous pass is still going${runningDay ? ` (run ${runningDay})` : ""}`),
      catch: (error) => say(`unexpected error: ${messageOf(error)}`),
    },
    () => {
      // The first call is the start-up pass (cron.trigger() below), every later one a tick.
      const onTick = startUpDone;
      startUpDone = true;
      pass = catchUp(onTick).finally(() => {
        pass = undefined;
        if (!controller.signal.aborted) say(`next run ${logTime(cron.nextRun())}`);
      });
      return pass;
    },
  );
  say(`schedule "${options.cron}" (${options.timezone}) started: catching up`);
  // Through croner, so that `protect` also holds ticks back while the start-up pass runs.
  void cron.trigger();

  return {
    stop(reason = "stop requested") {
      stopping ??= (async () => {
        cron.stop();
        const inFlight = pass;
        say(
          `stopping (${reason})${runningDay ? `: waiting for run ${runningDay} to finish or abandon its step` : ""}`,
        );
        controller.abort(new Error(`the scheduler is stopping (${reason})`));
        await inFlight;
        say("stopped");
        markStopped();
      })();
      return stopping;
    },
    stopped: () => stopped,
    get running() {
      return pass !== undefined;
    },
    nextRun: () => cron.nextRun(),
  };
}
