import { describe, expect, it } from "vitest";
import { checkSchedule } from "../../../src/daily/schedule/check-schedule.js";
import { startScheduler } from "../../../src/daily/schedule/scheduler.js";
import { FlowlensError } from "../../../src/errors.js";

function errorOf(fn: () => unknown): FlowlensError {
  try {
    fn();
  } catch (error) {
    if (error instanceof FlowlensError) return error;
    throw error;
  }
  throw new Error("expected a FlowlensError");
}

const CRON_HINT =
  'write minute hour day-of-month month day-of-week, e.g. --cron "0 6 * * *" for 06:00 every day (or schedule.cron in flowlens.yaml)';

describe("checkSchedule", () => {
  it("accepts a daily cron expression in a time zone, and one with seconds", () => {
    expect(() => checkSchedule("0 6 * * *", "Europe/Berlin")).not.toThrow();
    expect(() => checkSchedule("* * * * * *", "UTC")).not.toThrow();
  });

  it("refuses a minute out of range, saying which and how to write one", () => {
    const error = errorOf(() => checkSchedule("61 * * * *", "UTC"));
    expect(error.code).toBe("FLOWLENS_USAGE");
    expect(error.message).toBe('--cron "61 * * * *" is not a cron expression: Invalid value for minute: 61');
    expect(error.hint).toBe(CRON_HINT);
  });

  it("refuses an expression with too few fields", () => {
    expect(errorOf(() => checkSchedule("6 * *", "UTC")).message).toBe(
      "--cron \"6 * *\" is not a cron expression: invalid configuration format ('6 * *'), exactly five, six, or seven space separated parts are required.",
    );
  });

  it("refuses an expression that never fires", () => {
    const error = errorOf(() => checkSchedule("0 0 30 2 *", "UTC"));
    expect(error.sentence).toBe(`--cron "0 0 30 2 *" never fires: no date matches it — ${CRON_HINT}`);
  });

  it("refuses an unknown time zone", () => {
    const error = errorOf(() => checkSchedule("0 6 * * *", "Mars/Olympus"));
    expect(error.code).toBe("FLOWLENS_USAGE");
    expect(error.sentence).toBe(
      '--tz "Mars/Olympus" is not an IANA time zone — use a name from the tz database, e.g. --tz UTC or --tz Europe/Berlin (or schedule.timezone in flowlens.yaml)',
    );
  });
});

describe("startScheduler options", () => {
  const base = {
    cron: "0 6 * * *",
    timezone: "UTC",
    runDay: async () => 0,
    state: { history: async () => ({ firstDay: undefined, completedDays: new Set<string>() }) },
    log: () => {},
  };

  it("refuses a bad cron expression before running anything", () => {
    let reads = 0;
    const state = {
      history: async () => {
        reads += 1;
        return { firstDay: undefined, completedDays: new Set<string>() };
      },
    };
    expect(() => startScheduler({ ...base, cron: "61 * * * *", state })).toThrow(
      '--cron "61 * * * *" is not a cron expression',
    );
    expect(reads).toBe(0);
  });

  it("refuses a catch-up limit below one day", () => {
    expect(errorOf(() => startScheduler({ ...base, maxCatchUp: 0 })).sentence).toBe(
      "a catch-up limit of 0 days is not possible: expected a whole number of at least 1 — set schedule.catchUpDays in flowlens.yaml, e.g. to 7",
    );
  });
});
