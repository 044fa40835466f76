import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DemoFixture, generateInTemp } from "./demo-records.js";

function contents(dir: string): Map<string, Buffer> {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  return new Map(
    files.map((entry) => {
      const path = join(entry.parentPath, entry.name);
      return [relative(dir, path), readFileSync(path)];
    }),
  );
}

describe("demo determinism", () => {
  const options = { startDate: "2026-03-01", days: 1, recordsPerDay: 5000 };
  let first: DemoFixture;
  let again: DemoFixture;
  let otherSeed: DemoFixture;

  beforeAll(async () => {
    first = await generateInTemp({ ...options, seed: 42 });
    again = await generateInTemp({ ...options, seed: 42 });
    otherSeed = await generateInTemp({ ...options, seed: 7, singleFile: "all.log.gz" });
  });
  afterAll(() => {
    for (const fixture of [first, again, otherSeed]) fixture?.remove();
  });

  it("the same seed writes byte-identical objects, inventory and ground truth", () => {
    const a = contents(first.result.outDir);
    const b = contents(again.result.outDir);
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    expect(a.size).toBe(first.result.files.length + 2);
    for (const [path, bytes] of a) {
      if (!bytes.equals(b.get(path) as Buffer)) throw new Error(`${path} differs between two runs`);
    }
  });

  it("a different seed writes different records", () => {
    const a = JSON.parse(readFileSync(first.result.groundTruthPath, "utf8"));
    const b = JSON.parse(readFileSync(otherSeed.result.groundTruthPath, "utf8"));
    expect(b.total.bytes).not.toBe(a.total.bytes);
    expect(b.events.portScan.sourceAddr).not.toBe(a.events.portScan.sourceAddr);
    expect(b.events.largeTransfer.bytes).not.toBe(a.events.largeTransfer.bytes);
  });
});
