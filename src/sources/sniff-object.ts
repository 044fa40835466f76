/**
 * Decides how to read one local object: Parquet or text; for text, whether its first line is a header
 * (S3 delivery), whether lines carry a CloudWatch Logs export timestamp, and which log format applies.
 * Reads only the first 64 KiB, so it costs the same for any file size. An object that is none of these
 * (empty where a name promises gzip or Parquet, an archive, an image, binary data) is refused with a
 * sentence saying what it looks like. Every refusal names the object (its URI, not the staged copy read).
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
import { nonTextContent } from "./content-kind.js";

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

async function firstBytes(path: string, uri: string, count: number): Promise<Buffer> {
  const handle = await open(path, "r").catch((error: NodeJS.ErrnoException) => {
    // Node's message ends with the path it opened, which for a download is the staged copy, not the object.
    const reason = error.message.replace(/, open '.*'$/s, "");
    throw new FlowlensError("FLOWLENS_SOURCE_UNREADABLE", `cannot read ${uri}: ${reason}`, {
      hint: "make the file readable or remove it, and run again",
      cause: error,
    });
  });
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

/** What an empty object is not, by its name; an empty `.log` or `.txt` is text with no records. */
const EMPTY_IS_NOT: readonly [RegExp, string][] = [
  [/\.gz$/i, "not a gzip stream"],
  [/\.parquet$/i, "not a Parquet file"],
];

/**
 * How much of a gzip object's start is decompressed: enough for a header line and the first records (flow
 * logs compress about tenfold), and little enough that sniffing hundreds of small objects stays quick.
 */
const GZIP_SNIFF_BYTES = 16 * 1024;

/** The object's first bytes (at most SNIFF_BYTES), decompressed when it is gzip. */
function textHead(head: Buffer, gzip: boolean, uri: string): Buffer {
  try {
    // Z_SYNC_FLUSH lets zlib return what the first bytes of a longer stream decompress to.
    const text = gzip
      ? gunzipSync(head.subarray(0, GZIP_SNIFF_BYTES), { finishFlush: constants.Z_SYNC_FLUSH })
      : head;
    return text.subarray(0, SNIFF_BYTES);
  } catch (error) {
    throw new FlowlensError("FLOWLENS_SOURCE_UNREADABLE", `cannot read ${uri}: ${(error as Error).message}`, {
      hint: "the file is not valid gzip; replace or remove it",
      cause: error,
    });
  }
}

/** The format a header line names; a header the format rules refuse is named with its object. */
function headerFormat(line: string, uri: string): LogFormat {
  try {
    return parseHeaderLine(line);
  } catch (error) {
    if (!(error instanceof FlowlensError)) throw error;
    throw new FlowlensError(error.code, `${uri} has a header line that cannot be used: ${error.message}`, {
      hint: `${error.hint ?? "fix the header line"}; write the object again from its source, or remove it`,
      cause: error,
    });
  }
}

/** The first line of text, or null when there is none. */
function firstLine(text: Buffer): string | null {
  if (text.length === 0) return null;
  const end = text.indexOf(0x0a);
  return (end === -1 ? text : text.subarray(0, end)).toString("utf8").replace(/\r$/, "");
}

/**
 * Sniffs a local object. `logFormat` is the format of headerless text (CloudWatch exports); files with a
 * header line always use their header.
 * @throws FlowlensError FLOWLENS_SOURCE_UNREADABLE for an empty `.gz` or `.parquet`, for content that is
 *   neither text nor gzip text nor Parquet (saying what it looks like), and for a broken gzip start;
 *   FLOWLENS_FORMAT_INVALID for headerless text whose first record does not fit the log format
 */
export async function sniffObject(path: string, uri: string, logFormat?: LogFormat): Promise<SniffedShape> {
  const head = await firstBytes(path, uri, SNIFF_BYTES);
  if (head.length === 0) {
    const notA = EMPTY_IS_NOT.find(([name]) => name.test(uri))?.[1];
    if (notA) {
      throw new FlowlensError("FLOWLENS_SOURCE_UNREADABLE", `${uri} is empty (0 bytes): ${notA}`, {
        hint: "the object was cut off when it was written or copied; write it again from its source, or remove it",
      });
    }
  }
  if (head.subarray(0, 4).toString("latin1") === PARQUET_MAGIC) return { kind: "parquet" };
  const gzip = head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
  const text = textHead(head, gzip, uri);
  const other = nonTextContent(text);
  if (other) {
    throw new FlowlensError(
      "FLOWLENS_SOURCE_UNREADABLE",
      `${uri} is not a flow log: it holds ${other.kind}${gzip ? " (inside gzip)" : ""}`,
      { hint: other.hint },
    );
  }
  const line = firstLine(text);
  if (line !== null && isHeaderLine(line)) {
    return { kind: "text", gzip, format: headerFormat(line, uri), header: true, exportTimestamp: false };
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
