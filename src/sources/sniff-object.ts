/**
 * Decides how to read one local object: Parquet or text; for text, whether its first line is a header
 * (S3 delivery), whether lines carry a CloudWatch Logs export timestamp, and which log format applies.
 * Reads only the first line, so it costs the same for any file size.
 */
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { createInterface } from "node:readline";
import { createGunzip } from "node:zlib";
import { FlowlensError } from "../errors.js";
import {
  DEFAULT_FORMAT,
  isHeaderLine,
  type LogFormat,
  parseHeaderLine,
  toLogFormatString,
} from "../records/log-format.js";

export type TextShape = {
  readonly kind: "text";
  readonly format: LogFormat;
  readonly header: boolean;
  readonly exportTimestamp: boolean;
};

export type SniffedShape = TextShape | { readonly kind: "parquet" };

const GZIP_MAGIC = [0x1f, 0x8b];
const PARQUET_MAGIC = "PAR1";
const EXPORT_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T[0-9:.]+Z? /;

async function firstBytes(path: string, count: number): Promise<Buffer> {
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.alloc(count);
    const { bytesRead } = await handle.read(buffer, 0, count, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** The first line of a text file, gzip or not; null for an empty file. */
export async function readFirstLine(path: string, gzip: boolean): Promise<string | null> {
  const file = createReadStream(path);
  const stream = gzip ? file.pipe(createGunzip()) : file;
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  try {
    for await (const line of lines) return line;
    return null;
  } finally {
    lines.close();
    file.destroy();
    if (stream !== file) stream.destroy();
  }
}

/**
 * Sniffs a local object. `logFormat` is the format of headerless text (CloudWatch exports); files with a
 * header line always use their header.
 */
export async function sniffObject(path: string, uri: string, logFormat?: LogFormat): Promise<SniffedShape> {
  const magic = await firstBytes(path, 4);
  if (magic.toString("latin1") === PARQUET_MAGIC) return { kind: "parquet" };
  const gzip = magic[0] === GZIP_MAGIC[0] && magic[1] === GZIP_MAGIC[1];
  let line: string | null;
  try {
    line = await readFirstLine(path, gzip);
  } catch (error) {
    throw new FlowlensError("FLOWLENS_SOURCE_UNREADABLE", `cannot read ${uri}: ${(error as Error).message}`, {
      hint: "the file is not valid gzip or text; replace or remove it",
      cause: error,
    });
  }
  if (line !== null && isHeaderLine(line)) {
    return { kind: "text", format: parseHeaderLine(line), header: true, exportTimestamp: false };
  }
  const format = logFormat ?? DEFAULT_FORMAT;
  const exportTimestamp = line !== null && EXPORT_TIMESTAMP.test(line);
  if (line !== null) {
    const fieldCount = line.trim().split(" ").length - (exportTimestamp ? 1 : 0);
    if (fieldCount !== format.fields.length) {
      throw new FlowlensError(
        "FLOWLENS_FORMAT_INVALID",
        `${uri} has no header line and its first record has ${fieldCount} fields, but the log format has ${format.fields.length}`,
        {
          hint: logFormat
            ? `check --log-format against the file (it is "${toLogFormatString(format)}")`
            : "pass the flow log's format with --log-format '${version} ${account-id} …'",
        },
      );
    }
  }
  return { kind: "text", format, header: false, exportTimestamp };
}
