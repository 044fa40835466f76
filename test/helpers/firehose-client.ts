/**
 * A test client that delivers like Firehose: it sends a request until it gets 200, retrying the same
 * request (same request id) after any other status or a connection error, backing off from `firstBackoffMs`
 * doubling to `maxBackoffMs` (Firehose: 1 s doubling to 2 minutes; shorter here so tests finish).
 */
import { type FirehoseRequestInput, firehoseRequest } from "./firehose-payloads.js";

export interface Delivery {
  readonly requestId: string;
  readonly attempts: number;
  /** Statuses of the attempts that were answered, in order ("error" for a refused connection). */
  readonly answers: readonly (number | "error")[];
}

export interface RetryOptions {
  /** A function, so the server may move (a restart on another port). */
  readonly url: () => string;
  readonly firstBackoffMs?: number;
  readonly maxBackoffMs?: number;
  /** Gives up after this long. @default 60 s */
  readonly deadlineMs?: number;
}

export async function deliverWithRetries(
  input: FirehoseRequestInput,
  options: RetryOptions,
): Promise<Delivery> {
  const { headers, body } = firehoseRequest(input);
  const answers: (number | "error")[] = [];
  const deadline = Date.now() + (options.deadlineMs ?? 60_000);
  let backoff = options.firstBackoffMs ?? 50;
  for (;;) {
    try {
      const response = await fetch(`${options.url()}/firehose`, {
        method: "POST",
        headers,
        body,
        signal: AbortSignal.timeout(10_000),
      });
      await response.arrayBuffer();
      answers.push(response.status);
      if (response.status === 200) return { requestId: input.requestId, attempts: answers.length, answers };
    } catch {
      answers.push("error");
    }
    if (Date.now() > deadline)
      throw new Error(`request ${input.requestId} not delivered: ${answers.join(", ")}`);
    await new Promise((resolve) => setTimeout(resolve, backoff * (0.85 + Math.random() * 0.3)));
    backoff = Math.min(backoff * 2, options.maxBackoffMs ?? 1000);
  }
}

/** Delivers the requests with `connections` requests in flight at a time, as Firehose does. */
export async function deliverAll(
  inputs: readonly FirehoseRequestInput[],
  options: RetryOptions & { connections?: number },
): Promise<Delivery[]> {
  const results: Delivery[] = [];
  let next = 0;
  const worker = async () => {
    while (next < inputs.length) {
      const input = inputs[next++] as FirehoseRequestInput;
      results.push(await deliverWithRetries(input, options));
    }
  };
  await Promise.all(Array.from({ length: options.connections ?? 4 }, worker));
  return results;
}
