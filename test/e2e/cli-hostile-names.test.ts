import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, runCliJson } from "../helpers/run-cli.js";
import { tempDir } from "../helpers/temp-dir.js";

const HOSTILE_NAME = "evil\n  failed: nothing is wrong\u001b[2K.log.gz";
const SHOWN_NAME = "evil\\n  failed: nothing is wrong\\x1b[2K.log.gz";

/** A folder holding one object whose name carries a newline, a forged "failed:" line and an ESC. */
function folderWithHostileName(dir: string): { logs: string; object: string } {
  const logs = join(dir, "in");
  mkdirSync(logs);
  const object = join(logs, HOSTILE_NAME);
  writeFileSync(object, "x");
  return { logs, object };
}

describe("flowlens prints file names with control characters escaped in human output", () => {
  it("shows the failed object on one line with its newline and ESC escaped in the ingest summary", async () => {
    const dir = tempDir();
    const { logs } = folderWithHostileName(dir);
    const { stdout } = await runCli(["ingest", logs, "--db", join(dir, "s.duckdb")]);
    expect(stdout).not.toContain("\u001b");
    expect(stdout.split("\n").filter((line) => line.includes("failed:"))).toEqual([
      `  failed: ${join(logs, SHOWN_NAME)} has no header line and its first record has 1 fields, but the log format has 14 — pass the flow log's format with --log-format '\${version} \${account-id} …'`,
    ]);
  });

  it("shows the failed object escaped in the stats tables", async () => {
    const dir = tempDir();
    const { logs } = folderWithHostileName(dir);
    const db = join(dir, "s.duckdb");
    await runCli(["ingest", logs, "--db", db]);
    const { stdout } = await runCli(["stats", "--db", db]);
    expect(stdout).not.toContain("\u001b");
    expect(stdout).toContain(join(logs, SHOWN_NAME));
  });

  it("keeps the exact name in --json output", async () => {
    const dir = tempDir();
    const { logs, object } = folderWithHostileName(dir);
    const { json } = await runCliJson<{ failures: { uri: string }[] }>([
      "ingest",
      logs,
      "--db",
      join(dir, "s.duckdb"),
    ]);
    expect(json.failures.map((f) => f.uri)).toEqual([object]);
  });
});
