import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DemoFixture, generateInTemp } from "./demo-records.js";

describe("demo start date", () => {
  let march: DemoFixture;
  let july: DemoFixture;

  beforeAll(async () => {
    const options = { days: 1, seed: 11, recordsPerDay: 5000, singleFile: "all.log.gz" };
    march = await generateInTemp({ ...options, startDate: "2026-03-01" });
    july = await generateInTemp({ ...options, startDate: "2026-07-15" });
  });
  afterAll(() => {
    march?.remove();
    july?.remove();
  });

  it("moves the timestamps but not the traffic", () => {
    const a = JSON.parse(readFileSync(march.result.groundTruthPath, "utf8"));
    const b = JSON.parse(readFileSync(july.result.groundTruthPath, "utf8"));
    // Days by record start: the connections open at the first midnight started the day before.
    expect(b.days.map((d: { date: string }) => d.date)).toEqual(["2026-07-14", "2026-07-15"]);
    const withoutDate = (days: { date: string }[]) => days.map(({ date: _, ...counts }) => counts);
    expect(withoutDate(b.days)).toEqual(withoutDate(a.days));
    expect(b.events.portScan.firstStart - a.events.portScan.firstStart).toBe(136 * 86_400);
  });
});
