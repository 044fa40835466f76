import { describe, expect, it } from "vitest";
import { daysInRange } from "../../../src/sources/s3/day-range.js";

describe("daysInRange", () => {
  it("includes both ends and crosses month ends and leap days", () => {
    expect(daysInRange("2024-02-28", "2024-03-01")).toEqual(["2024-02-28", "2024-02-29", "2024-03-01"]);
  });

  it("holds one day when from equals to", () => {
    expect(daysInRange("2024-12-31", "2024-12-31")).toEqual(["2024-12-31"]);
  });

  it("rejects a day that is not on the calendar", () => {
    expect(() => daysInRange("2023-02-29", "2023-03-01")).toThrow(
      expect.objectContaining({
        code: "FLOWLENS_USAGE",
        message: 'from "2023-02-29" is not a calendar day: expected YYYY-MM-DD',
        hint: "write the UTC day as e.g. 2024-03-01",
      }),
    );
    expect(() => daysInRange("2024-03-01", "3/2/2024")).toThrow('to "3/2/2024" is not a calendar day');
  });

  it("rejects a range whose start is after its end", () => {
    expect(() => daysInRange("2024-03-05", "2024-03-01")).toThrow(
      expect.objectContaining({
        code: "FLOWLENS_USAGE",
        message: "from 2024-03-05 is after to 2024-03-01: expected from ≤ to",
        hint: "swap the two days",
      }),
    );
  });
});
