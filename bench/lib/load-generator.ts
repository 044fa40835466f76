/**
 * The load generator of `npm run bench:stream`, run in its own process (forked with tsx): it reads every
 * prebuilt request into memory first (so building them costs nothing during the run), says "ready", and on
 * "go" sends them like Firehose (lib/firehose-sender.ts), flat out or paced. The probe request goes out halfway; every
 * RESEND_EVERY-th request is sent again after its 200, with the same request id, as Firehose does when an
 * answer is lost. Messages to the parent: ready, probe (its ack time), done (every request's attempts).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { FirehoseDataset } from "./firehose-dataset.js";
import { type OutgoingRequest, type SentRequest, sendRequests } from "./firehose-sender.js";

export const RESEND_EVERY = 10;

export interface LoadGeneratorStart {
  readonly url: string;
  readonly accessKey: string;
  readonly sourceArn: string;
  readonly connections: number;
  /** Paced at this many flow records/s; flat out when absent. */
  readonly recordsPerSecond?: number;
  readonly dataset: FirehoseDataset;
}

export type LoadGeneratorMessage =
  | { readonly type: "ready"; readonly requests: number; readonly bytes: number }
  | { readonly type: "probe"; readonly ackAt: number }
  | { readonly type: "done"; readonly sent: readonly SentRequest[] }
  | { readonly type: "failed"; readonly error: string };

function tell(message: LoadGeneratorMessage): void {
  process.send?.(message);
}

function prebuilt(start: LoadGeneratorStart): OutgoingRequest[] {
  const { dataset } = start;
  const data = dataset.requests.map((r) => ({
    requestId: r.requestId,
    body: readFileSync(join(dataset.dir, r.body)),
    records: r.records,
    kind: "data",
  }));
  const probe = {
    requestId: dataset.probe.requestId,
    body: readFileSync(join(dataset.dir, dataset.probe.body)),
    records: dataset.probe.records,
    kind: "probe",
  };
  const half = Math.floor(data.length / 2);
  return [...data.slice(0, half), probe, ...data.slice(half)];
}

async function run(start: LoadGeneratorStart): Promise<void> {
  const queue = prebuilt(start);
  tell({ type: "ready", requests: queue.length, bytes: queue.reduce((sum, r) => sum + r.body.length, 0) });
  await new Promise<void>((resolve) => {
    process.once("message", () => resolve());
  });
  const bodies = new Map(queue.map((r) => [r.requestId, r]));
  let acked = 0;
  const sent = await sendRequests(queue, {
    url: start.url,
    accessKey: start.accessKey,
    sourceArn: start.sourceArn,
    connections: start.connections,
    ...(start.recordsPerSecond ? { recordsPerSecond: start.recordsPerSecond } : {}),
    onAck: (done: SentRequest) => {
      const ack = done.attempts.at(-1)?.answeredAt ?? 0;
      if (done.kind === "probe") tell({ type: "probe", ackAt: ack });
      if (done.kind !== "data") return;
      if (++acked % RESEND_EVERY === 0) {
        const again = bodies.get(done.requestId) as OutgoingRequest;
        queue.push({ ...again, kind: "resend" });
      }
    },
  });
  tell({ type: "done", sent });
}

process.once("message", (start: LoadGeneratorStart) => {
  run(start)
    .catch((error: unknown) => tell({ type: "failed", error: (error as Error).message }))
    .finally(() => process.disconnect());
});
