/**
 * Sends prebuilt requests to a Firehose HTTP endpoint the way Firehose does: a few connections at once
 * (kept alive), the `X-Amz-Firehose-*` headers, `Content-Encoding: gzip`, and on anything but 200 (or a
 * connection failure) the same request again — the same body and request id — after Firehose's backoff,
 * 1 s doubling with ±15% jitter, capped at 2 minutes. Records, per request, when each attempt was sent,
 * answered and with what status. Times are wall-clock milliseconds (comparable across processes).
 * Flat out by default; with `recordsPerSecond`, each request waits until the records before it are due at
 * that rate (an open loop, as Firehose sends what arrives), so the latency is the one seen at that rate.
 */
import { Agent, request } from "node:http";

export interface OutgoingRequest {
  readonly requestId: string;
  readonly body: Buffer;
  /** Flow records in it. */
  readonly records: number;
  /** "data", or what else it is ("probe", "resend": a request sent again after its 200). */
  readonly kind: string;
}

export interface Attempt {
  readonly sentAt: number;
  readonly answeredAt: number;
  /** The HTTP status, or 0 when the connection failed. */
  readonly status: number;
}

export interface SentRequest {
  readonly requestId: string;
  readonly kind: string;
  readonly records: number;
  readonly bodyBytes: number;
  readonly attempts: readonly Attempt[];
}

export interface SenderOptions {
  /** The endpoint, e.g. http://127.0.0.1:8080/firehose. */
  readonly url: string;
  readonly accessKey: string;
  readonly sourceArn: string;
  /** @default 4 */
  readonly connections?: number;
  /** The first retry's delay before jitter. @default 1000 */
  readonly firstBackoffMs?: number;
  /** Attempts before a request is given up (the run fails). @default 12 */
  readonly maxAttempts?: number;
  /** Sends at this rate of flow records (requests sent again are not paced). @default flat out */
  readonly recordsPerSecond?: number;
  /** Called when a request is acknowledged. */
  readonly onAck?: (sent: SentRequest) => void;
}

const MAX_BACKOFF_MS = 120_000;
/** Firehose waits 3 minutes for an answer. */
const ANSWER_TIMEOUT_MS = 180_000;

export const now = (): number => performance.timeOrigin + performance.now();

/** The wait before attempt `attempt + 1` (attempt ≥ 1): base × 2^(attempt − 1), ±15%, capped. */
export function firehoseBackoffMs(attempt: number, firstBackoffMs = 1000, random = Math.random): number {
  const base = Math.min(MAX_BACKOFF_MS, firstBackoffMs * 2 ** (attempt - 1));
  return base * (0.85 + 0.3 * random());
}

function post(agent: Agent, options: SenderOptions, outgoing: OutgoingRequest): Promise<number> {
  return new Promise((resolve) => {
    const req = request(
      options.url,
      {
        method: "POST",
        agent,
        timeout: ANSWER_TIMEOUT_MS,
        headers: {
          "content-type": "application/json",
          "content-encoding": "gzip",
          "content-length": outgoing.body.length,
          "x-amz-firehose-protocol-version": "1.0",
          "x-amz-firehose-request-id": outgoing.requestId,
          "x-amz-firehose-source-arn": options.sourceArn,
          "x-amz-firehose-access-key": options.accessKey,
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", () => resolve(0));
      },
    );
    req.on("timeout", () => req.destroy(new Error("no answer in 3 minutes")));
    req.on("error", () => resolve(0));
    req.end(outgoing.body);
  });
}

async function deliver(
  agent: Agent,
  options: SenderOptions,
  outgoing: OutgoingRequest,
): Promise<SentRequest> {
  const attempts: Attempt[] = [];
  const maxAttempts = options.maxAttempts ?? 12;
  for (;;) {
    const sentAt = now();
    const status = await post(agent, options, outgoing);
    attempts.push({ sentAt, answeredAt: now(), status });
    if (status === 200) break;
    if (attempts.length >= maxAttempts)
      throw new Error(
        `request ${outgoing.requestId}: ${attempts.length} attempts, none answered 200 (last: ${status || "no answer"})`,
      );
    const wait = firehoseBackoffMs(attempts.length, options.firstBackoffMs);
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
  const { requestId, kind, records } = outgoing;
  return { requestId, kind, records, bodyBytes: outgoing.body.length, attempts };
}

/**
 * Sends `queue` in order over `connections` connections; `queue` may grow while it runs (a request sent
 * again after its 200 is pushed by `onAck`).
 */
export async function sendRequests(queue: OutgoingRequest[], options: SenderOptions): Promise<SentRequest[]> {
  const connections = options.connections ?? 4;
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const sent: SentRequest[] = [];
  let next = 0;
  let paced = 0;
  const startedAt = now();
  const worker = async () => {
    while (next < queue.length) {
      const outgoing = queue[next++] as OutgoingRequest;
      if (options.recordsPerSecond && outgoing.kind !== "resend") {
        const dueAt = startedAt + (paced / options.recordsPerSecond) * 1000;
        paced += outgoing.records;
        if (dueAt > now()) await new Promise((resolve) => setTimeout(resolve, dueAt - now()));
      }
      const done = await deliver(agent, options, outgoing);
      sent.push(done);
      options.onAck?.(done);
    }
  };
  try {
    await Promise.all(Array.from({ length: connections }, worker));
  } finally {
    agent.destroy();
  }
  return sent;
}
