import { createHash } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { describe, expect, it, onTestFinished } from "vitest";
import { type OutgoingRequest, sendRequests } from "../../bench/lib/firehose-sender.js";

interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly bodySha: string;
}

/** A local endpoint that answers the statuses given in turn (then 200) and keeps what it was sent. */
async function endpoint(statuses: number[]): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({
        headers: request.headers,
        bodySha: createHash("sha256").update(Buffer.concat(chunks)).digest("hex"),
      });
      response.writeHead(statuses.shift() ?? 200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  onTestFinished(() => new Promise<void>((done) => server.close(() => done())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/firehose`, received };
}

const request = (requestId: string): OutgoingRequest => ({
  requestId,
  body: gzipSync(JSON.stringify({ requestId, timestamp: 0, records: [] })),
  records: 10,
  kind: "data",
});
const options = (url: string) => ({
  url,
  accessKey: "the-key",
  sourceArn: "arn:aws:firehose:us-east-1:123456789012:deliverystream/s",
  firstBackoffMs: 1,
});

describe("the Firehose-like load generator", () => {
  it("sends a request answered 503 again, with the same request id and the same body, until it is answered 200", async () => {
    const { url, received } = await endpoint([503, 500]);
    const [sent] = await sendRequests([request("r-1")], options(url));
    expect(sent?.attempts.map((a) => a.status)).toEqual([503, 500, 200]);
    expect(new Set(received.map((r) => `${r.headers["x-amz-firehose-request-id"]} ${r.bodySha}`)).size).toBe(
      1,
    );
  });

  it("sends the Firehose headers: request id, source ARN, access key, gzip encoding, JSON", async () => {
    const { url, received } = await endpoint([]);
    await sendRequests([request("r-2")], options(url));
    expect(received[0]?.headers).toMatchObject({
      "x-amz-firehose-protocol-version": "1.0",
      "x-amz-firehose-request-id": "r-2",
      "x-amz-firehose-source-arn": "arn:aws:firehose:us-east-1:123456789012:deliverystream/s",
      "x-amz-firehose-access-key": "the-key",
      "content-encoding": "gzip",
      "content-type": "application/json",
    });
  });

  it("fails the run, naming the request and the last status, when no attempt is answered 200", async () => {
    const { url } = await endpoint([503, 503, 503]);
    await expect(sendRequests([request("r-3")], { ...options(url), maxAttempts: 3 })).rejects.toThrow(
      "request r-3: 3 attempts, none answered 200 (last: 503)",
    );
  });

  it("sends every request of the queue, also those added while it runs", async () => {
    const { url, received } = await endpoint([]);
    const queue = [request("a"), request("b"), request("c")];
    await sendRequests(queue, {
      ...options(url),
      connections: 2,
      onAck: (done) => {
        if (done.requestId === "b" && done.kind === "data") queue.push({ ...request("b"), kind: "resend" });
      },
    });
    expect(received.map((r) => r.headers["x-amz-firehose-request-id"]).sort()).toEqual(["a", "b", "b", "c"]);
  });
});

describe("the load generator paced at a rate of flow records", () => {
  it("sends no request before the records ahead of it are due at that rate", async () => {
    const { url } = await endpoint([]);
    const sent = await sendRequests([request("p-1"), request("p-2"), request("p-3")], {
      ...options(url),
      recordsPerSecond: 100,
    });
    const sentAt = (id: string) => sent.find((r) => r.requestId === id)?.attempts[0]?.sentAt ?? 0;
    // 10 records each at 100 records/s: the third is due 200 ms after the first (less a timer's rounding).
    expect(sentAt("p-3") - sentAt("p-1")).toBeGreaterThanOrEqual(195);
  });
});
