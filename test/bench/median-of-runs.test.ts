import { describe, expect, it } from "vitest";
import { median, medianOf, type Step } from "../../bench/lib/steps.js";

const step = (seconds: number, peakRssBytes = 0): Step => ({
  name: "flowlens ingest",
  seconds,
  peakRssBytes,
  stdout: "",
  rows: 10,
});

describe("a benchmark step run several times", () => {
  it("counts by the run of median wall time, keeping that run's other figures and every run's time", () => {
    const m = median([step(3.1, 300), step(2.4, 200), step(9.9, 900)]);
    expect(m.seconds).toBe(3.1);
    expect(m.peakRssBytes).toBe(300);
    expect(m.runs).toEqual([3.1, 2.4, 9.9]);
  });

  it("takes the lower of the middle two for an even count, and a single run as it is", () => {
    expect(median([step(4), step(1), step(3), step(2)]).seconds).toBe(2);
    expect(median([step(5)])).toEqual(step(5));
  });

  it("runs the step as many times as asked, one after another", async () => {
    let running = 0;
    const started: number[] = [];
    const m = await medianOf(3, async () => {
      expect(running).toBe(0);
      running++;
      started.push(started.length);
      await new Promise((resolve) => setTimeout(resolve, 1));
      running--;
      return step([5, 1, 3][started.length - 1] as number);
    });
    expect(started).toEqual([0, 1, 2]);
    expect(m.seconds).toBe(3);
  });
});
