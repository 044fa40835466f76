import { describe, expect, it } from "vitest";
import { recordRunEnd, recordRunStart, runHistory } from "../../../src/daily/schedule/daily-runs.js";
import type { Store } from "../../../src/store/store.js";
import { testStores } from "../../helpers/test-stores.js";

async function recordRun(store: Store, day: string, exitCode: number): Promise<void> {
  await recordRunStart(store, day, "schedule");
  await recordRunEnd(store, day, exitCode);
}

for (const backend of testStores())
  describe(`daily_runs on ${backend.name}`, () => {
    const openTestStore = () => backend.open();
    it("has no history in a store where nothing ran", async () => {
      const store = await openTestStore();
      expect(await runHistory(store)).toEqual({ firstDay: undefined, completedDays: new Set() });
    });

    it("counts runs that ended with exit code 0 or 1 as completed, and not a failed one between them", async () => {
      const store = await openTestStore();
      await recordRun(store, "2026-11-19", 0);
      await recordRun(store, "2026-11-20", 1);
      await recordRun(store, "2026-11-21", 3);
      await recordRun(store, "2026-11-22", 0);
      expect(await runHistory(store)).toEqual({
        firstDay: "2026-11-19",
        completedDays: new Set(["2026-11-19", "2026-11-20", "2026-11-22"]),
      });
    });

    it("does not count a run that started and never ended", async () => {
      const store = await openTestStore();
      await recordRun(store, "2026-11-20", 0);
      await recordRunStart(store, "2026-11-21", "schedule");
      expect((await runHistory(store)).completedDays).toEqual(new Set(["2026-11-20"]));
    });

    it("keeps one row per day: running a day again replaces its earlier run", async () => {
      const store = await openTestStore();
      await recordRun(store, "2026-11-20", 0);
      await recordRunStart(store, "2026-11-20", "manual");
      expect(
        await store.rows(
          `SELECT ${backend.backend === "duckdb" ? "CAST(day AS VARCHAR)" : "toString(day)"} AS day, finished_at, exit_code, trigger FROM daily_runs`,
        ),
      ).toEqual([{ day: "2026-11-20", finished_at: null, exit_code: null, trigger: "manual" }]);
      expect(await runHistory(store)).toEqual({ firstDay: "2026-11-20", completedDays: new Set() });
    });

    it("refuses a day that is not a calendar day", async () => {
      const store = await openTestStore();
      await expect(recordRunStart(store, "2026-13-01", "manual")).rejects.toThrow(
        'day "2026-13-01" is not a calendar day',
      );
    });
  });
