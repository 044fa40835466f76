/**
 * Writes one text object: the header line, then records appended as lines, gzip-compressed (one gzip
 * stream, as AWS writes `.log.gz`) or plain. Lines are copied into large buffers (cheaper than joining
 * strings); zlib compresses each full buffer on libuv's thread pool while the generator goes on, so
 * callers should pause (settle) now and then to let it.
 */
import { once } from "node:events";
import { createWriteStream, type WriteStream } from "node:fs";
import type { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";

const CHUNK_BYTES = 128 * 1024;
/** Above this many buffered bytes, settle() waits for the stream to drain. */
const MAX_BUFFERED = 8 * 1024 * 1024;

export interface TextObjectWriterOptions {
  /** zlib level for a gzip object; plain text when undefined. */
  readonly gzipLevel?: number;
}

export class TextObjectWriter {
  records = 0;
  private buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  private handedOver = false;
  private readonly input: Writable;
  private readonly file: WriteStream;
  private readonly done: Promise<void>;

  /** @param path where to write; its directory must exist. */
  constructor(
    readonly path: string,
    header: string,
    options: TextObjectWriterOptions = {},
  ) {
    this.file = createWriteStream(path);
    if (options.gzipLevel === undefined) {
      this.input = this.file;
      this.done = once(this.file, "close").then(() => undefined);
    } else {
      const gzip = createGzip({ level: options.gzipLevel, chunkSize: CHUNK_BYTES / 2 });
      this.input = gzip;
      this.done = pipeline(gzip, this.file);
    }
    this.done.catch(() => undefined);
    this.append(`${header}\n`);
    this.records = 0;
  }

  /** Appends one line (ASCII, newline included). */
  append(line: string): void {
    if (this.used + line.length > CHUNK_BYTES) this.handOver();
    this.used += this.buffer.write(line, this.used, "latin1");
    this.records += 1;
  }

  /** True when a chunk went to the stream since the last settle(): a pause lets it be written. */
  get wantsPause(): boolean {
    return this.handedOver;
  }

  /** Waits while too much is buffered. */
  async settle(): Promise<void> {
    this.handedOver = false;
    if (this.input.writableLength > MAX_BUFFERED) await once(this.input, "drain");
  }

  /** Flushes and closes the object; returns its size in bytes. */
  async close(): Promise<number> {
    this.input.end(this.buffer.subarray(0, this.used));
    this.used = 0;
    await this.done;
    return this.file.bytesWritten;
  }

  /** Passes the filled chunk to the stream and starts a new one. */
  private handOver(): void {
    this.input.write(this.buffer.subarray(0, this.used));
    this.buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    this.used = 0;
    this.handedOver = true;
  }
}
