import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { writeDefaultLog } from "../helpers/flow-log-files.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDir } from "../helpers/temp-dir.js";

const FILES = 60;
const RECORDS_PER_FILE = 5000;

/** The store agrees with itself: every row belongs to a loaded object, and each object's count is exact. */
async function checkConsistent(db: string): Promise<{ loadedObjects: number; rows: number }> {
  const store = await DuckDbStore.open(db);
  try {
    const [state] = await store.rows<{
      loaded: number;
      ledger_rows: number;
      rows: number;
      orphans: number;
      wrong: number;
    }>(`
      SELECT
        (SELECT count(*) FROM sources WHERE status = 'loaded') AS loaded,
        (SELECT coalesce(sum(row_count), 0) FROM sources WHERE status = 'loaded') AS ledger_rows,
        (SELECT count(*) FROM flows) AS rows,
        (SELECT count(*) FROM flows WHERE source_id NOT IN (SELECT source_id FROM sources WHERE status = 'loaded')) AS orphans,
        (SELECT count(*) FROM sources WHERE status = 'loaded' AND row_count <> ${RECORDS_PER_FILE}) AS wrong`);
    expect(state).toMatchObject({ orphans: 0, wrong: 0 });
    expect(state?.rows).toBe(state?.ledger_rows);
    return { loadedObjects: state?.loaded ?? 0, rows: state?.rows ?? 0 };
  } finally {
    store.close();
  }
}

describe("crash safety", () => {
  it("an ingest killed with SIGKILL at any moment leaves a consistent store, and re-running gives exact counts", async () => {
    const dir = tempDir();
    const logs = join(dir, "logs");
    const { mkdirSync } = await import("node:fs");
    mkdirSync(logs);
    for (let f = 0; f < FILES; f++)
      writeDefaultLog(
        join(logs, `f${String(f).padStart(3, "0")}.log.gz`),
        RECORDS_PER_FILE,
        f * RECORDS_PER_FILE,
      );
    const db = join(dir, "s.duckdb");
    const seen: number[] = [];
    for (const delayMs of [400, 700, 1100, 1500, 1900, 2400]) {
      const result = await runCli(["ingest", logs, "--db", db, "--batch-objects", "2"], {
        onSpawn: (child) => setTimeout(() => child.kill("SIGKILL"), delayMs),
      });
      const { loadedObjects, rows } = await checkConsistent(db);
      expect(rows).toBe(loadedObjects * RECORDS_PER_FILE);
      if (result.signal === "SIGKILL") seen.push(loadedObjects);
    }
    // At least one kill landed after some batches had committed and before the last one.
    expect(seen.some((n) => n > 0 && n < FILES)).toBe(true);
    const final = await runCli(["ingest", logs, "--db", db, "--json"]);
    expect(final.code).toBe(0);
    expect(await checkConsistent(db)).toEqual({ loadedObjects: FILES, rows: FILES * RECORDS_PER_FILE });
  });
});
