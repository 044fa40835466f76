import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { smallDemoStore } from "../helpers/small-demo.js";
import { sharedTempDir } from "../helpers/temp-dir.js";

interface Finding {
  sentence: string;
  usd?: number;
  numbers: Record<string, unknown>;
}
interface ReportJson {
  insights: { id: string; findings: Finding[] }[];
}

let dir: string;
let db: string;

/** The finding of an insight with a per-month figure (or its first) in the JSON report of `flowlens report <days…>` on the one-day demo. */
async function finding(name: string, days: string[], insight: string): Promise<Finding> {
  const out = join(dir, name);
  const args = ["report", ...days, "--formats", "json", "--db", db, "--out-dir", out];
  expect((await runCli(args)).code).toBe(0);
  const folder = days.length === 2 ? (days[1] as string) : `${days[1]}_${days[3]}`;
  const report = JSON.parse(readFileSync(join(out, folder, "report.json"), "utf8")) as ReportJson;
  const found =
    report.insights.find((i) => i.id === insight)?.findings.find((f) => f.sentence.includes("/month")) ??
    report.insights.find((i) => i.id === insight)?.findings[0];
  if (!found) throw new Error(`no ${insight} finding in ${name}`);
  return found;
}

describe("per-month figures of a report over a long range", () => {
  beforeAll(async () => {
    dir = sharedTempDir();
    db = await smallDemoStore(dir);
  }, 120_000);

  it("are at the rate of the days with data and say so, not averaged over the days without", async () => {
    const day = await finding("day", ["--date", "2026-11-30"], "nat-gateway");
    const month = await finding("month", ["--from", "2026-11-01", "--to", "2026-11-30"], "nat-gateway");
    expect(day.sentence).toMatch(/\(≈ \$[0-9.]+\/month\):/);
    expect(month.sentence).toMatch(/\(≈ \$[0-9.]+\/month at the rate of the 1 day with data\):/);
    expect(month.numbers.usd_per_month).toBeCloseTo(Number(day.numbers.usd_per_month), 2);
    const crossAz = await finding("cross-az", ["--from", "2016-01-01", "--to", "2026-11-30"], "cross-az");
    expect(crossAz.sentence).toContain("/month at the rate of the 1 day with data)");
  }, 120_000);

  it("price internet egress on the tiers of a month sending the days with data's volume every day", async () => {
    const month = await finding("egress", ["--from", "2026-11-01", "--to", "2026-11-30"], "internet-egress");
    expect(month.sentence).toContain("sending this much every day");
  }, 120_000);
});
