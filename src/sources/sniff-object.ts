/**
 * Decides how to read one local object: Parquet or text; for text, whether its first line is a header
 * (S3 delivery), whether lines carry a CloudWatch Logs export timestamp, and which log format applies.
 * Reads only the first line, so it costs the same for any file size.
 */
import { open } from "node:fs/promises";
import { constants, gunzipSync } from "node:zlib";
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
  readonly gzip: boolean;
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

/** How much of an object sniffing reads: far more than any header line or record. */
const SNIFF_BYTES = 64 * 1024;

/** The first line of a text file, gzip or not; null for an empty file. Reads at most 64 KiB. */
export async function readFirstLine(path: string, gzip: boolean): Promise<string | null> {
  const head = await firstBytes(path, SNIFF_BYTES);
  // Z_SYNC_FLUSH lets zlib return what the first bytes of a longer stream decompress to.
  const text = gzip ? gunzipSync(head, { finishFlush: constants.Z_SYNC_FLUSH }) : head;
  if (text.length === 0) return null;
  const end = text.indexOf(0x0a);
  return (end === -1 ? text : text.subarray(0, end)).toString("utf8").replace(/\r$/, "");
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
    return { kind: "text", gzip, format: parseHeaderLine(line), header: true, exportTimestamp: false };
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
  return { kind: "text", gzip, format, header: false, exportTimestamp };
}
