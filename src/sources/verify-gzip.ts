/**
 * Checks that a gzip object decompresses to its end, with a valid trailer. DuckDB's reader stops quietly
 * at the end of a truncated gzip stream and would load the part before it; this check names such an object
 * instead. zlib runs on libuv's thread pool, so the check overlaps with DuckDB loading the previous chunk.
 */
import { createReadStream } from "node:fs";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { FlowlensError } from "../errors.js";

const discard = () =>
  new Writable({
    write(_chunk, _encoding, done) {
      done();
    },
  });

export async function verifyGzip(path: string, uri: string): Promise<void> {
  try {
    await pipeline(
      createReadStream(path, { highWaterMark: 1 << 20 }),
      createGunzip({ chunkSize: 1 << 20 }),
      discard(),
    );
  } catch (error) {
    throw new FlowlensError("FLOWLENS_SOURCE_UNREADABLE", `cannot read ${uri}: ${(error as Error).message}`, {
      hint: "the gzip stream is truncated or corrupt; replace the object and run the same command again",
      cause: error,
    });
  }
}
