/**
 * What one `npm run bench:stream` run measured (written to bench/.data/stream-latest.json), and the
 * streaming figures from the load generator's requests: sustained records/s = acknowledged flow records /
 * (last ack − first send); acknowledgement latency over requests (the attempt answered 200, send to
 * answer), nearest-rank percentiles; retries (attempts not answered 200).
 */
import type { SentRequest } from "./firehose-sender.js";
import type { LoadCycle } from "./serve-process.js";
import type { IngestStep } from "./steps.js";
import type { StreamBenchOptions } from "./stream-options.js";

export interface StreamingFigures {
  /** Requests with new records (the probe included), and the records they hold. */
  readonly requests: number;
  readonly records: number;
  readonly firstSendAt: number;
  readonly lastAckAt: number;
  readonly seconds: number;
  readonly recordsPerSecond: number;
  readonly ackP50Ms: number;
  readonly ackP99Ms: number;
  readonly ackMaxMs: number;
  /** Attempts answered with something else than 200, by status (0: no answer). */
  readonly refusedAttempts: Readonly<Record<string, number>>;
  /** Requests sent again after their 200 (same id), and their median ack latency. */
  readonly resends: number;
  readonly resendP50Ms: number;
  /** Each request with new records: sent (ms after the first send), ack latency (ms), records. */
  readonly timeline: readonly { readonly sentMs: number; readonly ackMs: number; readonly records: number }[];
}

/** One phase: serve on a fresh store, the requests sent flat out or paced. */
export interface PhaseResult {
  /** The pace, when paced. */
  readonly recordsPerSecond?: number;
  /** The 1-minute load average before the phase and when streaming ended (other work on the machine). */
  readonly loadAverage: { readonly before: number; readonly streaming: number };
  readonly streaming: StreamingFigures;
  /** Seconds from an ack until `flowlens query` counted its records. */
  readonly visibility: {
    readonly afterLastAckSeconds: number;
    readonly probeSeconds: number | null;
    readonly slowestQuerySeconds: number;
  };
  readonly serve: {
    readonly peakRssBytes: number;
    readonly loads: readonly LoadCycle[];
    readonly loadWaits: number;
  };
}

export interface StreamResults {
  readonly date: string;
  readonly options: StreamBenchOptions;
  readonly dataset: {
    readonly records: number;
    readonly requests: number;
    readonly payloads: number;
    readonly dataBytes: number;
    readonly bodyBytes: number;
  };
  /** Flat out: the throughput. */
  readonly saturated: PhaseResult;
  /** At the target rate: the latency Firehose sees at that rate. */
  readonly paced: PhaseResult;
  readonly files: IngestStep;
  /** Saturated streaming records/s ÷ file ingest records/s. */
  readonly streamingToFiles: number;
}

/** Nearest-rank percentile of `values` (p in 0–100). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

const ackLatency = (r: SentRequest): number => {
  const last = r.attempts.at(-1);
  return last ? last.answeredAt - last.sentAt : 0;
};

export function streamingFigures(sent: readonly SentRequest[]): StreamingFigures {
  const fresh = sent.filter((r) => r.kind !== "resend");
  const resent = sent.filter((r) => r.kind === "resend");
  const firstSendAt = Math.min(...fresh.map((r) => r.attempts[0]?.sentAt ?? Number.POSITIVE_INFINITY));
  const lastAckAt = Math.max(...fresh.map((r) => r.attempts.at(-1)?.answeredAt ?? 0));
  const records = fresh.reduce((sum, r) => sum + r.records, 0);
  const seconds = (lastAckAt - firstSendAt) / 1000;
  const latencies = fresh.map(ackLatency);
  const refusedAttempts: Record<string, number> = {};
  for (const r of sent)
    for (const a of r.attempts)
      if (a.status !== 200) refusedAttempts[a.status] = (refusedAttempts[a.status] ?? 0) + 1;
  return {
    requests: fresh.length,
    records,
    firstSendAt,
    lastAckAt,
    seconds,
    recordsPerSecond: records / seconds,
    ackP50Ms: percentile(latencies, 50),
    ackP99Ms: percentile(latencies, 99),
    ackMaxMs: Math.max(...latencies),
    refusedAttempts,
    resends: resent.length,
    resendP50Ms: percentile(resent.map(ackLatency), 50),
    timeline: fresh
      .map((r) => ({
        sentMs: Math.round((r.attempts.at(-1)?.sentAt ?? 0) - firstSendAt),
        ackMs: Math.round(ackLatency(r)),
        records: r.records,
      }))
      .sort((a, b) => a.sentMs - b.sentMs),
  };
}
