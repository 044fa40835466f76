import { join } from "node:path";
import { describe, expect, it } from "vitest";
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
