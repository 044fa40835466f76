/**
 * The careful path for a text object DuckDB's fast path refused: every line is decoded by the record rules
 * (records/decode-record.ts), a `{"message": "…"}` line as the record it wraps. Good records are written
 * back as canonical lines (single spaces, `-` for NULL, times in Unix seconds) for the fast path to load;
 * each bad line goes to a quarantine file with its line number, the reason and its text. Memory stays
 * bounded whatever the object holds.
 */

import { once } from "node:events";
import { createWriteStream, type WriteStream } from "node:fs";
import { join } from "node:path";
import { decodeRecordText, MAX_RECORD_LINE_BYTES } from "../records/decode-record.js";
import type { LogFormat } from "../records/log-format.js";
import { readLines } from "../sources/read-lines.js";
import type { TextShape } from "../sources/sniff-object.js";

export interface DecodedLines {
  /** Canonical headerless lines in `format`, plain text. */
  readonly recordsPath: string;
  /** Newline-delimited JSON: {line, reason, text} per quarantined line. */
  readonly rejectsPath: string;
  readonly records: number;
  readonly rejected: number;
}

/** How much of a quarantined line is kept: enough to see what it was, never a whole junk blob. */
const KEPT_TEXT = 1000;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is escaped.
const CONTROL = /[\u0000-\u001f\u007f]/g;

/** A quarantined line as stored: control characters shown as \xNN, long lines cut with their length. */
export function quarantineText(text: string): string {
  const kept = text.length > KEPT_TEXT ? `${text.slice(0, KEPT_TEXT)}… (${text.length} characters)` : text;
  return kept.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

async function write(stream: WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, "drain");
}

async function close(stream: WriteStream): Promise<void> {
  stream.end();
  await once(stream, "close");
}

function canonicalLine(format: LogFormat, record: Record<string, unknown>): string {
  return format.fields.map((f) => record[f.column] ?? "-").join(" ");
}

/** Decodes `path` line by line into `workDir`; throws when the object itself cannot be read to its end. */
export async function decodeLines(path: string, shape: TextShape, workDir: string): Promise<DecodedLines> {
  const recordsPath = join(workDir, "records.log");
  const rejectsPath = join(workDir, "rejects.ndjson");
  const records = createWriteStream(recordsPath);
  const rejects = createWriteStream(rejectsPath);
  let recordCount = 0;
  let rejected = 0;
  const quarantine = (line: number, reason: string, text: string) => {
    rejected++;
    return write(rejects, `${JSON.stringify({ line, reason, text: quarantineText(text) })}\n`);
  };
  try {
    for await (const line of readLines(path, shape.gzip, MAX_RECORD_LINE_BYTES)) {
      if (shape.header && line.number === 1) continue;
      if ("tooLong" in line) {
        await quarantine(
          line.number,
          `the line is ${line.tooLong} bytes long; a record is at most ${MAX_RECORD_LINE_BYTES}`,
          line.head,
        );
        continue;
      }
      let text = line.text;
      if (text.trim() === "") continue;
      if (shape.exportTimestamp) text = text.replace(/^\S+ +/, "");
      const decoded = decodeRecordText(shape.format, text);
      if (!decoded.ok) {
        await quarantine(line.number, decoded.reason, line.text);
        continue;
      }
      recordCount++;
      await write(records, `${canonicalLine(shape.format, decoded.record)}\n`);
    }
  } finally {
    await Promise.all([close(records), close(rejects)]);
  }
  return { recordsPath, rejectsPath, records: recordCount, rejected };
}
