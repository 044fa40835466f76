import { writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { writeDefaultLog } from "../helpers/flow-log-files.js";
import { CLI, runCli, runCliJson } from "../helpers/run-cli.js";
import { tempDir } from "../helpers/temp-dir.js";
import { startWatched } from "../helpers/watched-process.js";

const NOT_A_SIZE =
  "expected a memory size such as 512MB, 1GB or 2GiB (a number and KB, MB, GB, TB, KiB, MiB, GiB or TiB)";
const CORES = availableParallelism();
const THREADS_EXPECTED = `expected a whole number of threads from 1 to ${4 * CORES} (4 × this machine's ${CORES} cores)`;

describe("CLI errors and exit codes", () => {
  it("names a corrupt gzip file, loads the others and exits 1", async () => {
    const dir = tempDir();
    writeDefaultLog(join(dir, "good.log.gz"), 10);
    writeFileSync(join(dir, "bad.log.gz"), Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3]));
    const result = await runCli(["ingest", dir, "--db", join(dir, "s.duckdb")]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("Loaded 10 records from 1 object(s)");
    expect(result.stdout).toContain(`failed: cannot read ${join(dir, "bad.log.gz")}`);
    expect(result.stderr).toContain(
      "1 object(s) could not be read — the others were loaded; fix or remove the objects named above and run the same command again",
    );
  });

  it("names a corrupt Parquet file", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "x.parquet"), "PAR1 this is not really parquet");
    const { code, json } = await runCliJson<{ failures: { uri: string; error: string }[] }>([
      "ingest",
      dir,
      "--db",
      join(dir, "s.duckdb"),
    ]);
    expect(code).toBe(1);
    expect(json.failures[0]?.uri).toBe(join(dir, "x.parquet"));
    expect(json.failures[0]?.error).toMatch(/^cannot read .*x\.parquet: /);
  });

  it("says a missing path does not exist and exits 1", async () => {
    const dir = tempDir();
    const result = await runCli(["ingest", join(dir, "nope"), "--db", join(dir, "s.duckdb")]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `flowlens: ${join(dir, "nope")} does not exist — give a flow log file, a directory of them, a glob or an s3:// location\n`,
    );
  });

  it("--from on local paths is refused: it selects the days of remote sources", async () => {
    const dir = tempDir();
    writeDefaultLog(join(dir, "a.log.gz"), 1);
    const result = await runCli(["ingest", dir, "--from", "2026-11-20", "--db", join(dir, "s.duckdb")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "flowlens: --from selects the days or regions of s3:// and cloudwatch:// sources, and none was given — local paths are read whole; name the files or folders of the days you want\n",
    );
  });

  it("a folder without flow log files is an error, and no store is created", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "notes.md"), "hello");
    const db = join(dir, "s.duckdb");
    const result = await runCli(["ingest", dir, "--db", db]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${dir} holds no flow log files`);
    const { existsSync } = await import("node:fs");
    expect(existsSync(db)).toBe(false);
  });

  it("exits 2 on a usage error", async () => {
    const result = await runCli(["ingest"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("missing required argument 'sources'");
  });

  it("--json reports a command line that does not parse as {error, code} and exits 2", async () => {
    const { code, json, stderr } = await runCliJson(["ingest"]);
    expect(code).toBe(2);
    expect(json).toEqual({ error: "missing required argument 'sources'", code: "FLOWLENS_USAGE" });
    expect(stderr).toBe("");
  });

  it("a --threads that is not a whole number is a usage error naming --threads", async () => {
    const dir = tempDir();
    const result = await runCli(["stats", "--threads", "many", "--db", join(dir, "s.duckdb")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`flowlens: --threads: ${THREADS_EXPECTED}, got "many"\n`);
  });

  it("a --threads far above the cores is a usage error, before DuckDB starts them", async () => {
    const dir = tempDir();
    const result = await runCli(["stats", "--threads", "100000", "--db", join(dir, "s.duckdb")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`flowlens: --threads: ${THREADS_EXPECTED}, got "100000"\n`);
  });

  it("FLOWLENS_THREADS is named when it is wrong", async () => {
    const dir = tempDir();
    const result = await runCli(["stats", "--db", join(dir, "s.duckdb")], { env: { FLOWLENS_THREADS: "0" } });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`flowlens: FLOWLENS_THREADS: ${THREADS_EXPECTED}, got "0"\n`);
  });

  it("--threads and FLOWLENS_THREADS read plain digits only: no hex, binary, octal, sign or fraction", async () => {
    const dir = tempDir();
    for (const value of ["0x4", "0b11", "0o7", "4.0", "+4", "1e0"]) {
      const flag = await runCli(["stats", "--threads", value, "--db", join(dir, "s.duckdb")]);
      expect(flag.code, value).toBe(2);
      expect(flag.stderr).toBe(`flowlens: --threads: ${THREADS_EXPECTED}, got "${value}"\n`);
      const env = await runCli(["stats", "--db", join(dir, "s.duckdb")], {
        env: { FLOWLENS_THREADS: value },
      });
      expect(env.code, value).toBe(2);
      expect(env.stderr).toBe(`flowlens: FLOWLENS_THREADS: ${THREADS_EXPECTED}, got "${value}"\n`);
    }
  });

  it("a FLOWLENS_THREADS set to nothing or only spaces counts as unset", async () => {
    const dir = tempDir();
    writeDefaultLog(join(dir, "a.log.gz"), 2);
    expect((await runCli(["ingest", join(dir, "a.log.gz"), "--db", join(dir, "s.duckdb")])).code).toBe(0);
    for (const value of ["", " ", "\t"]) {
      const result = await runCli(["stats", "--db", join(dir, "s.duckdb")], {
        env: { FLOWLENS_THREADS: value },
      });
      expect(result.stderr, JSON.stringify(value)).toBe("");
      expect(result.code).toBe(0);
    }
  });

  it("a --memory-limit that is not a size is a usage error naming --memory-limit, not the store", async () => {
    const dir = tempDir();
    const result = await runCli(["stats", "--memory-limit", "banana", "--db", join(dir, "s.duckdb")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`flowlens: --memory-limit: ${NOT_A_SIZE}, got "banana"\n`);
  });

  it("a --memory-limit of 0 is a usage error naming --memory-limit", async () => {
    const dir = tempDir();
    const { code, json } = await runCliJson(["stats", "--memory-limit", "0", "--db", join(dir, "s.duckdb")]);
    expect(code).toBe(2);
    expect(json).toEqual({
      error: `--memory-limit: ${NOT_A_SIZE}, got "0"`,
      code: "FLOWLENS_CONFIG_INVALID",
    });
  });

  it("FLOWLENS_MEMORY_LIMIT is named when it is wrong", async () => {
    const dir = tempDir();
    const result = await runCli(["stats", "--db", join(dir, "s.duckdb")], {
      env: { FLOWLENS_MEMORY_LIMIT: "2 gigs" },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`flowlens: FLOWLENS_MEMORY_LIMIT: ${NOT_A_SIZE}, got "2 gigs"\n`);
  });

  it("deliver without a written report names the report command that writes where it looks", async () => {
    const dir = tempDir();
    const result = await runCli(["deliver", "--date", "2026-11-20", "--db", join(dir, "s.duckdb")], {
      cwd: dir,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `flowlens: no report for 2026-11-20 in ${join(dir, "flowlens-report", "2026-11-20")} — run flowlens daily --date 2026-11-20 (or flowlens report --date 2026-11-20 --out-dir ${join(dir, "flowlens-report")}) first\n`,
    );
  });

  it("--json errors are {error, code}", async () => {
    const dir = tempDir();
    const { code, json } = await runCliJson(["query", "SELECT 1", "--db", join(dir, "missing.duckdb")]);
    expect(code).toBe(1);
    expect(json).toEqual({
      error: `store ${join(dir, "missing.duckdb")} does not exist — ingest some flow logs first (flowlens ingest …, or flowlens demo), or pass --db`,
      code: "FLOWLENS_STORE_OPEN_FAILED",
    });
  });

  it("explains SQL that DuckDB refuses", async () => {
    const dir = tempDir();
    const db = join(dir, "s.duckdb");
    writeDefaultLog(join(dir, "a.log.gz"), 1);
    await runCli(["ingest", dir, "--db", db]);
    const result = await runCli(["query", "SELECT nope FROM flows", "--db", db]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^flowlens: the query failed: Binder Error: .*nope/);
    expect(result.stderr).toContain('`flowlens query "DESCRIBE flows"` lists the columns');
  });

  it("a headerless file in another format asks for --log-format", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "export.log"), "2 eni-1 10.0.0.1\n");
    const { json } = await runCliJson<{ failures: { error: string }[] }>([
      "ingest",
      dir,
      "--db",
      join(dir, "s.duckdb"),
    ]);
    expect(json.failures[0]?.error).toBe(
      `${join(dir, "export.log")} has no header line and its first record has 3 fields, but the log format has 14 — pass the flow log's format with --log-format '\${version} \${account-id} …'`,
    );
  });

  it("a second writer that may not wait gets 'store is locked by PID', not corruption", async () => {
    const dir = tempDir();
    const db = join(dir, "s.duckdb");
    writeDefaultLog(join(dir, "a.log.gz"), 5);
    const holder = await DuckDbStore.open(db);
    try {
      const result = await runCli(["ingest", dir, "--db", db], {
        env: { FLOWLENS_STORE_LOCK_WAIT_SECONDS: "0" },
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`flowlens: store ${db} is locked by PID ${process.pid}`);
      expect(result.stderr).toContain(
        "wait for that process to finish, or stop it, then run the command again",
      );
    } finally {
      holder.close();
    }
    expect((await runCli(["ingest", dir, "--db", db])).code).toBe(0);
  });

  it("a second writer waits while another process holds the store, then runs", async () => {
    const dir = tempDir();
    const db = join(dir, "s.duckdb");
    writeDefaultLog(join(dir, "a.log.gz"), 5);
    const holder = await DuckDbStore.open(db);
    const ingest = startWatched([CLI, "ingest", dir, "--db", db, "--no-progress"]);
    try {
      await ingest.waitFor(/waiting/);
    } finally {
      holder.close();
    }
    expect(await ingest.exit).toBe(0);
    expect(ingest.output()).toMatch(
      new RegExp(
        `^flowlens: waiting up to 30 s: store ${db} is locked by PID ${process.pid} \\(.*\\)\nLoaded 5 records`,
      ),
    );
  });
});
