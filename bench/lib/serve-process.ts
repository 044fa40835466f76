/**
 * `flowlens serve` (the built CLI) as a child process of the benchmark, on a free loopback port: its URL,
 * its load cycles as its "spool loaded into the store" log lines report them (requests, rows, ms), how
 * often a load had to wait for the store, and its peak RSS (VmHWM; read before it is stopped).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { resolve } from "node:path";
import { createInterface } from "node:readline";
import { highWaterMark } from "./measure.js";

export interface LoadCycle {
  /** When the load finished (the log line's time, ms). */
  readonly at: number;
  readonly requests: number;
  readonly rows: number;
  readonly ms: number;
}

export interface ServeStartOptions {
  readonly db: string;
  readonly accessKey: string;
  /** Extra node flags, e.g. --cpu-prof. @default [] */
  readonly nodeFlags?: readonly string[];
}

const cli = resolve(import.meta.dirname, "../../dist/cli/main.js");
const LISTENING = /listening on (https?:\/\/\S+)/;

export class ServeProcess {
  readonly loads: LoadCycle[] = [];
  /** Loads that did not happen because the store was held (a query): "spool not loaded yet". */
  loadWaits = 0;
  private readonly exited: Promise<number | null>;

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    this.exited = new Promise((done) => child.on("exit", (code) => done(code)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) =>
      this.logLine(line),
    );
  }

  static start(options: ServeStartOptions): Promise<ServeProcess> {
    const child = spawn(
      process.execPath,
      [...(options.nodeFlags ?? []), cli, "serve", "--db", options.db, "--port", "0", "--log-level", "info"],
      {
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, FLOWLENS_SERVE_ACCESS_KEY: options.accessKey },
      },
    );
    return new Promise((started, failed) => {
      let stderr = "";
      child.stderr?.on("data", (chunk: Buffer) => {
        stderr += chunk;
        const url = LISTENING.exec(stderr)?.[1];
        if (url) {
          child.stderr?.removeAllListeners("data");
          child.stderr?.pipe(process.stderr);
          started(new ServeProcess(child, url));
        }
      });
      child.on("exit", (code) =>
        failed(new Error(`flowlens serve exited ${code} before listening\n${stderr}`)),
      );
    });
  }

  /** VmHWM so far, in bytes. */
  peakRssBytes(): number {
    return highWaterMark(this.child.pid as number);
  }

  private logLine(line: string): void {
    let entry: { msg?: string; time?: number; requests?: number; rows?: number; ms?: number };
    try {
      entry = JSON.parse(line);
    } catch {
      return;
    }
    if (entry.msg === "spool loaded into the store") {
      this.loads.push({
        at: entry.time ?? 0,
        requests: entry.requests ?? 0,
        rows: entry.rows ?? 0,
        ms: entry.ms ?? 0,
      });
    } else if (entry.msg === "spool not loaded yet; retrying") {
      this.loadWaits++;
    }
  }

  /** SIGTERM, then waits for it to load what is left and exit. */
  async stop(): Promise<void> {
    this.child.kill("SIGTERM");
    const code = await this.exited;
    if (code !== 0) throw new Error(`flowlens serve exited ${code} on SIGTERM`);
  }
}
