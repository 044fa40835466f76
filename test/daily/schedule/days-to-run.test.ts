import { describe, expect, it } from "vitest";
import { daysToRun, type RunHistory } from "../../../src/daily/schedule/days-to-run.js";

function history(firstDay: string | undefined, completed: string[] = []): RunHistory {
  return { firstDay, completedDays: new Set(completed) };
}

describe("daysToRun", () => {
  it("runs just yesterday when nothing ever ran", () => {
    expect(daysToRun(history(undefined), "2026-11-21", 7)).toEqual({
      days: ["2026-11-21"],
      tooOld: undefined,
    });
  });

  it("runs nothing when every day since the first run is done", () => {
    expect(daysToRun(history("2026-11-20", ["2026-11-20", "2026-11-21"]), "2026-11-21", 7).days).toEqual([]);
  });

  it("runs every day after the last completed one up to yesterday, oldest first", () => {
    expect(daysToRun(history("2026-11-18", ["2026-11-18"]), "2026-11-21", 7).days).toEqual([
      "2026-11-19",
      "2026-11-20",
      "2026-11-21",
    ]);
  });

  it("runs the days of the doc example", () => {
    expect(daysToRun(history("2026-11-16", ["2026-11-18", "2026-11-20"]), "2026-11-21", 7)).toEqual({
      days: ["2026-11-16", "2026-11-17", "2026-11-19", "2026-11-21"],
      tooOld: undefined,
    });
  });

  it("runs a day that failed again, and the days after it too", () => {
    const past = history("2026-11-17", ["2026-11-17", "2026-11-19", "2026-11-20"]);
    expect(daysToRun(past, "2026-11-21", 7).days).toEqual(["2026-11-18", "2026-11-21"]);
  });

  it("never runs days before the first day that ever ran", () => {
    expect(daysToRun(history("2026-11-20", []), "2026-11-21", 7).days).toEqual(["2026-11-20", "2026-11-21"]);
  });

  it("runs only the most recent maxCatchUp days of a longer gap and names the days it leaves", () => {
    expect(daysToRun(history("2026-09-01", ["2026-10-01"]), "2026-11-21", 3)).toEqual({
      days: ["2026-11-19", "2026-11-20", "2026-11-21"],
      tooOld: { from: "2026-10-02", to: "2026-11-18", count: 48 },
    });
  });

  it("names no old days when the day before the window completed", () => {
    expect(daysToRun(history("2026-09-01", ["2026-11-18"]), "2026-11-21", 3).tooOld).toBeUndefined();
  });

  it("runs nothing when the only day that ran is after yesterday", () => {
    expect(daysToRun(history("2026-11-25", ["2026-11-25"]), "2026-11-21", 7)).toEqual({
      days: [],
      tooOld: undefined,
    });
  });

  it("counts days across a leap day and a month end", () => {
    expect(daysToRun(history("2028-02-27", ["2028-02-27"]), "2028-03-01", 7).days).toEqual([
      "2028-02-28",
      "2028-02-29",
      "2028-03-01",
    ]);
  });

  it("runs nothing when the catch-up limit is 0", () => {
    expect(daysToRun(history(undefined), "2026-11-21", 0)).toEqual({ days: [], tooOld: undefined });
  });

  it("refuses a first day that is not a calendar day", () => {
    expect(() => daysToRun(history("2026-02-30"), "2026-11-21", 7)).toThrow(
      'first day that ran "2026-02-30" is not a calendar day: expected YYYY-MM-DD',
    );
  });
});
