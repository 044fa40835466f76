import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { FlowlensError } from "../../src/errors.js";
import { sniffObject } from "../../src/sources/sniff-object.js";
import { DEFAULT_HEADER, defaultRecord } from "../helpers/flow-log-files.js";
import { tempDir } from "../helpers/temp-dir.js";

/** Writes `bytes` to a file named `name` in a fresh folder and sniffs it. */
async function sniff(name: string, bytes: Uint8Array | string) {
  const path = join(tempDir(), name);
  writeFileSync(path, bytes);
  return sniffObject(path, path);
}

async function refusal(name: string, bytes: Uint8Array | string): Promise<FlowlensError> {
  const error = await sniff(name, bytes).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof FlowlensError)) throw new Error(`expected a FlowlensError, got ${String(error)}`);
  return error;
}

const TAR_HEADER = Buffer.concat([Buffer.alloc(257, 0x61), Buffer.from("ustar\u000000"), Buffer.alloc(242)]);

describe("sniffObject refuses an empty object its name says is compressed or Parquet", () => {
  it("says a zero-byte .gz is not a gzip stream", async () => {
    const error = await refusal("a.log.gz", "");
    expect(error.code).toBe("FLOWLENS_SOURCE_UNREADABLE");
    expect(error.message).toMatch(/a\.log\.gz is empty \(0 bytes\): not a gzip stream$/);
    expect(error.hint).toBe(
      "the object was cut off when it was written or copied; write it again from its source, or remove it",
    );
  });

  it("says a zero-byte .parquet is not a Parquet file", async () => {
    const error = await refusal("a.parquet", "");
    expect(error.message).toMatch(/a\.parquet is empty \(0 bytes\): not a Parquet file$/);
  });

  it("reads a zero-byte .log as text with no records", async () => {
    expect(await sniff("a.log", "")).toMatchObject({ kind: "text", gzip: false, header: false });
  });
});

describe("sniffObject says what content that is not a flow log looks like", () => {
  it.each([
    ["a zip archive", "export.log", Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00])],
    ["a PDF document", "report.txt", Buffer.from("%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n")],
    ["a PNG image", "chart.log", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
    ["bzip2-compressed data", "a.log", Buffer.from("BZh91AY&SY")],
    ["a tar archive", "logs.log", TAR_HEADER],
  ])("names %s", async (kind, name, bytes) => {
    const error = await refusal(name, bytes);
    expect(error.code).toBe("FLOWLENS_SOURCE_UNREADABLE");
    expect(error.message).toMatch(
      new RegExp(`${name.replace(".", "\\.")} is not a flow log: it holds ${kind}$`),
    );
  });

  it("counts the NUL bytes of binary data", async () => {
    const bytes = Buffer.from("junk\u0000\u0000\u0001\u0002 more junk\u0000");
    const error = await refusal("a.log", bytes);
    expect(error.message).toMatch(
      /is not a flow log: it holds binary data \(3 NUL bytes and 2 control characters in the first 19 bytes\)$/,
    );
    expect(error.hint).toBe(
      "flow logs are text (plain or gzip) or Parquet; remove this file or name only the flow logs",
    );
  });

  it("calls text full of control characters binary data", async () => {
    const error = await refusal("a.log", `${"\u0001\u0002\u0003".repeat(10)}abc`);
    expect(error.message).toMatch(/binary data \(30 control characters in the first 33 bytes\)$/);
  });

  it("takes a flow log with a NUL byte and a few control characters in its first lines for text", async () => {
    const text = `${DEFAULT_HEADER}\n${defaultRecord(1)}\n${defaultRecord(2)}\u0000\n${defaultRecord(3)}\u001b\n`;
    expect(await sniff("a.log", text)).toMatchObject({ kind: "text", header: true });
  });

  it("names what a gzip stream holds when it is not text", async () => {
    const error = await refusal("logs.tar.gz", gzipSync(TAR_HEADER));
    expect(error.message).toMatch(/logs\.tar\.gz is not a flow log: it holds a tar archive \(inside gzip\)$/);
    expect(error.hint).toBe("extract the flow log files from it and ingest those");
  });

  it("still reads a gzip flow log with its header", async () => {
    const shape = await sniff("a.log.gz", gzipSync(`${DEFAULT_HEADER}\n${defaultRecord(1)}\n`));
    expect(shape).toMatchObject({ kind: "text", gzip: true, header: true });
  });
});

describe("every sniffObject refusal names the object, not the staged copy it read", () => {
  const URI = "s3://flow-logs/AWSLogs/a.log.gz";
  const cases: [string, Uint8Array | string | undefined][] = [
    ["a header that names a field twice", `${DEFAULT_HEADER} bytes\n${defaultRecord(0)} 5\n`],
    ["a staged copy that cannot be opened", undefined],
    ["an empty .gz", ""],
    ["binary data", Buffer.alloc(100, 0)],
    ["a broken gzip stream", Buffer.from([0x1f, 0x8b, 0x08, 0xff, 0xff, 0xff])],
    ["a headerless record with the wrong number of fields", "2 123456789012 eni-1\n"],
  ];
  it.each(cases)("names the object when it refuses %s", async (_what, bytes) => {
    const staged = join(tempDir(), "1-a.log.gz");
    if (bytes !== undefined) writeFileSync(staged, bytes);
    const error = await sniffObject(staged, URI).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FlowlensError);
    expect((error as FlowlensError).message).toContain(URI);
    expect((error as FlowlensError).message).not.toContain(staged);
  });

  it("says a header that names a field twice cannot be used", async () => {
    const error = await refusal("dup.log", `${DEFAULT_HEADER} bytes\n${defaultRecord(0)} 5\n`);
    expect(error.code).toBe("FLOWLENS_FORMAT_INVALID");
    expect(error.sentence).toMatch(
      /dup\.log has a header line that cannot be used: the log format names the field "bytes" twice — each field may appear once in a flow log format; write the object again from its source, or remove it$/,
    );
  });
});
