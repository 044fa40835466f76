/**
 * Runs a command in its own process and measures its wall time and peak resident memory (VmHWM, polled
 * from /proc every 20 ms: the high-water mark only grows, so the last reading is the peak up to then).
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";

export interface Measurement {
  readonly name: string;
  readonly seconds: number;
  readonly peakRssBytes: number;
  readonly stdout: string;
}

/** VmHWM of a running process, in bytes (0 when it cannot be read). */
export function highWaterMark(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kib = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    return kib ? Number(kib) * 1024 : 0;
  } catch {
    return 0;
  }
}

export function measure(
  name: string,
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, ...env },
    });
    let stdout = "";
    let peak = 0;
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    const poll = setInterval(() => {
      if (child.pid) peak = Math.max(peak, highWaterMark(child.pid));
    }, 20);
    child.on("error", reject);
    child.on("close", (code) => {
      clearInterval(poll);
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) reject(new Error(`${name}: ${command} exited ${code}\n${stdout}`));
      else resolve({ name, seconds, peakRssBytes: peak, stdout });
    });
  });
}
