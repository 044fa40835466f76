/**
 * The container image's /app without a container engine: scripts/assemble-image.sh (the script the
 * Dockerfile runs) into a folder, and its `flowlens` run as the image runs it — by name from PATH, in a
 * fresh working directory with its own HOME, with an environment holding nothing but what is given.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";

export const ASSEMBLE_SCRIPT = resolve(import.meta.dirname, "../../scripts/assemble-image.sh");

/** Assembles the image's /app into `dir` (new or empty). Needs dist/ built and the npm registry. */
export async function assembleImage(dir: string): Promise<void> {
  await promisify(execFile)("bash", [ASSEMBLE_SCRIPT, dir], { maxBuffer: 16 * 1024 * 1024 });
}

export interface AppResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A running process of the assembled app whose output a test can wait on. */
export interface AppProcess {
  readonly child: ChildProcess;
  readonly output: () => string;
  /** Resolves once the output matches; rejects when the process exits first. */
  waitFor(pattern: RegExp): Promise<void>;
  readonly exit: Promise<AppResult>;
}

/**
 * Everything the image's processes see besides what `env` adds: PATH (the app's bin/, this machine's node,
 * the system's), HOME. Nothing of the test runner's environment (no FLOWLENS_*, AWS_*, NODE_*).
 */
function imageEnv(app: string, workDir: string, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const home = join(workDir, ".home");
  mkdirSync(home, { recursive: true });
  const path = [join(app, "bin"), dirname(process.execPath), "/usr/local/bin", "/usr/bin", "/bin"];
  return { PATH: path.join(":"), HOME: home, ...env };
}

/** Starts `command args` as a process of the image (command `flowlens` or `node`), in `workDir`. */
export function startInImage(
  app: string,
  workDir: string,
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): AppProcess {
  const child = spawn(command, args, {
    cwd: workDir,
    env: imageEnv(app, workDir, env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  const output = () => `${stdout}${stderr}`;
  const onData = () => {
    for (const w of waiters.filter((w) => w.pattern.test(output()))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  };
  child.stdout.on("data", (chunk) => {
    stdout += chunk;
    onData();
  });
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
    onData();
  });
  const exit = new Promise<AppResult>((resolvePromise, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolvePromise({ code, stdout, stderr }));
  });
  return {
    child,
    output,
    exit,
    waitFor: (pattern) =>
      pattern.test(output())
        ? Promise.resolve()
        : new Promise<void>((resolveWait, reject) => {
            waiters.push({ pattern, resolve: resolveWait });
            exit.then(
              () => reject(new Error(`the process exited before printing ${pattern}:\n${output()}`)),
              reject,
            );
          }),
  };
}

/** Runs `command args` as a process of the image to its end. */
export function runInImage(
  app: string,
  workDir: string,
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<AppResult> {
  return startInImage(app, workDir, command, args, env).exit;
}
