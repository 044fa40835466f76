import { describe, expect, it, vi } from "vitest";
import { EVERY_SECOND, jobOutlastingATick, startHarness } from "./scheduler-harness.js";

describe("startScheduler overlap protection", () => {
  it("skips ticks that fire while a day runs, and never runs two days at once", async () => {
    // Each run fails and lasts past a tick, so every tick finds a day to run and some find one running.
    const { calls, logs, maxInFlight } = await startHarness({
      job: jobOutlastingATick(),
      cron: EVERY_SECOND,
    });
    await vi.waitFor(
      () => {
        expect(calls.length).toBeGreaterThanOrEqual(2);
        expect(logs.some((l) => l.includes("tick skipped"))).toBe(true);
      },
      { timeout: 3500 },
    );
    expect(maxInFlight()).toBe(1);
    // The tick may fall while the day runs, or (on a loaded machine) while the pass is between days.
    expect(logs.find((l) => l.includes("tick skipped"))).toMatch(
      /^2026-11-22T06:00:00Z tick skipped: the previous pass is still going( \(run 2026-11-21\))?$/,
    );
  });
});
