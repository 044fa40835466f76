import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeDefaultLog } from "../helpers/flow-log-files.js";
import { runCli, runCliJson } from "../helpers/run-cli.js";
import { tempDir } from "../helpers/temp-dir.js";

function estate(dir: string): string {
  const day = join(dir, "AWSLogs/111111111111/vpcflowlogs/us-east-1/2025/11/20");
  mkdirSync(day, { recursive: true });
  writeDefaultLog(
    join(day, "111111111111_vpcflowlogs_us-east-1_fl-0abc_20251120T0005Z_1a2b3c4d.log.gz"),
    300,
  );
  writeDefaultLog(
    join(day, "111111111111_vpcflowlogs_us-east-1_fl-0abc_20251120T0010Z_5e6f7a8b.log.gz"),
    200,
    300,
  );
  return join(dir, "AWSLogs");
}

describe("flowlens ingest (files) through the CLI", () => {
  it("loads a directory in the S3 key layout and reports the counts as JSON", async () => {
    const dir = tempDir();
    const { code, json } = await runCliJson(["ingest", estate(dir), "--db", join(dir, "s.duckdb")]);
    expect(code).toBe(0);
    expect(json).toMatchObject({
      objectsSeen: 2,
      objectsLoaded: 2,
      objectsSkipped: 0,
      objectsFailed: 0,
      rowsLoaded: 500,
    });
  });

  it("takes account, region and date from the key into the ledger", async () => {
    const dir = tempDir();
    const db = join(dir, "s.duckdb");
    await runCli(["ingest", estate(dir), "--db", db]);
    const { json } = await runCliJson([
      "query",
      "SELECT DISTINCT account_id, region, key_date FROM sources",
      "--db",
      db,
    ]);
    expect(json).toEqual([{ account_id: "111111111111", region: "us-east-1", key_date: "2025-11-20" }]);
  });

  it("a second run loads nothing and says the objects were unchanged", async () => {
    const dir = tempDir();
    const db = join(dir, "s.duckdb");
    const logs = estate(dir);
    await runCli(["ingest", logs, "--db", db]);
    const again = await runCli(["ingest", logs, "--db", db]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("Loaded 0 records from 0 object(s)");
    expect(again.stdout).toContain("2 unchanged object(s) skipped");
    const { json } = await runCliJson(["query", "SELECT count(*) AS n FROM flows", "--db", db]);
    expect(json).toEqual([{ n: 500 }]);
  });

  it("FLOWLENS_DB chooses the store when --db is absent", async () => {
    const dir = tempDir();
    const db = join(dir, "env.duckdb");
    const result = await runCli(["ingest", estate(dir)], { env: { FLOWLENS_DB: db } });
    expect(result.code).toBe(0);
    const { json } = await runCliJson(["query", "SELECT count(*) AS n FROM flows", "--db", db]);
    expect(json).toEqual([{ n: 500 }]);
  });

  it("query prints CSV and JSON as asked", async () => {
    const dir = tempDir();
    const db = join(dir, "s.duckdb");
    await runCli(["ingest", estate(dir), "--db", db]);
    const sql = "SELECT dstport, count(*) AS n, 'a,b' AS label FROM flows GROUP BY dstport";
    const csv = await runCli(["query", sql, "--output", "csv", "--db", db]);
    expect(csv.stdout).toBe('dstport,n,label\n443,500,"a,b"\n');
    const json = await runCli(["query", sql, "--output", "json", "--db", db]);
    expect(JSON.parse(json.stdout)).toEqual([{ dstport: 443, n: 500, label: "a,b" }]);
  });

  it("stats shows rows per day and account, the ledger and the quarantine", async () => {
    const dir = tempDir();
    const db = join(dir, "s.duckdb");
    await runCli(["ingest", estate(dir), "--db", db]);
    const { json } = await runCliJson<Record<string, unknown>>(["stats", "--db", db]);
    expect(json).toMatchObject({
      totals: { records: 500, days: 1 },
      byAccount: [{ account_id: "111111111111", records: 500 }],
      ledger: [{ status: "loaded", objects: 2, rows: 500, rejected_lines: 0 }],
      quarantine: { lines: 0 },
    });
    const text = await runCli(["stats", "--db", db]);
    expect(text.stdout).toContain("Rows per day");
    expect(text.stdout).toContain("Quarantined lines: 0");
  });
});
