import { accessSync, chmodSync, constants, linkSync, mkdirSync, realpathSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { writeDefaultLog } from "../helpers/flow-log-files.js";
import { runCli, runCliJson } from "../helpers/run-cli.js";
import { tempDir } from "../helpers/temp-dir.js";

interface Summary {
  objectsSeen: number;
  objectsLoaded: number;
  objectsFailed: number;
  rowsLoaded: number;
  failures: { uri: string; error: string }[];
}

/** A folder holding one 10-record object, and the object's path. */
function folderWithOneObject(dir: string): { logs: string; object: string } {
  const logs = join(dir, "logs");
  mkdirSync(join(logs, "sub"), { recursive: true });
  const object = join(logs, "a.log.gz");
  writeDefaultLog(object, 10);
  return { logs, object };
}

async function rowsIn(db: string): Promise<number> {
  const { json } = await runCliJson<{ n: number }[]>([
    "query",
    "SELECT count(*) AS n FROM flows",
    "--db",
    db,
  ]);
  return json[0]?.n ?? -1;
}

describe("flowlens ingest follows symbolic links and loads each file once", () => {
  it("loads a file reached through a link loop, a second link and a hard link once", async () => {
    const dir = tempDir();
    const { logs, object } = folderWithOneObject(dir);
    symlinkSync("..", join(logs, "sub", "loop"));
    symlinkSync(object, join(logs, "sub", "same.log.gz"));
    linkSync(object, join(logs, "hard.log.gz"));
    const db = join(dir, "s.duckdb");
    const { code, json } = await runCliJson<Summary>(["ingest", logs, "--db", db]);
    expect(code).toBe(0);
    expect(json).toMatchObject({ objectsSeen: 1, objectsLoaded: 1, objectsFailed: 0, rowsLoaded: 10 });
    expect(await rowsIn(db)).toBe(10);
  });

  it("loads a link to a file outside the directory as one object, also when the file is named too", async () => {
    const dir = tempDir();
    const outside = join(dir, "elsewhere.log.gz");
    writeDefaultLog(outside, 10);
    const logs = join(dir, "logs");
    mkdirSync(logs);
    symlinkSync(outside, join(logs, "linked.log.gz"));
    const db = join(dir, "s.duckdb");
    const { json } = await runCliJson<Summary>(["ingest", logs, outside, "--db", db]);
    expect(json).toMatchObject({ objectsSeen: 1, objectsLoaded: 1, rowsLoaded: 10 });
  });

  it("reads an explicitly named file that is a symbolic link", async () => {
    const dir = tempDir();
    const { object } = folderWithOneObject(dir);
    const link = join(dir, "latest.log.gz");
    symlinkSync(object, link);
    const db = join(dir, "s.duckdb");
    const { code, json } = await runCliJson<Summary>(["ingest", link, "--db", db]);
    expect(code).toBe(0);
    expect(json).toMatchObject({ objectsLoaded: 1, rowsLoaded: 10 });
  });

  it("records the real path in the ledger, so a later run through a link finds the object unchanged", async () => {
    const dir = tempDir();
    const { logs, object } = folderWithOneObject(dir);
    const link = join(dir, "latest.log.gz");
    symlinkSync(object, link);
    const db = join(dir, "s.duckdb");
    await runCli(["ingest", logs, "--db", db]);
    const again = await runCliJson<Summary & { objectsSkipped: number }>(["ingest", link, "--db", db]);
    expect(again.json).toMatchObject({ objectsLoaded: 0, objectsSkipped: 1 });
    const { json } = await runCliJson(["query", "SELECT uri FROM sources", "--db", db]);
    expect(json).toEqual([{ uri: realpathSync(object) }]);
  });

  it("loads each file a glob reaches through a link loop once", async () => {
    const dir = tempDir();
    const { logs } = folderWithOneObject(dir);
    symlinkSync("..", join(logs, "sub", "loop"));
    const { json } = await runCliJson<Summary>([
      "ingest",
      `${logs}/**/*.log.gz`,
      "--db",
      join(dir, "s.duckdb"),
    ]);
    expect(json).toMatchObject({ objectsSeen: 1, rowsLoaded: 10 });
  });
});

describe("flowlens ingest names the paths under a directory it cannot read", () => {
  it("names a dangling link to a folder, loads the rest and exits 1", async () => {
    const dir = tempDir();
    const { logs } = folderWithOneObject(dir);
    const gone = join(logs, "2025-11");
    symlinkSync(join(dir, "unmounted-volume"), gone);
    const { code, stdout, stderr } = await runCli(["ingest", logs, "--db", join(dir, "s.duckdb")]);
    expect(code).toBe(1);
    expect(stdout).toContain("Loaded 10 records from 1 object(s)");
    expect(stdout).toContain("; 1 failed.");
    expect(stdout).toContain(
      `failed: cannot follow symbolic link ${gone}: its target does not exist (ENOENT)`,
    );
    expect(stderr).toContain("1 object(s) could not be read");
  });

  it("names a link that leads to itself", async () => {
    const dir = tempDir();
    const { logs } = folderWithOneObject(dir);
    const self = join(logs, "sub", "self");
    symlinkSync("self", self);
    const { code, json } = await runCliJson<Summary>(["ingest", logs, "--db", join(dir, "s.duckdb")]);
    expect(code).toBe(1);
    expect(json.failures).toEqual([
      {
        uri: self,
        error: `cannot follow symbolic link ${self}: too many levels of symbolic links (a link loop) (ELOOP)`,
      },
    ]);
  });

  it("names a broken link reached again through a loop once", async () => {
    const dir = tempDir();
    const { logs } = folderWithOneObject(dir);
    symlinkSync("..", join(logs, "sub", "loop"));
    symlinkSync(join(dir, "nowhere"), join(logs, "gone"));
    const { json } = await runCliJson<Summary>(["ingest", logs, "--db", join(dir, "s.duckdb")]);
    expect(json.failures.map((f) => f.uri)).toEqual([join(logs, "gone")]);
  });

  it("names a directory without read permission and exits 1", async (context) => {
    const dir = tempDir();
    const { logs } = folderWithOneObject(dir);
    const locked = join(logs, "locked");
    mkdirSync(locked);
    writeDefaultLog(join(locked, "b.log.gz"), 5);
    chmodSync(locked, 0o000);
    onTestFinished(() => chmodSync(locked, 0o755));
    // Root reads a mode-000 folder: as root, the CLI runs without root's capabilities.
    if (process.getuid?.() !== 0 && canRead(locked))
      context.skip("this process can read a mode-000 directory");
    const { code, json } = await runCliJson<Summary>(["ingest", logs, "--db", join(dir, "s.duckdb")], {
      withoutRootPowers: true,
    });
    expect(code).toBe(1);
    expect(json).toMatchObject({ objectsLoaded: 1, objectsFailed: 1, rowsLoaded: 10 });
    expect(json.failures).toEqual([
      { uri: locked, error: `cannot read directory ${locked}: permission denied (EACCES)` },
    ]);
  });
});

function canRead(path: string): boolean {
  try {
    accessSync(path, constants.R_OK | constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
