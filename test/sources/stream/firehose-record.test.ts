import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { decodeCloudWatchPayload } from "../../../src/sources/stream/cloudwatch-payload.js";
import { decodeFirehoseRecord } from "../../../src/sources/stream/firehose-record.js";
import {
  CONTROL_MESSAGE,
  cloudWatchData,
  dataMessage,
  defaultRecords,
  textData,
} from "../../helpers/firehose-payloads.js";

const [line1, line2] = defaultRecords(2);

describe("a Firehose record from a CloudWatch Logs subscription", () => {
  it("holds the log events of a DATA_MESSAGE with their group and stream", () => {
    const content = decodeFirehoseRecord(cloudWatchData(dataMessage([line1 as string, line2 as string])));
    expect(content).toMatchObject({
      kind: "data",
      owner: "123456789012",
      logGroup: "/vpc/flow-logs",
      logStream: "eni-0a1b2c3d4e5f00001-all",
    });
    expect(content.kind === "data" && content.events.map((e) => e.message)).toEqual([line1, line2]);
  });

  it("is a control message when CloudWatch checks the destination", () => {
    expect(decodeFirehoseRecord(cloudWatchData(CONTROL_MESSAGE))).toEqual({ kind: "control" });
  });

  it("keeps the extractedFields of a space-delimited filter pattern", () => {
    const content = decodeFirehoseRecord(
      cloudWatchData(
        dataMessage([{ message: line1 as string, extractedFields: { version: "2", srcaddr: "10.0.1.2" } }]),
      ),
    );
    expect(content.kind === "data" && content.events[0]?.extractedFields).toEqual({
      version: "2",
      srcaddr: "10.0.1.2",
    });
  });

  it("is refused when the gzip stream is cut short", () => {
    const gzipped = gzipSync(JSON.stringify(dataMessage([line1 as string])));
    expect(() => decodeCloudWatchPayload(gzipped.subarray(0, gzipped.length - 6))).toThrow(
      /^the payload is not a complete gzip stream/,
    );
  });

  it("is refused when the gzip holds something other than JSON", () => {
    expect(() => decodeFirehoseRecord(gzipSync("not json").toString("base64"))).toThrow(
      "the gzip payload is not JSON",
    );
  });

  it("is refused when its messageType is neither DATA_MESSAGE nor CONTROL_MESSAGE", () => {
    expect(() => decodeFirehoseRecord(cloudWatchData({ messageType: "OTHER" }))).toThrow(
      'the payload\'s messageType is "OTHER", not DATA_MESSAGE or CONTROL_MESSAGE',
    );
  });

  it("is refused when a log event has no message", () => {
    expect(() =>
      decodeFirehoseRecord(cloudWatchData({ ...dataMessage([]), logEvents: [{ id: "1" }] })),
    ).toThrow("log event 1 has no message");
  });
});

describe("a Firehose record from VPC Flow Logs delivering directly", () => {
  it("holds one record line", () => {
    expect(decodeFirehoseRecord(textData(line1 as string))).toEqual({ kind: "lines", lines: [line1] });
  });

  it("holds several newline-separated lines, CRLF or LF, without the empty ones", () => {
    expect(decodeFirehoseRecord(textData(`${line1}\r\n${line2}\n\n`))).toEqual({
      kind: "lines",
      lines: [line1, line2],
    });
  });

  it('holds the record of a {"message": …} wrapper', () => {
    expect(decodeFirehoseRecord(textData(JSON.stringify({ message: line1 })))).toEqual({
      kind: "lines",
      lines: [line1],
    });
  });

  it("is refused when it is JSON without a message", () => {
    expect(() => decodeFirehoseRecord(textData('{"msg": "x"}'))).toThrow(
      'the record is JSON without a "message" string',
    );
  });

  it("is refused when its data is not base64", () => {
    expect(() => decodeFirehoseRecord("not base64!")).toThrow("the record's data is not valid base64");
  });

  it("is refused when it has no data string", () => {
    expect(() => decodeFirehoseRecord(undefined)).toThrow("the record's data is not a base64 string");
  });

  it("holds no lines when its data is empty (Firehose allows empty records)", () => {
    expect(decodeFirehoseRecord("")).toEqual({ kind: "lines", lines: [] });
  });
});
