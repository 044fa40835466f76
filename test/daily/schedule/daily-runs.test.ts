import { describe, expect, it } from "vitest";
import { lastCompletedDay, recordRunEnd, recordRunStart } from "../../../src/daily/schedule/daily-runs.js";
import type { DuckDbStore } from "../../../src/store/duckdb/duckdb-store.js";
import { openTestStore } from "../../enrich/open-test-store.js";

async function recordRun(store: DuckDbStore, day: string, exitCode: number): Promise<void> {
  await recordRunStart(store, day, "schedule");
  await recordRunEnd(store, day, exitCode);
}

describe("daily_runs", () => {
  it("has no last completed day in a store where nothing ran", async () => {
    const store = await openTestStore();
    expect(await lastCompletedDay(store)).toBeUndefined();
  });

  it("counts runs that ended with exit code 0 or 1 as completed, and not a later failed one", async () => {
    const store = await openTestStore();
    await recordRun(store, "2026-11-19", 0);
    await recordRun(store, "2026-11-20", 1);
    await recordRun(store, "2026-11-21", 3);
    expect(await lastCompletedDay(store)).toBe("2026-11-20");
  });

  it("does not count a run that started and never ended", async () => {
    const store = await openTestStore();
    await recordRun(store, "2026-11-20", 0);
    await recordRunStart(store, "2026-11-21", "schedule");
    expect(await lastCompletedDay(store)).toBe("2026-11-20");
  });

  it("keeps one row per day: running a day again replaces its earlier run", async () => {
    const store = await openTestStore();
    await recordRun(store, "2026-11-20", 0);
    await recordRunStart(store, "2026-11-20", "manual");
    expect(
      await store.rows("SELECT CAST(day AS VARCHAR) AS day, finished_at, exit_code, trigger FROM daily_runs"),
    ).toEqual([{ day: "2026-11-20", finished_at: null, exit_code: null, trigger: "manual" }]);
    expect(await lastCompletedDay(store)).toBeUndefined();
  });

  it("refuses a day that is not a calendar day", async () => {
    const store = await openTestStore();
    await expect(recordRunStart(store, "2026-13-01", "manual")).rejects.toThrow(
      'day "2026-13-01" is not a calendar day',
    );
  });
});
