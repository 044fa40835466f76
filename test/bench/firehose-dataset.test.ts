import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_HEADER } from "../../bench/lib/bench-estate.js";
import {
  type FirehoseDataset,
  PROBE_ENI,
  type PrebuiltRequest,
  prepareFirehoseDataset,
  REQUEST_DATA_BYTES,
} from "../../bench/lib/firehose-dataset.js";
import { decodeDelivery } from "../../src/server/decode-delivery.js";
import { readFirehoseRequest } from "../../src/server/firehose/firehose-request.js";
import { StreamFormats } from "../../src/server/stream-formats.js";
import { decodeCloudWatchPayload } from "../../src/sources/stream/cloudwatch-payload.js";
import { sharedTempDir } from "../helpers/temp-dir.js";

let dataset: FirehoseDataset;

beforeAll(async () => {
  dataset = await prepareFirehoseDataset(sharedTempDir("flowlens-bench-stream-"), 30_000, 7);
});

/** The request as flowlens serve decodes it: its records' lines by header line. */
function decoded(request: PrebuiltRequest) {
  const body = gunzipSync(readFileSync(join(dataset.dir, request.body)));
  const firehose = readFirehoseRequest({ "x-amz-firehose-request-id": request.requestId }, body);
  return decodeDelivery(
    {
      key: `firehose:${request.requestId}`,
      requestId: request.requestId,
      endpoint: "firehose",
      deliveryStream: null,
      sourceArn: null,
      commonAttributes: null,
      receivedAt: 0,
    },
    firehose.records,
    new StreamFormats([]),
  );
}

const recordsOf = (request: PrebuiltRequest) => {
  const { files, meta } = decoded(request);
  expect(meta.refused).toEqual([]);
  return files.flatMap((f) => f.lines);
};

describe("the streaming benchmark's prebuilt Firehose requests", () => {
  it("each request, as the server decodes it, holds exactly the records of its file, in the default format", () => {
    dataset.requests.forEach((request, i) => {
      const file = gunzipSync(readFileSync(join(dataset.filesDir, `${String(i).padStart(5, "0")}.log.gz`)))
        .toString("utf8")
        .trimEnd()
        .split("\n");
      expect(decoded(request).files.map((f) => f.header)).toEqual([DEFAULT_HEADER]);
      expect(recordsOf(request)).toEqual(file.slice(1));
    });
  });

  it("the requests together hold as many records as were asked for", () => {
    const all = dataset.requests.flatMap(recordsOf);
    expect([all.length, dataset.records]).toEqual([30_000, 30_000]);
  });

  it("no request holds more than Firehose's 5 MiB buffer of record data", () => {
    expect(Math.max(...dataset.requests.map((r) => r.dataBytes))).toBeLessThanOrEqual(REQUEST_DATA_BYTES);
  });

  it("each record is one CloudWatch payload of one ENI's log stream, at most 3,000 events", () => {
    const body = JSON.parse(
      gunzipSync(readFileSync(join(dataset.dir, dataset.requests[0]?.body as string))).toString("utf8"),
    ) as { records: { data: string }[] };
    for (const { data } of body.records) {
      const payload = decodeCloudWatchPayload(Buffer.from(data, "base64"));
      if (payload.kind !== "data") throw new Error("expected a DATA_MESSAGE");
      expect(payload.events.length).toBeLessThanOrEqual(3000);
      expect(payload.events.every((e) => e.message.split(" ")[2] === payload.logStream)).toBe(true);
    }
  });

  it("the probe's records all carry the probe's interface id, which no other record has", () => {
    expect(new Set(recordsOf(dataset.probe).map((line) => line.split(" ")[2]))).toEqual(new Set([PROBE_ENI]));
    expect(dataset.requests.flatMap(recordsOf).some((line) => line.includes(PROBE_ENI))).toBe(false);
  });
});
