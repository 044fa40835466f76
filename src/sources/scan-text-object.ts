/**
 * Reads a local text object to its end and runs the strict byte check (records/check-record-bytes.ts) over
 * its bytes. A gzip object is read through zlib, which checks the stream to its trailer: DuckDB's gzip
 * reader stops quietly at the end of a truncated stream and would load the part before it, so such an
 * object is named here instead. zlib runs on libuv's thread pool and the check on the main thread, both
 * while DuckDB loads earlier objects.
 */
import { createReadStream } from "node:fs";
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

export async function scanTextObject(
  path: string,
  uri: string,
  layout: RecordBytesLayout & { readonly gzip: boolean },
): Promise<RecordBytesVerdict> {
  const checker = new RecordBytesChecker(layout);
  const check = new Writable({
    write(chunk: Buffer, _encoding, done) {
      checker.push(chunk);
      done();
    },
  });
  const file = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  try {
    if (layout.gzip) await pipeline(file, createGunzip({ chunkSize: CHUNK_BYTES }), check);
    else await pipeline(file, check);
  } catch (error) {
    throw new FlowlensError("FLOWLENS_SOURCE_UNREADABLE", `cannot read ${uri}: ${(error as Error).message}`, {
      hint: layout.gzip
        ? "the gzip stream is truncated or corrupt; replace the object and run the same command again"
        : "check that the file is readable, then run the same command again",
      cause: error,
    });
  }
  return checker.end();
}
