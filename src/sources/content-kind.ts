/**
 * Says what the first bytes of an object look like when they are not text, so an object that is not a
 * flow log is named for what it is ("a zip archive", "binary data (…NUL bytes…)") rather than blamed on
 * the log format. Known formats are told by their magic bytes; anything else in which NUL bytes and other
 * control characters are more than a few percent of the bytes is binary data. Text with a few bad bytes
 * is text: its bad lines are quarantined, the rest loads.
 */

export interface ContentKind {
  /** e.g. `a zip archive` */
  readonly kind: string;
  /** What to do with it. */
  readonly hint: string;
}

const ARCHIVE_HINT = "extract the flow log files from it and ingest those";
const RECOMPRESS_HINT = "decompress it (flow logs are read as plain text or gzip) and ingest the result";
const NOT_A_LOG_HINT =
  "flow logs are text (plain or gzip) or Parquet; remove this file or name only the flow logs";

const MAGIC: readonly { bytes: readonly number[]; offset?: number; kind: string; hint: string }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], kind: "a zip archive", hint: ARCHIVE_HINT },
  { bytes: [0x50, 0x4b, 0x05, 0x06], kind: "a zip archive (empty)", hint: ARCHIVE_HINT },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], kind: "a 7-Zip archive", hint: ARCHIVE_HINT },
  { bytes: [0x75, 0x73, 0x74, 0x61, 0x72], offset: 257, kind: "a tar archive", hint: ARCHIVE_HINT },
  { bytes: [0x42, 0x5a, 0x68], kind: "bzip2-compressed data", hint: RECOMPRESS_HINT },
  { bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], kind: "xz-compressed data", hint: RECOMPRESS_HINT },
  { bytes: [0x28, 0xb5, 0x2f, 0xfd], kind: "zstd-compressed data", hint: RECOMPRESS_HINT },
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], kind: "a PDF document", hint: NOT_A_LOG_HINT },
  { bytes: [0x89, 0x50, 0x4e, 0x47], kind: "a PNG image", hint: NOT_A_LOG_HINT },
  { bytes: [0xff, 0xd8, 0xff], kind: "a JPEG image", hint: NOT_A_LOG_HINT },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], kind: "an executable (ELF)", hint: NOT_A_LOG_HINT },
];

/** Control characters other than tab, line feed, vertical tab, form feed and carriage return. */
function isControl(byte: number): boolean {
  return (byte < 0x20 && (byte < 0x09 || byte > 0x0d)) || byte === 0x7f;
}

/**
 * More than this share of NUL and other control bytes is not text: random or compressed bytes have about
 * 12%, a flow log with a few damaged lines far less than 1%.
 */
const CONTROL_SHARE = 0.05;

/**
 * @param head the object's first bytes (decompressed, for gzip)
 * @returns what the bytes are, or undefined when they look like text
 */
export function nonTextContent(head: Uint8Array): ContentKind | undefined {
  for (const { bytes, offset = 0, kind, hint } of MAGIC) {
    if (head.length >= offset + bytes.length && bytes.every((b, i) => head[offset + i] === b)) {
      return { kind, hint };
    }
  }
  let nul = 0;
  let control = 0;
  for (const byte of head) {
    if (byte === 0) nul++;
    else if (isControl(byte)) control++;
  }
  if (nul + control <= head.length * CONTROL_SHARE) return undefined;
  const size = `${head.length} byte${head.length === 1 ? "" : "s"}`;
  const counts = [
    nul > 0 ? `${nul} NUL byte${nul === 1 ? "" : "s"}` : "",
    control > 0 ? `${control} control character${control === 1 ? "" : "s"}` : "",
  ].filter(Boolean);
  return { kind: `binary data (${counts.join(" and ")} in the first ${size})`, hint: NOT_A_LOG_HINT };
}
