import { describe, expect, it, vi } from "vitest";
import type { DailyJob } from "../../../src/daily/schedule/daily-job.js";
import { jobExiting, startHarness } from "./scheduler-harness.js";

/** A job that runs until its signal aborts, then takes a moment to finish its step. */
function jobUntilAborted(events: string[]): DailyJob {
  return (day, signal) =>
    new Promise((resolve) => {
      events.push(`started ${day}`);
      signal.addEventListener("abort", () => {
        events.push(`aborted ${day}`);
        setTimeout(() => {
          events.push(`settled ${day}`);
          resolve(3);
        }, 50);
      });
    });
}

describe("Scheduler.stop", () => {
  it("aborts the running day's signal and resolves after the job has settled", async () => {
    const events: string[] = [];
    const { scheduler } = await startHarness({ job: jobUntilAborted(events) });
    await vi.waitFor(() => expect(events).toEqual(["started 2026-11-21"]), { timeout: 20_000 });
    await scheduler.stop("SIGTERM");
    expect(events).toEqual(["started 2026-11-21", "aborted 2026-11-21", "settled 2026-11-21"]);
  });

  it("starts no further missed day once stopped", async () => {
    const events: string[] = [];
    const { scheduler, calls } = await startHarness({
      job: jobUntilAborted(events),
      completed: ["2026-11-17"],
    });
    await vi.waitFor(() => expect(events).toEqual(["started 2026-11-18"]), { timeout: 20_000 });
    await scheduler.stop("SIGTERM");
    expect(calls.map((c) => c.day)).toEqual(["2026-11-18"]);
  });

  it("logs the reason and the day it waits for, then that it stopped", async () => {
    const events: string[] = [];
    const { scheduler, logs } = await startHarness({ job: jobUntilAborted(events) });
    await vi.waitFor(() => expect(events).toHaveLength(1), { timeout: 20_000 });
    await scheduler.stop("SIGINT");
    expect(logs.slice(-3)).toEqual([
      "2026-11-22T06:00:00Z stopping (SIGINT): waiting for run 2026-11-21 to finish or abandon its step",
      expect.stringMatching(
        /^2026-11-22T06:00:00Z run 2026-11-21 \(catch-up\) exit 3 in \d+\.\d s: not completed, run again at the next start$/,
      ),
      "2026-11-22T06:00:00Z stopped",
    ]);
  });

  it("has no next run and nothing running once stopped", async () => {
    const { scheduler } = await startHarness({ job: jobExiting(0) });
    expect(scheduler.nextRun()).toBeInstanceOf(Date);
    await scheduler.stop();
    expect(scheduler.nextRun()).toBeNull();
    expect(scheduler.running).toBe(false);
  });

  it("resolves stopped() when stop() has finished", async () => {
    const events: string[] = [];
    const { scheduler } = await startHarness({ job: jobUntilAborted(events) });
    await vi.waitFor(() => expect(events).toHaveLength(1), { timeout: 20_000 });
    const stopped = scheduler.stopped().then(() => [...events]);
    void scheduler.stop();
    expect(await stopped).toContain("settled 2026-11-21");
  });
});
