import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { decodeDelivery } from "../../src/server/decode-delivery.js";
import { StreamFormats } from "../../src/server/stream-formats.js";

const RECORD =
  "2 123456789012 eni-0a1b2c3d4e5f60718 10.0.0.1 10.0.0.2 443 50000 6 10 1000 1763596800 1763596860 ACCEPT OK";

function deliveryOf(messages: string[]) {
  const payload = gzipSync(
    JSON.stringify({
      messageType: "DATA_MESSAGE",
      owner: "123456789012",
      logGroup: "/vpc/flow-logs",
      logStream: "eni-0a1b2c3d4e5f60718",
      subscriptionFilters: ["all"],
      logEvents: messages.map((message, i) => ({ id: String(i), timestamp: 0, message })),
    }),
  );
  const meta = {
    key: "firehose:r",
    requestId: "r",
    endpoint: "firehose" as const,
    deliveryStream: null,
    sourceArn: null,
    commonAttributes: null,
    receivedAt: 0,
  };
  return decodeDelivery(meta, [payload.toString("base64")], new StreamFormats([]));
}

describe("log events of a CloudWatch payload", () => {
  it("a log event holding a line feed is refused with its reason, and the others are kept", () => {
    const { files, meta } = deliveryOf([RECORD, `${RECORD}\n${RECORD}`]);
    expect(files.flatMap((f) => f.lines)).toEqual([RECORD]);
    expect(meta.refused.map((r) => r.reason)).toEqual([
      "log event 1 of eni-0a1b2c3d4e5f60718 holds a line break; a flow record is one line",
    ]);
  });

  it("a log event holding a carriage return alone is refused too", () => {
    const { files, meta } = deliveryOf([`${RECORD}\r`]);
    expect([files.flatMap((f) => f.lines), meta.refused.length]).toEqual([[], 1]);
  });
});
