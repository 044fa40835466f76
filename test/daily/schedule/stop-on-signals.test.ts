import { EventEmitter } from "node:events";
import { describe, expect, expectTypeOf, it, vi } from "vitest";
import { type SignalTarget, stopOnSignals } from "../../../src/daily/schedule/stop-on-signals.js";

/** A stand-in for `process`: signals are emitted by hand and exit() is a spy. */
function fakeProcess() {
  return Object.assign(new EventEmitter(), { exit: vi.fn<(code: number) => void>() });
}

/** A scheduler whose stop() never finishes, like one waiting for a job that does not stop. */
function stuckScheduler() {
  return { stop: vi.fn((_reason?: string) => new Promise<void>(() => {})) };
}

describe("stopOnSignals", () => {
  it("accepts the real process", () => {
    expectTypeOf(process).toExtend<SignalTarget>();
  });

  it("stops the scheduler once on the first SIGTERM, naming the signal", () => {
    const target = fakeProcess();
    const scheduler = stuckScheduler();
    stopOnSignals(scheduler, target, () => {});
    target.emit("SIGTERM");
    expect(scheduler.stop.mock.calls).toEqual([["SIGTERM"]]);
    expect(target.exit).not.toHaveBeenCalled();
  });

  it("exits with code 130 on a second signal, without waiting for the scheduler", () => {
    const target = fakeProcess();
    const scheduler = stuckScheduler();
    const logs: string[] = [];
    stopOnSignals(scheduler, target, (line) => logs.push(line));
    target.emit("SIGINT");
    target.emit("SIGTERM");
    expect(scheduler.stop).toHaveBeenCalledTimes(1);
    expect(target.exit.mock.calls).toEqual([[130]]);
    expect(logs).toEqual([
      expect.stringMatching(/Z SIGTERM after SIGINT: exiting with 130 without waiting$/),
    ]);
  });

  it("removes its listeners when unregistered", () => {
    const target = fakeProcess();
    const unregister = stopOnSignals(stuckScheduler(), target, () => {});
    expect(target.listenerCount("SIGTERM") + target.listenerCount("SIGINT")).toBe(2);
    unregister();
    expect(target.listenerCount("SIGTERM") + target.listenerCount("SIGINT")).toBe(0);
  });
});
