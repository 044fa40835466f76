/**
 * `flowlens compare` and the report's "Before and after", run by the built CLI on a six-day demo whose S3
 * endpoint is added on day four (`demo --s3-endpoint-added-on`).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli, runCliJson } from "../helpers/run-cli.js";
import { sharedTempDir } from "../helpers/temp-dir.js";

let dir: string;
let db: string;
let change: { vpcEndpointId: string; routeTableIds: string[]; natGatewayId: string };

beforeAll(async () => {
  dir = sharedTempDir();
  db = join(dir, "demo.duckdb");
  const demo = await runCli([
    ...["demo", "--date", "2026-11-23", "--days", "6", "--records-per-day", "3000"],
    ...["--s3-endpoint-added-on", "2026-11-21", "--out-dir", join(dir, "demo"), "--db", db, "--no-progress"],
  ]);
  expect(demo.code).toBe(0);
  change = JSON.parse(readFileSync(join(dir, "demo", "ground-truth.json"), "utf8")).s3EndpointAdded;
}, 120_000);

const PERIODS = ["--before", "2026-11-18..2026-11-20", "--after", "2026-11-21..2026-11-23"];

describe("flowlens compare", () => {
  it("prints the headline naming the endpoint's new route, and the change between the periods", async () => {
    const result = await runCli(["compare", ...PERIODS, "--db", db]);
    expect(result.code).toBe(0);
    const lines = result.stdout.split("\n");
    expect(lines[0]).toBe(
      "Before 2026-11-18..2026-11-20 (3 days with data), after 2026-11-21..2026-11-23 (3 days with data), per day with data:",
    );
    expect(lines[1]).toMatch(
      new RegExp(
        `^S3 traffic through ${change.natGatewayId} fell from \\d+\\.\\d GiB/day \\(\\$\\d+\\.\\d\\d\\) to 0\\.0 GiB/day \\(\\$0\\.00\\) after ${change.vpcEndpointId} was added to ${change.routeTableIds[0]} on 2026-11-21\\.$`,
      ),
    );
    expect(result.stdout).toContain(
      `2026-11-21 00:00 UTC  route table ${change.routeTableIds[0]} now routes to ${change.vpcEndpointId} (com.amazonaws.us-east-1.s3)`,
    );
  });

  it("gives the same comparison as JSON with --json", async () => {
    const human = await runCli(["compare", ...PERIODS, "--db", db]);
    const { json } = await runCliJson<{ headline: string; numbers: { metric: string }[] }>([
      "compare",
      ...PERIODS,
      "--db",
      db,
    ]);
    expect(json.headline).toBe(human.stdout.split("\n")[1]);
    expect(json.numbers.map((n) => n.metric)).toContain("scans");
  });

  const refusals: [string, string, string, string][] = [
    [
      "a period that is not D or D1..D2",
      "2026-11-18...2026-11-20",
      "2026-11-21",
      "--before 2026-11-18...2026-11-20 is not a period: expected D or D1..D2",
    ],
    [
      "a period that ends before it begins",
      "2026-11-20..2026-11-18",
      "2026-11-21",
      "--before 2026-11-20..2026-11-18 ends before it begins",
    ],
    [
      "periods that overlap",
      "2026-11-18..2026-11-21",
      "2026-11-21",
      "--after 2026-11-21..2026-11-21 begins before --before 2026-11-18..2026-11-21 ends: expected the after period to begin on 2026-11-22 or later",
    ],
  ];
  for (const [what, before, after, sentence] of refusals) {
    it(`refuses ${what}, with exit code 2`, async () => {
      const result = await runCli(["compare", "--before", before, "--after", after, "--db", db]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`flowlens: ${sentence}`);
    });
  }

  it("shows an example in --help", async () => {
    const result = await runCli(["compare", "--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      "flowlens compare --before 2026-11-13..2026-11-19 --after 2026-11-21..2026-11-27",
    );
  });
});

describe("flowlens report --compare-before", () => {
  it('adds "Before and after" with the headline to the Markdown, HTML and JSON reports', async () => {
    const out = join(dir, "reports");
    const result = await runCli([
      ...[
        "report",
        "--from",
        "2026-11-21",
        "--to",
        "2026-11-23",
        "--compare-before",
        "2026-11-18..2026-11-20",
      ],
      ...["--out-dir", out, "--formats", "md,html,json", "--db", db],
    ]);
    expect(result.code).toBe(0);
    const folder = join(out, "2026-11-21_2026-11-23");
    const report = JSON.parse(readFileSync(join(folder, "report.json"), "utf8"));
    const headline: string = report.beforeAndAfter.headline;
    expect(headline).toContain(
      `after ${change.vpcEndpointId} was added to ${change.routeTableIds[0]} on 2026-11-21.`,
    );
    const markdown = readFileSync(join(folder, "report.md"), "utf8");
    expect(markdown).toContain("## Before and after");
    expect(markdown).toContain(
      "_Per day with data: 2026-11-18 to 2026-11-20 (3 days with data) against 2026-11-21 to 2026-11-23 (3 days with data)._",
    );
    expect(readFileSync(join(folder, "report.html"), "utf8")).toContain(`<p>${headline}</p>`);
  });

  it("leaves the section out of a report not asked for it", async () => {
    const out = join(dir, "plain");
    expect(
      (await runCli(["report", "--date", "2026-11-23", "--out-dir", out, "--formats", "json", "--db", db]))
        .code,
    ).toBe(0);
    expect(JSON.parse(readFileSync(join(out, "2026-11-23", "report.json"), "utf8"))).not.toHaveProperty(
      "beforeAndAfter",
    );
  });

  it("refuses an earlier period that overlaps the report's, before running any insight", async () => {
    const result = await runCli([
      "report",
      "--date",
      "2026-11-21",
      "--compare-before",
      "2026-11-20..2026-11-21",
      "--db",
      db,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "flowlens: the report's period 2026-11-21..2026-11-21 begins before --compare-before 2026-11-20..2026-11-21 ends: expected the after period to begin on 2026-11-22 or later",
    );
  });
});

describe("flowlens demo --s3-endpoint-added-on", () => {
  it("refuses a day outside the demo's days, naming the flag", async () => {
    const result = await runCli([
      ...["demo", "--date", "2026-11-23", "--days", "3", "--s3-endpoint-added-on", "2026-11-21"],
      ...["--out-dir", join(dir, "refused"), "--db", join(dir, "refused.duckdb")],
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "flowlens: --s3-endpoint-added-on 2026-11-21 is not within the demo's days: expected a day from 2026-11-22 to 2026-11-23, so that the days before it show S3 through the NAT gateway",
    );
  });
});
