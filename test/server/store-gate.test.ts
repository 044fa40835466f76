import { describe, expect, it } from "vitest";
import { StoreGate } from "../../src/server/store-gate.js";

/** A task that records when it starts and ends, and ends when released. */
function task(log: string[], name: string) {
  let release: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    release = resolve;
  });
  return {
    run: async () => {
      log.push(`${name} starts`);
      await done;
      log.push(`${name} ends`);
    },
    release,
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("StoreGate", () => {
  it("lets readers in together", async () => {
    const gate = new StoreGate();
    const log: string[] = [];
    const a = task(log, "read a");
    const b = task(log, "read b");
    const both = Promise.all([gate.reading(a.run), gate.reading(b.run)]);
    await tick();
    expect(log).toEqual(["read a starts", "read b starts"]);
    a.release();
    b.release();
    await both;
  });

  it("keeps a writer out until the readers are done, and readers out while it writes", async () => {
    const gate = new StoreGate();
    const log: string[] = [];
    const read = task(log, "read");
    const write = task(log, "write");
    const later = task(log, "later read");
    const all = [gate.reading(read.run), gate.writing(write.run)];
    await tick();
    all.push(gate.reading(later.run));
    await tick();
    expect(log).toEqual(["read starts"]);
    read.release();
    await tick();
    await tick();
    expect(log).toEqual(["read starts", "read ends", "write starts"]);
    write.release();
    later.release();
    await Promise.all(all);
    expect(log).toEqual([
      "read starts",
      "read ends",
      "write starts",
      "write ends",
      "later read starts",
      "later read ends",
    ]);
  });

  it("opens the gate again when a reader or writer fails", async () => {
    const gate = new StoreGate();
    await expect(gate.writing(async () => Promise.reject(new Error("load failed")))).rejects.toThrow(
      "load failed",
    );
    await expect(gate.reading(async () => Promise.reject(new Error("query failed")))).rejects.toThrow(
      "query failed",
    );
    expect(await gate.writing(async () => "written")).toBe("written");
  });
});
