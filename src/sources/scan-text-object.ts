/**
 * Reads a local text object to its end and runs the strict byte check (records/check-record-bytes.ts) over
 * its bytes. A gzip object is read through zlib, which checks the stream to its trailer: DuckDB's gzip
 * reader stops quietly at the end of a truncated stream and would load the part before it, so such an
 * object is named here instead. The inflated bytes can also be written to a file (`inflateTo`), which
 * DuckDB then reads instead of inflating the object a second time; when the stream fails, or the file
 * cannot be written, it is removed. zlib runs on libuv's thread pool and the check on the main thread, both while DuckDB loads
 * earlier objects.
 */
import { createReadStream } from "node:fs";
import { type FileHandle, open, rm } from "node:fs/promises";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { FlowlensError } from "../errors.js";
import {
  RecordBytesChecker,
  type RecordBytesLayout,
  type RecordBytesVerdict,
} from "../records/check-record-bytes.js";

const CHUNK_BYTES = 1 << 20;

export interface ScanOptions {
  /** A gzip object's inflated bytes are written to this file. @default not written */
  readonly inflateTo?: string;
}

/** The check's verdict, and whether the inflated copy was written whole (`inflateTo` holds all of it). */
export type ScanResult = RecordBytesVerdict & { readonly copied: boolean };

export async function scanTextObject(
  path: string,
  uri: string,
  layout: RecordBytesLayout & { readonly gzip: boolean },
  options: ScanOptions = {},
): Promise<ScanResult> {
  const checker = new RecordBytesChecker(layout);
  const inflateTo = layout.gzip ? options.inflateTo : undefined;
  // The copy only saves DuckDB a second inflate: when it cannot be written (a full or unwritable temporary
  // disk), it is dropped and the check goes on, and DuckDB reads the object itself.
  let copy = inflateTo ? await open(inflateTo, "w").catch(() => undefined) : undefined;
  const dropCopy = async () => {
    const dropped = copy;
    copy = undefined;
    await dropped?.close().catch(() => undefined);
    if (inflateTo) await rm(inflateTo, { force: true });
  };
  const check = new Writable({
    write(chunk: Buffer, _encoding, done) {
      checker.push(chunk);
      if (!copy) return done();
      writeAll(copy, chunk).then(
        () => done(),
        () => dropCopy().then(() => done()),
      );
    },
  });
  const file = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  try {
    if (layout.gzip) await pipeline(file, createGunzip({ chunkSize: CHUNK_BYTES }), check);
    else await pipeline(file, check);
    await copy?.close().catch(dropCopy);
  } catch (error) {
    await dropCopy();
    throw new FlowlensError("FLOWLENS_SOURCE_UNREADABLE", `cannot read ${uri}: ${(error as Error).message}`, {
      hint: layout.gzip
        ? "the gzip stream is truncated or corrupt; replace the object and run the same command again"
        : "check that the file is readable, then run the same command again",
      cause: error,
    });
  }
  return { ...checker.end(), copied: copy !== undefined };
}

/** Writes the whole of `chunk`: one write may take only part of it (as a disk filling up does). */
async function writeAll(file: FileHandle, chunk: Buffer): Promise<void> {
  for (let at = 0; at < chunk.length; ) at += (await file.write(chunk, at)).bytesWritten;
}
