/**
 * Where the demo's records go: per 5-minute window, one object per account in that account's key layout
 * and format (gzip text, or Parquet through a temporary text file), or everything into one gzip text
 * file. A window's objects are finished in the background (a few windows at a time) while the next
 * windows are generated; they are listed in window order whatever order they finish in.
 */
import { mkdirSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { setImmediate as nextTurn } from "node:timers/promises";
import type { LogFormat } from "../../records/log-format.js";
import type { DemoAccount } from "./estate-types.js";
import type { WrittenObject } from "./ground-truth.js";
import { objectKey } from "./object-key.js";
import { ParquetConverter } from "./parquet-converter.js";
import { ParquetObjectWriter } from "./parquet-object-writer.js";
import { TextObjectWriter } from "./text-object-writer.js";

export interface DemoOutputsOptions {
  readonly outDir: string;
  readonly seed: number;
  readonly region: string;
  readonly accounts: readonly DemoAccount[];
  readonly format: LogFormat;
  readonly header: string;
  readonly gzipLevel: number;
  /** Write every account as gzip text. */
  readonly textOnly: boolean;
  /** Write all records to this one gzip text file instead of objects. */
  readonly singleFile?: string;
}

interface OpenObject {
  readonly writer: TextObjectWriter | ParquetObjectWriter;
  readonly account: DemoAccount;
  readonly format: "text" | "parquet";
  readonly windowStart: number;
}

/** Windows finished in the background at once: Parquet conversion waits on disk more than on CPU. */
const WINDOWS_CLOSING = 8;

function posixPath(path: string): string {
  return path.split(sep).join("/");
}

export class DemoOutputs {
  readonly objects: WrittenObject[] = [];
  readonly files: string[] = [];
  bytesWritten = 0;
  private readonly open = new Map<string, OpenObject>();
  private readonly directories = new Set<string>();
  private windowStart = 0;
  /** Windows being finished, oldest first. */
  private readonly closing: Promise<WrittenObject[]>[] = [];

  private constructor(
    private readonly options: DemoOutputsOptions,
    private readonly single: TextObjectWriter | undefined,
    private readonly converter: ParquetConverter | undefined,
    private readonly tempDir: string | undefined,
  ) {}

  static async create(options: DemoOutputsOptions): Promise<DemoOutputs> {
    if (options.singleFile) {
      mkdirSync(dirname(resolve(options.singleFile)), { recursive: true });
      const single = new TextObjectWriter(resolve(options.singleFile), options.header, {
        gzipLevel: options.gzipLevel,
      });
      return new DemoOutputs(options, single, undefined, undefined);
    }
    const parquet = !options.textOnly && options.accounts.some((a) => a.fileFormat === "parquet");
    if (!parquet) return new DemoOutputs(options, undefined, undefined, undefined);
    const tempDir = await mkdtemp(join(tmpdir(), "flowlens-demo-"));
    return new DemoOutputs(options, undefined, await ParquetConverter.open(options.format), tempDir);
  }

  /** Starts the 5-minute window whose records end at or after windowStart. */
  openWindow(windowStart: number): void {
    this.windowStart = windowStart;
  }

  append(accountId: string, line: string): void {
    if (this.single) {
      this.single.append(line);
      return;
    }
    const open = this.open.get(accountId) ?? this.openObject(accountId);
    open.writer.append(line);
  }

  get wantsPause(): boolean {
    if (this.single) return this.single.wantsPause;
    for (const open of this.open.values()) if (open.writer.wantsPause) return true;
    return false;
  }

  /** Lets the compression and file writes catch up; waits when too much is buffered. */
  async settle(): Promise<void> {
    if (this.single) await this.single.settle();
    for (const open of this.open.values()) await open.writer.settle();
    await nextTurn();
  }

  /** Ends the window: its objects are finished in the background. */
  async closeWindow(): Promise<void> {
    const finishing = this.finish([...this.open.values()]);
    finishing.catch(() => undefined);
    this.open.clear();
    this.closing.push(finishing);
    while (this.closing.length > WINDOWS_CLOSING) await this.collect();
  }

  /** Finishes everything; objects then lists every object written, in window and account order. */
  async close(): Promise<void> {
    try {
      while (this.closing.length > 0) await this.collect();
      if (this.single) {
        const records = this.single.records;
        const bytes = await this.single.close();
        this.record({
          path: this.single.path,
          account: null,
          format: "text",
          windowStart: null,
          records,
          bytes,
        });
      }
    } finally {
      this.converter?.close();
      if (this.tempDir) await rm(this.tempDir, { recursive: true, force: true });
    }
  }

  private openObject(accountId: string): OpenObject {
    const { accounts, outDir, region, seed, header, gzipLevel, textOnly } = this.options;
    const account = accounts.find((a) => a.id === accountId);
    if (!account) throw new Error(`the demo estate has no account ${accountId}`);
    const format = textOnly ? "text" : account.fileFormat;
    const extension = format === "text" ? ".log.gz" : ".log.parquet";
    const key = objectKey({ account, region, windowStart: this.windowStart, seed, extension });
    const path = join(outDir, key);
    const directory = dirname(path);
    if (!this.directories.has(directory)) {
      mkdirSync(directory, { recursive: true });
      this.directories.add(directory);
    }
    const writer =
      format === "text" || !this.converter || !this.tempDir
        ? new TextObjectWriter(path, header, { gzipLevel })
        : new ParquetObjectWriter(
            path,
            join(this.tempDir, `${accountId}-${this.windowStart}.log`),
            header,
            this.converter,
          );
    const open: OpenObject = { writer, account, format, windowStart: this.windowStart };
    this.open.set(accountId, open);
    return open;
  }

  /** Closes a window's objects, in account order; paths are still absolute. */
  private async finish(objects: readonly OpenObject[]): Promise<WrittenObject[]> {
    const order = this.options.accounts.map((a) => a.id);
    const sorted = [...objects].sort((a, b) => order.indexOf(a.account.id) - order.indexOf(b.account.id));
    const sizes = await Promise.all(sorted.map((o) => o.writer.close()));
    return sorted.map((o, i) => ({
      path: o.writer.path,
      account: o.account.id,
      format: o.format,
      windowStart: new Date(o.windowStart * 1000).toISOString(),
      records: o.writer.records,
      bytes: sizes[i] ?? 0,
    }));
  }

  /** Waits for the oldest window being finished and lists its objects. */
  private async collect(): Promise<void> {
    const oldest = this.closing.shift();
    if (oldest) for (const object of await oldest) this.record(object);
  }

  private record(object: WrittenObject): void {
    const absolute = resolve(object.path);
    const fromOutDir = relative(resolve(this.options.outDir), absolute);
    const shown = fromOutDir.startsWith("..") || isAbsolute(fromOutDir) ? absolute : fromOutDir;
    this.objects.push({ ...object, path: posixPath(shown) });
    this.files.push(absolute);
    this.bytesWritten += object.bytes;
  }
}
