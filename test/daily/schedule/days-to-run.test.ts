import { describe, expect, it } from "vitest";
import { daysToRun } from "../../../src/daily/schedule/days-to-run.js";

describe("daysToRun", () => {
  it("runs just yesterday when nothing ever completed", () => {
    expect(daysToRun(undefined, "2026-11-21", 7)).toEqual(["2026-11-21"]);
  });

  it("runs nothing when yesterday is already done", () => {
    expect(daysToRun("2026-11-21", "2026-11-21", 7)).toEqual([]);
  });

  it("runs every day after the last completed one up to yesterday, oldest first", () => {
    expect(daysToRun("2026-11-18", "2026-11-21", 7)).toEqual(["2026-11-19", "2026-11-20", "2026-11-21"]);
  });

  it("runs only the most recent maxCatchUp days of a longer gap", () => {
    expect(daysToRun("2026-10-01", "2026-11-21", 3)).toEqual(["2026-11-19", "2026-11-20", "2026-11-21"]);
  });

  it("runs nothing when the last completed day is after yesterday", () => {
    expect(daysToRun("2026-11-25", "2026-11-21", 7)).toEqual([]);
  });

  it("counts days across a leap day and a month end", () => {
    expect(daysToRun("2028-02-27", "2028-03-01", 7)).toEqual(["2028-02-28", "2028-02-29", "2028-03-01"]);
  });

  it("runs nothing when the catch-up limit is 0", () => {
    expect(daysToRun(undefined, "2026-11-21", 0)).toEqual([]);
  });

  it("refuses a last completed day that is not a calendar day", () => {
    expect(() => daysToRun("2026-02-30", "2026-11-21", 7)).toThrow(
      'last completed day "2026-02-30" is not a calendar day: expected YYYY-MM-DD',
    );
  });
});
