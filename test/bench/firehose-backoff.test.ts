import { describe, expect, it } from "vitest";
import { firehoseBackoffMs } from "../../bench/lib/firehose-sender.js";

describe("the load generator's backoff between attempts of one request", () => {
  it("waits 1 s before the second attempt and doubles the wait after each attempt", () => {
    const middle = () => 0.5;
    expect([1, 2, 3, 4].map((attempt) => firehoseBackoffMs(attempt, 1000, middle))).toEqual([
      1000, 2000, 4000, 8000,
    ]);
  });

  it("jitters each wait by at most 15% either way", () => {
    expect(firehoseBackoffMs(2, 1000, () => 0)).toBeCloseTo(1700);
    expect(firehoseBackoffMs(2, 1000, () => 0.999_999)).toBeCloseTo(2300, 2);
  });

  it("never waits longer than 2 minutes before jitter", () => {
    expect(firehoseBackoffMs(20, 1000, () => 0.5)).toBe(120_000);
  });
});
