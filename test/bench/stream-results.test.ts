import { describe, expect, it } from "vitest";
import type { SentRequest } from "../../bench/lib/firehose-sender.js";
import { percentile, streamingFigures } from "../../bench/lib/stream-results.js";

function sent(kind: string, records: number, ...attempts: [number, number, number][]): SentRequest {
  return {
    requestId: `${kind}-${records}-${attempts[0]?.[0]}`,
    kind,
    records,
    bodyBytes: 100,
    attempts: attempts.map(([sentAt, answeredAt, status]) => ({ sentAt, answeredAt, status })),
  };
}

describe("the streaming figures of a run", () => {
  it("sustained records/s is the acknowledged records over the last ack minus the first send", () => {
    const figures = streamingFigures([
      sent("data", 300_000, [1000, 1500, 200]),
      sent("data", 100_000, [1200, 3000, 200]),
    ]);
    expect(figures.recordsPerSecond).toBe(200_000);
  });

  it("a request sent again after its 200 counts neither in the records nor in the latency", () => {
    const figures = streamingFigures([
      sent("data", 1000, [0, 1000, 200]),
      sent("resend", 1000, [1000, 9000, 200]),
    ]);
    expect([figures.records, figures.ackMaxMs, figures.seconds, figures.resends]).toEqual([1000, 1000, 1, 1]);
  });

  it("the ack latency of a retried request is its accepted attempt's, and the refusals are counted by status", () => {
    const figures = streamingFigures([sent("data", 10, [0, 50, 503], [1050, 1250, 200])]);
    expect([figures.ackP50Ms, figures.refusedAttempts]).toEqual([200, { 503: 1 }]);
  });
});

describe("nearest-rank percentiles", () => {
  it("p99 of the latencies 1 to 100 is 99, p50 is 50", () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect([percentile(values, 99), percentile(values, 50)]).toEqual([99, 50]);
  });

  it("p99 of fewer than 100 latencies is the largest", () => {
    expect(percentile([3, 9, 1], 99)).toBe(9);
  });
});
