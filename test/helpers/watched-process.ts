/** A long-running child process whose output a test can wait on: `flowlens schedule`, the sandbox. */
import { type ChildProcess, spawn } from "node:child_process";

export interface WatchedProcess {
  readonly child: ChildProcess;
  /** stdout and stderr so far, interleaved as they arrived. */
  readonly output: () => string;
  /** Resolves once the output matches the pattern; rejects if the process exits first. */
  waitFor(pattern: RegExp): Promise<void>;
  readonly exit: Promise<number | null>;
}

/** Runs `node ...args` with the environment extended by `env`. */
export function startWatched(args: readonly string[], env: NodeJS.ProcessEnv = {}): WatchedProcess {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, FLOWLENS_DB: undefined, FLOWLENS_CONFIG: undefined, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const w of waiters.filter((w) => w.pattern.test(output))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  const exit = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  return {
    child,
    output: () => output,
    exit,
    waitFor: (pattern) =>
      pattern.test(output)
        ? Promise.resolve()
        : new Promise<void>((resolve, reject) => {
            waiters.push({ pattern, resolve });
            exit.then(() => reject(new Error(`the process exited before printing ${pattern}:\n${output}`)));
          }),
  };
}
