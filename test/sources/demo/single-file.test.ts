import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DemoProgress } from "../../../src/sources/demo/generate-demo.js";
import { type DemoFixture, generateInTemp } from "./demo-records.js";

describe("demo single file", () => {
  let demo: DemoFixture;
  const progress: DemoProgress[] = [];

  beforeAll(async () => {
    demo = await generateInTemp({
      startDate: "2026-03-01",
      days: 2,
      seed: 5,
      recordsPerDay: 10_000,
      singleFile: "all.log.gz",
      onProgress: (p) => progress.push(p),
    });
  });
  afterAll(() => demo?.remove());

  it("writes every record of every account to one gzip file with one header line", () => {
    expect(demo.result.files).toHaveLength(1);
    const lines = gunzipSync(readFileSync(demo.result.files[0] as string))
      .toString("latin1")
      .split("\n");
    expect(lines.pop()).toBe("");
    expect(lines.filter((line) => line.startsWith("version "))).toEqual([lines[0]]);
    expect(lines).toHaveLength(demo.result.records + 1);
    const accounts = new Set(lines.slice(1).map((line) => line.split(" ", 2)[1]));
    expect([...accounts].sort()).toEqual(["111111111111", "222222222222"]);
  });

  it("still writes the inventory and the ground truth, and no S3 layout", () => {
    expect(existsSync(join(demo.result.outDir, "AWSLogs"))).toBe(false);
    const truth = JSON.parse(readFileSync(demo.result.groundTruthPath, "utf8"));
    expect(truth.objects).toEqual([expect.objectContaining({ account: null, records: demo.result.records })]);
    // Days by record start: the connections open at the first midnight started on 2026-02-28.
    expect(truth.days.map((d: { date: string }) => d.date)).toEqual([
      "2026-02-28",
      "2026-03-01",
      "2026-03-02",
    ]);
    expect(existsSync(demo.result.inventoryPath)).toBe(true);
  });

  it("reports progress every few thousand records, ending with the total", () => {
    expect(progress.length).toBeGreaterThan(3);
    const written = progress.map((p) => p.recordsWritten);
    expect(written).toEqual([...written].sort((a, b) => a - b));
    expect(progress.at(-1)).toMatchObject({ recordsWritten: demo.result.records, filesWritten: 1 });
  });
});
