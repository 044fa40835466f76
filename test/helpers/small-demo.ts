/** A one-day demo of 3,000 records on 2026-11-30, ingested by the built CLI into `<dir>/demo.duckdb`. */
import { join } from "node:path";
import { expect } from "vitest";
import { runCli } from "./run-cli.js";

export async function smallDemoStore(dir: string): Promise<string> {
  const db = join(dir, "demo.duckdb");
  const args = ["demo", "--date", "2026-11-30", "--records-per-day", "3000", "--out-dir", join(dir, "demo")];
  expect((await runCli([...args, "--db", db, "--no-progress"])).code).toBe(0);
  return db;
}

/**
 * Six days of 3,000 records ending 2026-11-23 whose S3 gateway endpoint reaches the ETL subnet's route
 * table on 2026-11-21 (`flowlens demo --s3-endpoint-added-on`), ingested by the built CLI into
 * `<dir>/fix.duckdb`; `<dir>/fix/ground-truth.json` states the before and after.
 */
export async function endpointFixDemoStore(dir: string): Promise<string> {
  const db = join(dir, "fix.duckdb");
  const args = ["demo", "--date", "2026-11-23", "--days", "6", "--records-per-day", "3000"];
  const fix = [
    "--s3-endpoint-added-on",
    "2026-11-21",
    "--out-dir",
    join(dir, "fix"),
    "--db",
    db,
    "--no-progress",
  ];
  expect((await runCli([...args, ...fix])).code).toBe(0);
  return db;
}
