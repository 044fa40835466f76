import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { smallDemoStore } from "../helpers/small-demo.js";
import { sharedTempDir } from "../helpers/temp-dir.js";

interface ReportJson {
  insights: { id: string; error?: string; notes: string[]; findings: unknown[]; table: unknown[] }[];
}

let dir: string;
let db: string;
let insightsDir: string;

describe("a user insight that runs too long", () => {
  beforeAll(async () => {
    dir = sharedTempDir();
    db = await smallDemoStore(dir);
    insightsDir = join(dir, "insights");
    mkdirSync(insightsDir);
    // Counts forever: only the time limit ends it.
    writeFileSync(
      join(insightsDir, "a-slow.sql"),
      "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) AS c FROM r\n",
    );
    writeFileSync(join(insightsDir, "a-slow.yaml"), "title: Slow\ntimeoutSeconds: 1\n");
    // Runs after the slow one, on the same connection.
    writeFileSync(join(insightsDir, "b-count.sql"), "SELECT count(*)::INTEGER AS records FROM flows\n");
    writeFileSync(
      join(insightsDir, "b-count.yaml"),
      'title: Count\nfinding: { sentence: "{{records}} records" }\n',
    );
  }, 120_000);

  /** The day's report with these user insights, which exits 1 because one of them fails. */
  async function reportWith(insights: string, out: string): Promise<ReportJson> {
    const result = await runCli([
      "report",
      "--date",
      "2026-11-30",
      "--db",
      db,
      "--out-dir",
      out,
      "--insights-dir",
      insights,
    ]);
    expect(result.code).toBe(1);
    return JSON.parse(readFileSync(join(out, "2026-11-30", "report.json"), "utf8")) as ReportJson;
  }

  it("is stopped at its time limit and becomes a note naming its file, and the other insights still run", async () => {
    const out = join(dir, "report");
    const report = await reportWith(insightsDir, out);
    const slow = report.insights.find((i) => i.id === "a-slow");
    expect(slow?.notes).toEqual([
      `This insight failed: ${join(insightsDir, "a-slow.sql")}: the query ran longer than its time limit of 1 s and was stopped — make it faster, or allow more time with timeoutSeconds in ${join(insightsDir, "a-slow.yaml")}`,
    ]);
    expect(report.insights.find((i) => i.id === "b-count")?.error).toBeUndefined();
    expect(report.insights.find((i) => i.id === "b-count")?.findings).toHaveLength(1);
    expect(report.insights.find((i) => i.id === "top-talkers")?.findings.length).toBeGreaterThan(0);
    expect(readFileSync(join(out, "2026-11-30", "report.md"), "utf8")).toContain("time limit of 1 s");
  }, 120_000);

  it("refuses a timeoutSeconds that is not a whole number of seconds, naming the spec file", async () => {
    const folder = join(dir, "bad-timeout");
    mkdirSync(folder);
    writeFileSync(join(folder, "t.sql"), "SELECT 1 AS one\n");
    writeFileSync(join(folder, "t.yaml"), "title: T\ntimeoutSeconds: 0.5\n");
    const out = join(dir, "bad-timeout-report");
    const report = await reportWith(folder, out);
    expect(report.insights.find((i) => i.id === "t")?.error).toBe(
      `${join(folder, "t.yaml")}: invalid spec: timeoutSeconds: Invalid input: expected int, received number`,
    );
  }, 120_000);
});
