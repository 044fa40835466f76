/**
 * Rollups are partial sums: each load adds its own rows' sums to the days it touched. A day loaded in many
 * small batches must report exactly what it reports when loaded at once.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, runCliJson } from "../helpers/run-cli.js";
import { smallDemoStore } from "../helpers/small-demo.js";
import { tempDir } from "../helpers/temp-dir.js";

const DAY = "2026-11-30";

async function reportOf(dir: string, db: string): Promise<unknown> {
  const out = join(dir, `report-of-${db.split("/").at(-1)}`);
  expect((await runCli(["report", "--date", DAY, "--out-dir", out, "--db", db])).code).toBe(0);
  return JSON.parse(readFileSync(join(out, DAY, "report.json"), "utf8"));
}

const rollupRows = async (db: string) =>
  (await runCliJson<{ n: number }[]>(["query", "SELECT count(*)::INTEGER AS n FROM flow_rollup", "--db", db]))
    .json[0]?.n ?? 0;

describe("a day loaded in many batches", () => {
  it("reports exactly what the day loaded at once reports", async () => {
    const dir = tempDir();
    const whole = await smallDemoStore(dir);
    const parts = join(dir, "parts.duckdb");
    const ingest = await runCli([
      "ingest",
      join(dir, "demo"),
      "--batch-objects",
      "40",
      "--db",
      parts,
      "--no-progress",
    ]);
    expect(ingest.code).toBe(0);
    const inventory = ["inventory", "import", join(dir, "demo", "inventory.json"), "--db", parts];
    expect((await runCli(inventory)).code).toBe(0);
    // Not a vacuous comparison: the batches left groups summed in more than one row.
    expect(await rollupRows(parts)).toBeGreaterThan(await rollupRows(whole));
    expect(await reportOf(dir, parts)).toEqual(await reportOf(dir, whole));
  });
});
