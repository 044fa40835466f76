import { describe, expect, it } from "vitest";
import { startAlertTimer } from "../../src/alerts/alert-timer.js";

describe("the alert timer", () => {
  it("reports a failing run and keeps running", async () => {
    const errors: string[] = [];
    let runs = 0;
    let secondRun: () => void = () => {};
    const reachedSecond = new Promise<void>((resolve) => {
      secondRun = resolve;
    });
    const timer = startAlertTimer(
      5,
      async () => {
        runs++;
        if (runs === 1) throw new Error("the store is locked");
        secondRun();
      },
      (message) => errors.push(message),
    );
    await reachedSecond;
    await timer.stop();
    expect(errors).toEqual(["the store is locked"]);
  });

  it("never starts a run while one is under way", async () => {
    let running = 0;
    let overlapped = false;
    let done: () => void = () => {};
    const threeRuns = new Promise<void>((resolve) => {
      done = resolve;
    });
    let runs = 0;
    const timer = startAlertTimer(
      1,
      async () => {
        running++;
        overlapped ||= running > 1;
        await new Promise((resolve) => setTimeout(resolve, 20));
        running--;
        if (++runs === 3) done();
      },
      () => {},
    );
    await threeRuns;
    await timer.stop();
    expect(overlapped).toBe(false);
  });
});
