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
