import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeDefaultLog } from "../helpers/flow-log-files.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDir } from "../helpers/temp-dir.js";

const NOT_A_DAY = "is not a calendar day: expected YYYY-MM-DD — write the UTC day as e.g. 2024-03-01";

async function refused(args: string[]): Promise<string> {
  const result = await runCli([...args, "--db", join(tempDir(), "s.duckdb")]);
  expect(result.code).toBe(2);
  return result.stderr;
}

describe("day flags name the flag typed", () => {
  it("report --date", async () => {
    expect(await refused(["report", "--date", "2026-13-01"])).toBe(
      `flowlens: --date "2026-13-01" ${NOT_A_DAY}\n`,
    );
  });

  it("report --to given alone", async () => {
    expect(await refused(["report", "--to", "2026-02-30"])).toBe(
      `flowlens: --to "2026-02-30" ${NOT_A_DAY}\n`,
    );
  });

  it("report --from after --to", async () => {
    expect(await refused(["report", "--from", "2026-11-21", "--to", "2026-11-20"])).toBe(
      "flowlens: --from 2026-11-21 is after --to 2026-11-20 — swap the two days\n",
    );
  });

  it("ingest --from, before any S3 call", async () => {
    expect(await refused(["ingest", "s3://bucket/prefix", "--from", "20261120"])).toBe(
      `flowlens: --from "20261120" ${NOT_A_DAY}\n`,
    );
  });

  it("ingest --to before the default --from", async () => {
    expect(await refused(["ingest", "s3://bucket/prefix", "--to", "2020-01-01"])).toMatch(
      /^flowlens: --to 2020-01-01 is before \d{4}-\d{2}-\d{2}, the default of --from \(yesterday, UTC\) — give --from too\n$/,
    );
  });
});

describe("day flags take days from 2000-01-01 to 2099-12-31", () => {
  const OUT_OF_RANGE =
    "is out of range: expected a day from 2000-01-01 to 2099-12-31 — write the UTC day of the flow logs, e.g. 2024-03-01";

  it("report --date 0000-01-01 is a usage error naming the flag, not an insight failure", async () => {
    expect(await refused(["report", "--date", "0000-01-01"])).toBe(
      `flowlens: --date 0000-01-01 ${OUT_OF_RANGE}\n`,
    );
  });

  it("report --to past 2099 is a usage error naming the flag", async () => {
    expect(await refused(["report", "--from", "2099-12-31", "--to", "2100-01-01"])).toBe(
      `flowlens: --to 2100-01-01 ${OUT_OF_RANGE}\n`,
    );
  });

  it("ingest --from before 2000 is a usage error, before any S3 call", async () => {
    expect(await refused(["ingest", "s3://bucket/prefix", "--from", "1999-12-31"])).toBe(
      `flowlens: --from 1999-12-31 ${OUT_OF_RANGE}\n`,
    );
  });

  it("demo --date before 2000 is a usage error", async () => {
    expect(await refused(["demo", "--date", "1970-01-01", "--out-dir", join(tempDir(), "d")])).toBe(
      `flowlens: --date 1970-01-01 ${OUT_OF_RANGE}\n`,
    );
  });

  it("report --date 2000-01-01, the first day taken, writes a report", async () => {
    const dir = tempDir();
    const db = join(dir, "s.duckdb");
    writeDefaultLog(join(dir, "a.log.gz"), 2);
    expect((await runCli(["ingest", join(dir, "a.log.gz"), "--db", db])).code).toBe(0);
    const result = await runCli([
      "report",
      "--date",
      "2000-01-01",
      "--db",
      db,
      "--out-dir",
      dir,
      "--formats",
      "json",
    ]);
    expect(result.stderr).not.toContain("out of range");
    expect(result.code).toBe(0);
  });
});
