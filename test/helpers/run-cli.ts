/** Runs the built CLI (dist/cli/main.js) as a user would, in its own process. */
import { type ChildProcess, spawn } from "node:child_process";
import { resolve } from "node:path";

export const CLI = resolve(import.meta.dirname, "../../dist/cli/main.js");

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Run without root's power to read and write anything (util-linux's setpriv drops every capability), so
   * that file permissions apply as they do to a user; a no-op when the tests do not run as root.
   */
  readonly withoutRootPowers?: boolean;
  /** Called once the process has started, e.g. to kill it. */
  readonly onSpawn?: (child: ChildProcess) => void;
}

export function runCli(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const command = [process.execPath, CLI, ...args];
    if (options.withoutRootPowers && process.getuid?.() === 0) {
      command.unshift("setpriv", "--inh-caps=-all", "--bounding-set=-all", "--");
    }
    const [file = process.execPath, ...rest] = command;
    const child = spawn(file, rest, {
      cwd: options.cwd,
      env: { ...process.env, FLOWLENS_DB: undefined, FLOWLENS_CONFIG: undefined, ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code, signal) => resolvePromise({ code, signal, stdout, stderr }));
    options.onSpawn?.(child);
  });
}

/** Runs the CLI with --json and parses its stdout. */
export async function runCliJson<T = unknown>(args: readonly string[], options: RunOptions = {}) {
  const result = await runCli([...args, "--json"], options);
  let json: T;
  try {
    json = JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(`not JSON (exit ${result.code}): ${result.stdout}\n${result.stderr}`);
  }
  return { ...result, json };
}
