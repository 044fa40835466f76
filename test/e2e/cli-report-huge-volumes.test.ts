import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { DEFAULT_HEADER } from "../helpers/flow-log-files.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDir } from "../helpers/temp-dir.js";

describe("a day whose bytes add up beyond 64 bits", () => {
  it("is reported: 9,000 records of 2^50 bytes each (the most a record may hold) overflow no sum", async () => {
    const dir = tempDir();
    const start = Date.UTC(2026, 10, 20, 10) / 1000;
    const lines = Array.from(
      { length: 9000 },
      (_, i) =>
        `2 111111111111 eni-0a${i % 3} 10.0.1.${i % 200} 52.216.8.${i % 100} ${40000 + i} 443 6 1000 ${2 ** 50} ${start + i} ${start + i + 60} ACCEPT OK`,
    );
    writeFileSync(join(dir, "huge.log.gz"), gzipSync(`${DEFAULT_HEADER}\n${lines.join("\n")}\n`));
    const db = join(dir, "s.duckdb");
    expect((await runCli(["ingest", join(dir, "huge.log.gz"), "--db", db])).code).toBe(0);
    const report = await runCli([
      "report",
      "--date",
      "2026-11-20",
      "--out-dir",
      join(dir, "out"),
      "--formats",
      "json",
      "--db",
      db,
    ]);
    expect(report.stderr).toBe("");
    expect(report.code).toBe(0);
    const json = JSON.parse(readFileSync(join(dir, "out", "2026-11-20", "report.json"), "utf8"));
    const overview = json.insights.find((i: { id: string }) => i.id === "overview");
    // 9,000 × 2^50 = 1.0133e19, past 2^63 (9.22e18); the report gives it as a number, to 15 digits.
    expect(overview.findings[0].numbers.bytes).toBeCloseTo(9000 * 2 ** 50, -5);
  });
});
