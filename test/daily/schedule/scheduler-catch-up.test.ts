import { describe, expect, it, vi } from "vitest";
import { runHistory } from "../../../src/daily/schedule/daily-runs.js";
import { EVERY_SECOND, jobExiting, startHarness } from "./scheduler-harness.js";

describe("startScheduler catching up", () => {
  it("runs the missed days at start, oldest first, as catch-up", async () => {
    const { calls, openStore, idle } = await startHarness({ job: jobExiting(0), completed: ["2026-11-18"] });
    await idle();
    expect(calls).toEqual([
      { day: "2026-11-19", trigger: "catch-up" },
      { day: "2026-11-20", trigger: "catch-up" },
      { day: "2026-11-21", trigger: "catch-up" },
    ]);
    const store = await openStore();
    expect((await runHistory(store)).completedDays).toEqual(
      new Set(["2026-11-18", "2026-11-19", "2026-11-20", "2026-11-21"]),
    );
    store.close();
  });

  it("runs only yesterday at start when nothing ever ran", async () => {
    const { calls, idle } = await startHarness({ job: jobExiting(0) });
    await idle();
    expect(calls).toEqual([{ day: "2026-11-21", trigger: "catch-up" }]);
  });

  it("runs nothing at start when yesterday is done", async () => {
    const { calls, logs, idle } = await startHarness({ job: jobExiting(0), completed: ["2026-11-21"] });
    await idle();
    expect(calls).toEqual([]);
    expect(logs).toContain("2026-11-22T06:00:00Z nothing to run: the days up to 2026-11-21 are done");
  });

  it("runs the most recent days of a gap longer than the catch-up window and names the days it leaves", async () => {
    const { calls, logs, idle } = await startHarness({
      job: jobExiting(0),
      completed: ["2026-11-01"],
      maxCatchUp: 2,
    });
    await idle();
    expect(calls.map((c) => c.day)).toEqual(["2026-11-20", "2026-11-21"]);
    expect(logs).toContain(
      "2026-11-22T06:00:00Z 2026-11-02 to 2026-11-19 are older than the 2-day catch-up window and are not run (flowlens daily --date <day> runs one)",
    );
  });

  it("names a single day left behind the catch-up window", async () => {
    const { logs, idle } = await startHarness({
      job: jobExiting(0),
      completed: ["2026-11-18"],
      maxCatchUp: 2,
    });
    await idle();
    expect(logs).toContain(
      "2026-11-22T06:00:00Z 2026-11-19 is older than the 2-day catch-up window and is not run (flowlens daily --date <day> runs one)",
    );
  });

  it("logs each run with its trigger, exit code and time taken", async () => {
    const { logs, idle } = await startHarness({ job: jobExiting(0) });
    await idle();
    expect(logs).toContain("2026-11-22T06:00:00Z run 2026-11-21 (catch-up)");
    expect(logs.find((l) => l.includes(" exit "))).toMatch(
      /^2026-11-22T06:00:00Z run 2026-11-21 \(catch-up\) exit 0 in \d+\.\d s$/,
    );
  });

  it("runs the days after a failed day, and says which days did not complete", async () => {
    const { calls, logs, idle } = await startHarness({
      job: async (day) => (day === "2026-11-19" ? 3 : 0),
      completed: ["2026-11-17"],
    });
    await idle();
    expect(calls.map((c) => c.day)).toEqual(["2026-11-18", "2026-11-19", "2026-11-20", "2026-11-21"]);
    expect(logs).toContain("2026-11-22T06:00:00Z 1 of 4 day(s) not completed: 2026-11-19");
  });

  it("runs again at start a day that failed before, between completed days", async () => {
    const { calls, idle } = await startHarness({
      job: jobExiting(0),
      completed: ["2026-11-19", "2026-11-21"],
      failed: ["2026-11-20"],
    });
    await idle();
    expect(calls).toEqual([{ day: "2026-11-20", trigger: "catch-up" }]);
  });

  it("tries a day that exited with code 3 again at the next tick", async () => {
    let runs = 0;
    const { calls, logs } = await startHarness({
      job: async () => (++runs === 1 ? 3 : 0),
      cron: EVERY_SECOND,
    });
    await vi.waitFor(() => expect(calls).toHaveLength(2), { timeout: 20_000 });
    expect(calls).toEqual([
      { day: "2026-11-21", trigger: "catch-up" },
      { day: "2026-11-21", trigger: "schedule" },
    ]);
    expect(logs.find((l) => l.includes("exit 3"))).toMatch(/: not completed, retried at the next tick$/);
  });

  it("runs yesterday in the same pass as a failed day, and the failed day again at the next tick", async () => {
    let runsOf20 = 0;
    const { calls } = await startHarness({
      job: async (day) => (day === "2026-11-20" && ++runsOf20 === 1 ? 3 : 0),
      completed: ["2026-11-19"],
      cron: EVERY_SECOND,
    });
    await vi.waitFor(() => expect(calls).toHaveLength(3), { timeout: 20_000 });
    expect(calls).toEqual([
      { day: "2026-11-20", trigger: "catch-up" },
      { day: "2026-11-21", trigger: "catch-up" },
      { day: "2026-11-20", trigger: "catch-up" },
    ]);
  });

  it("tries a day whose job threw again at the next tick", async () => {
    let runs = 0;
    const { calls, logs } = await startHarness({
      job: async () => {
        if (++runs === 1) throw new Error("Slack is down");
        return 0;
      },
      cron: EVERY_SECOND,
    });
    await vi.waitFor(() => expect(calls).toHaveLength(2), { timeout: 20_000 });
    expect(calls.map((c) => c.trigger)).toEqual(["catch-up", "schedule"]);
    expect(logs.find((l) => l.includes("failed"))).toMatch(
      /^2026-11-22T06:00:00Z run 2026-11-21 \(catch-up\) failed after \d+\.\d s: Slack is down; retried at the next tick$/,
    );
  });

  it("tries again at the next tick when the store cannot be read", async () => {
    // A state that fails once, as a store locked by another command would.
    const { calls, logs } = await startHarness({
      job: jobExiting(0),
      cron: EVERY_SECOND,
      failFirstStateRead: true,
    });
    await vi.waitFor(() => expect(calls).toEqual([{ day: "2026-11-21", trigger: "schedule" }]), {
      timeout: 20_000,
    });
    expect(logs[1]).toMatch(
      /^2026-11-22T06:00:00Z cannot read which days are done: store .* is locked by PID 4242; retried at the next tick$/,
    );
  });
});
