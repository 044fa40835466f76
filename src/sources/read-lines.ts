/**
 * Reads a local text object (gzip or not) line by line, in bounded memory whatever the input: a line
 * longer than the limit is not held, only its number and length are reported. Lines end at LF; one CR
 * before it (CRLF endings) is dropped, any other CR stays in the line for the record rules to refuse.
 */
import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";

export type TextLine =
  | { readonly number: number; readonly text: string }
  /** A line over the limit: its length in bytes and its first bytes as text. */
  | { readonly number: number; readonly tooLong: number; readonly head: string };

const LF = 0x0a;
const CR = 0x0d;
/** How much of an over-long line is kept to show what it was. */
const HEAD_BYTES = 1024;

/**
 * The lines of a file, numbered from 1. Throws the stream's error (a truncated or corrupt gzip
 * stream, an unreadable file) when it happens.
 */
export async function* readLines(
  path: string,
  gzip: boolean,
  maxLineBytes: number,
): AsyncGenerator<TextLine> {
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  const stream = gzip ? raw.pipe(createGunzip({ chunkSize: 1 << 20 })) : raw;
  // A gunzip error reaches the piped stream, but a read error of the file must be forwarded to it.
  if (gzip) raw.on("error", (error) => stream.destroy(error));
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let overflow = 0;
  let head: Buffer | undefined;
  let number = 0;
  const finish = (tail: Buffer): TextLine => {
    number++;
    const length = overflow + pendingBytes + tail.length;
    let line = pending.length === 0 ? tail : Buffer.concat([...pending, tail]);
    const kept = head ?? line.subarray(0, HEAD_BYTES);
    pending = [];
    pendingBytes = 0;
    overflow = 0;
    head = undefined;
    if (length > maxLineBytes) return { number, tooLong: length, head: kept.toString("utf8") };
    if (line.at(-1) === CR) line = line.subarray(0, -1);
    return { number, text: line.toString("utf8") };
  };
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let start = 0;
    for (let end = chunk.indexOf(LF, start); end !== -1; end = chunk.indexOf(LF, start)) {
      yield finish(chunk.subarray(start, end));
      start = end + 1;
    }
    const rest = chunk.subarray(start);
    if (overflow > 0 || pendingBytes + rest.length > maxLineBytes) {
      head ??= Buffer.from(Buffer.concat([...pending, rest]).subarray(0, HEAD_BYTES));
      overflow += pendingBytes + rest.length;
      pending = [];
      pendingBytes = 0;
    } else if (rest.length > 0) {
      // Copied: the stream may reuse its chunk's memory.
      pending.push(Buffer.from(rest));
      pendingBytes += rest.length;
    }
  }
  if (pendingBytes > 0 || overflow > 0) yield finish(Buffer.alloc(0));
}
