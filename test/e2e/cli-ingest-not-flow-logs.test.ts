import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_HEADER, defaultRecord, writeDefaultLog } from "../helpers/flow-log-files.js";
import { runCli, runCliJson } from "../helpers/run-cli.js";
import { tempDir } from "../helpers/temp-dir.js";

interface Summary {
  objectsLoaded: number;
  objectsFailed: number;
  rowsLoaded: number;
  failures: { uri: string; error: string }[];
}

describe("flowlens ingest refuses objects that are not flow logs and loads the rest", () => {
  it("records zero-byte .gz and .parquet objects as failed with a sentence and exits 1", async () => {
    const dir = tempDir();
    writeDefaultLog(join(dir, "good.log.gz"), 10);
    writeFileSync(join(dir, "empty.log.gz"), "");
    writeFileSync(join(dir, "empty.parquet"), "");
    const db = join(dir, "s.duckdb");
    const { code, json } = await runCliJson<Summary>(["ingest", dir, "--db", db]);
    expect(code).toBe(1);
    expect(json).toMatchObject({ objectsLoaded: 1, objectsFailed: 2, rowsLoaded: 10 });
    expect(json.failures.map((f) => f.error)).toEqual([
      `${join(dir, "empty.log.gz")} is empty (0 bytes): not a gzip stream — the object was cut off when it was written or copied; write it again from its source, or remove it`,
      `${join(dir, "empty.parquet")} is empty (0 bytes): not a Parquet file — the object was cut off when it was written or copied; write it again from its source, or remove it`,
    ]);
    const ledger = await runCliJson(["query", "SELECT status FROM sources ORDER BY uri", "--db", db]);
    expect(ledger.json).toEqual([{ status: "failed" }, { status: "failed" }, { status: "loaded" }]);
  });

  it("loads a zero-byte .log as an object with no records", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "empty.log"), "");
    const { code, json } = await runCliJson<Summary>(["ingest", dir, "--db", join(dir, "s.duckdb")]);
    expect(code).toBe(0);
    expect(json).toMatchObject({ objectsLoaded: 1, objectsFailed: 0, rowsLoaded: 0 });
  });

  it("says a zip file is a zip archive, not that --log-format is missing", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "logs.log"), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0]));
    const { code, json } = await runCliJson<Summary>(["ingest", dir, "--db", join(dir, "s.duckdb")]);
    expect(code).toBe(1);
    expect(json.failures[0]?.error).toBe(
      `${join(dir, "logs.log")} is not a flow log: it holds a zip archive — extract the flow log files from it and ingest those`,
    );
  });

  it("names the object whose header line names a field twice in the summary", async () => {
    const dir = tempDir();
    const object = join(dir, "dup.log");
    writeFileSync(object, `${DEFAULT_HEADER} bytes\n${defaultRecord(0)} 5\n`);
    const { code, stdout } = await runCli(["ingest", object, "--db", join(dir, "s.duckdb")]);
    expect(code).toBe(1);
    expect(stdout).toContain(
      `  failed: ${object} has a header line that cannot be used: the log format names the field "bytes" twice`,
    );
  });
});
