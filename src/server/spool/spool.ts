/**
 * The spool: where `flowlens serve` keeps acknowledged records until the loader has them in the store.
 * A request is spooled as one directory — its record text in one file per log format (a header line, then
 * the records) and `request.json` (who sent it, what was refused) — written and fsynced under `incoming/`,
 * then renamed into `ready/`. The rename is the moment the request is durable: a crash leaves the whole
 * request or none of it, and only then is it acknowledged. One server uses a spool at a time.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { mkdir, open, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { FlowlensError } from "../../errors.js";
import type { DeliveredRequest } from "../../store/duckdb/stream-requests.js";

/** What the spool keeps of a request besides its record text: what the store records of it, and its files. */
export interface SpooledRequestMeta extends Omit<DeliveredRequest, "flowLines" | "uris"> {
  readonly endpoint: "firehose" | "awslogs";
  readonly files: readonly { readonly name: string; readonly lines: number; readonly bytes: number }[];
}

export interface SpooledRequest {
  readonly name: string;
  readonly dir: string;
  readonly meta: SpooledRequestMeta;
  readonly bytes: number;
}

/** Record text of one log format: its header line and its record lines. */
export interface SpoolFile {
  readonly header: string;
  readonly lines: readonly string[];
}

const META = "request.json";

async function syncDir(path: string): Promise<void> {
  const dir = await open(path, "r");
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

async function writeDurably(path: string, text: string): Promise<void> {
  const file = await open(path, "w");
  try {
    await file.writeFile(text);
    await file.sync();
  } finally {
    await file.close();
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export class Spool {
  private readonly waiting = new Map<string, SpooledRequest>();
  private bytes = 0;
  private sequence = 0;

  private constructor(readonly dir: string) {}

  /**
   * Opens (or creates) the spool, taking its lock, and finds the requests waiting in it. What a crash left
   * half-written under `incoming/` was never acknowledged and is removed.
   * @throws FlowlensError FLOWLENS_SERVE_FAILED when another running server holds the spool
   */
  static async open(dir: string): Promise<Spool> {
    await mkdir(join(dir, "ready"), { recursive: true });
    const lock = join(dir, "serve.pid");
    const holder = existsSync(lock) ? Number(readFileSync(lock, "utf8").trim()) : undefined;
    if (holder && holder !== process.pid && isRunning(holder)) {
      throw new FlowlensError("FLOWLENS_SERVE_FAILED", `spool ${dir} is in use by PID ${holder}`, {
        hint: "one flowlens serve per store: stop the other one, or give this one its own --db",
      });
    }
    await writeFile(lock, `${process.pid}\n`);
    await rm(join(dir, "incoming"), { recursive: true, force: true });
    await mkdir(join(dir, "incoming"));
    const spool = new Spool(dir);
    for (const name of readdirSync(join(dir, "ready")).sort()) spool.adopt(name);
    return spool;
  }

  private adopt(name: string): void {
    const dir = join(this.dir, "ready", name);
    const meta = JSON.parse(readFileSync(join(dir, META), "utf8")) as SpooledRequestMeta;
    const bytes = meta.files.reduce((sum, f) => sum + f.bytes, 0);
    this.track({ name, dir, meta, bytes });
  }

  private track(request: SpooledRequest): void {
    this.waiting.set(request.name, request);
    this.bytes += request.bytes;
  }

  /** Requests waiting to be loaded, oldest first. */
  ready(): SpooledRequest[] {
    return [...this.waiting.values()];
  }

  /** Bytes of record text waiting to be loaded. */
  get waitingBytes(): number {
    return this.bytes;
  }

  /** Writes a request durably; when this resolves, it may be acknowledged. */
  async write(meta: Omit<SpooledRequestMeta, "files">, files: readonly SpoolFile[]): Promise<SpooledRequest> {
    const name = `${String(meta.receivedAt).padStart(13, "0")}-${process.pid}-${++this.sequence}`;
    const incoming = join(this.dir, "incoming", name);
    // recursive: a spool folder someone removed is made again, so the server recovers by itself.
    await mkdir(incoming, { recursive: true });
    try {
      const written = await Promise.all(
        files.map(async (file, i) => {
          const text = `${file.header}\n${file.lines.length > 0 ? `${file.lines.join("\n")}\n` : ""}`;
          await writeDurably(join(incoming, `${i}.log`), text);
          return { name: `${i}.log`, lines: file.lines.length, bytes: Buffer.byteLength(text) };
        }),
      );
      const bytes = written.reduce((sum, f) => sum + f.bytes, 0);
      const full: SpooledRequestMeta = { ...meta, files: written };
      await writeDurably(join(incoming, META), JSON.stringify(full));
      await syncDir(incoming);
      const dir = join(this.dir, "ready", name);
      await mkdir(join(this.dir, "ready"), { recursive: true });
      await rename(incoming, dir);
      await syncDir(join(this.dir, "ready"));
      const request = { name, dir, meta: full, bytes };
      this.track(request);
      return request;
    } catch (error) {
      await rm(incoming, { recursive: true, force: true }).catch(() => undefined);
      throw error;
    }
  }

  /** Forgets a request the store now holds. */
  remove(request: SpooledRequest): void {
    if (!this.waiting.delete(request.name)) return;
    this.bytes -= request.bytes;
    rmSync(request.dir, { recursive: true, force: true });
  }

  /** Releases the lock; waiting requests stay for the next server. */
  close(): void {
    rmSync(join(this.dir, "serve.pid"), { force: true });
  }
}
