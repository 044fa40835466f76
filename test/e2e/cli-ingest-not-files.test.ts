import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, symlinkSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { writeDefaultLog } from "../helpers/flow-log-files.js";
import { CLI, type RunOptions, runCliJson } from "../helpers/run-cli.js";
import { tempDir } from "../helpers/temp-dir.js";

interface Summary {
  objectsLoaded: number;
  objectsFailed: number;
  rowsLoaded: number;
  failures: { uri: string; error: string }[];
}

/** A folder with one 10-record object and a FIFO named like a flow log. */
function folderWithFifo(dir: string): { logs: string; fifo: string } {
  const logs = join(dir, "in");
  mkdirSync(logs);
  writeDefaultLog(join(logs, "a.log"), 10);
  const fifo = join(logs, "fifo.log");
  spawnSync("mkfifo", [fifo]);
  return { logs, fifo };
}

/** Ends the CLI when the test does, so one that waits on a FIFO before the fix cannot outlive it. */
const killedAtEnd: RunOptions = {
  onSpawn: (child) => onTestFinished(() => void child.kill("SIGKILL")),
};

const FIFO_FAILURE = (path: string) =>
  `${path} is a FIFO (named pipe), not a file: only regular files are read as flow logs`;

describe("flowlens ingest names every path that is not a regular file and never opens it", {
  timeout: 30_000,
}, () => {
  it("fails a FIFO named on the command line instead of waiting for a writer", async () => {
    const dir = tempDir();
    const { fifo } = folderWithFifo(dir);
    const { code, json } = await runCliJson<Summary>(
      ["ingest", fifo, "--db", join(dir, "s.duckdb")],
      killedAtEnd,
    );
    expect(code).toBe(1);
    expect(json.failures).toEqual([{ uri: fifo, error: FIFO_FAILURE(fifo) }]);
  });

  it("names a FIFO found under a directory and loads the rest", async () => {
    const dir = tempDir();
    const { logs, fifo } = folderWithFifo(dir);
    const { code, json } = await runCliJson<Summary>(
      ["ingest", logs, "--db", join(dir, "s.duckdb")],
      killedAtEnd,
    );
    expect(code).toBe(1);
    expect(json).toMatchObject({ objectsLoaded: 1, objectsFailed: 1, rowsLoaded: 10 });
    expect(json.failures).toEqual([{ uri: fifo, error: FIFO_FAILURE(fifo) }]);
  });

  it("names a FIFO a glob matches", async () => {
    const dir = tempDir();
    const { logs, fifo } = folderWithFifo(dir);
    const { json } = await runCliJson<Summary>(
      ["ingest", `${logs}/*.log`, "--db", join(dir, "s.duckdb")],
      killedAtEnd,
    );
    expect(json).toMatchObject({ objectsLoaded: 1, objectsFailed: 1 });
    expect(json.failures).toEqual([{ uri: fifo, error: FIFO_FAILURE(fifo) }]);
  });

  it("names a socket under a directory", async () => {
    const dir = tempDir();
    const logs = join(dir, "in");
    mkdirSync(logs);
    writeDefaultLog(join(logs, "a.log"), 10);
    const socket = join(logs, "agent.log");
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const { json } = await runCliJson<Summary>(["ingest", logs, "--db", join(dir, "s.duckdb")]);
    expect(json.failures).toEqual([
      { uri: socket, error: `${socket} is a socket, not a file: only regular files are read as flow logs` },
    ]);
  });

  it("names a link to a device with the device it leads to", async () => {
    const dir = tempDir();
    const link = join(dir, "zero.log");
    symlinkSync("/dev/zero", link);
    const { code, json } = await runCliJson<Summary>(["ingest", link, "--db", join(dir, "s.duckdb")]);
    expect(code).toBe(1);
    expect(json.failures).toEqual([
      {
        uri: link,
        error: `${link} is a character device, not a file (it leads to /dev/zero): only regular files are read as flow logs`,
      },
    ]);
  });

  it("says a process substitution is a pipe that cannot be read as an object", async () => {
    const dir = tempDir();
    const object = join(dir, "a.log");
    writeDefaultLog(object, 10);
    const script = `exec "${process.execPath}" "${CLI}" ingest <(cat "$1") --db "$2" --json`;
    const child = spawn("bash", ["-c", script, "bash", object, join(dir, "s.duckdb")]);
    onTestFinished(() => void child.kill("SIGKILL"));
    let stdout = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code).toBe(1);
    const [failure] = (JSON.parse(stdout) as Summary).failures;
    expect(failure?.error).toMatch(
      /^\/dev\/fd\/\d+ is a pipe \(as the shell's <\(…\) process substitution passes\), not a file: a pipe cannot be read as an object; write the output to a file and ingest that file$/,
    );
  });
});
