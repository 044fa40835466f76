/**
 * One phase of `npm run bench:stream`: a fresh store, `flowlens serve` on it, the load generator (its own
 * process, lib/load-generator.ts) sending the prebuilt requests flat out or paced, then `flowlens query`
 * polled until it counts every record; the probe's visibility is polled while the run goes on. Ends with
 * serve's peak RSS and its load cycles, then stops serve.
 */
import { fork } from "node:child_process";
import { rmSync } from "node:fs";
import { loadavg } from "node:os";
import { resolve } from "node:path";
import { DELIVERY_STREAM_ARN, type FirehoseDataset, PROBE_ENI } from "./firehose-dataset.js";
import type { SentRequest } from "./firehose-sender.js";
import type { LoadGeneratorMessage, LoadGeneratorStart } from "./load-generator.js";
import { ServeProcess } from "./serve-process.js";
import { removeDb } from "./steps.js";
import { type PhaseResult, streamingFigures } from "./stream-results.js";
import { waitUntilVisible } from "./visible-count.js";

export interface PhaseOptions {
  readonly dataset: FirehoseDataset;
  readonly db: string;
  readonly connections: number;
  /** Paced at this many flow records/s; flat out when absent. */
  readonly recordsPerSecond?: number;
  /** Node flags for serve (--cpu-prof …). */
  readonly nodeFlags: readonly string[];
  readonly progress: (text: string) => void;
}

const ACCESS_KEY = "bench-stream-access-key";
const POLL = { intervalMs: 250, timeoutMs: 300_000 };
const generatorScript = resolve(import.meta.dirname, "load-generator.ts");

function runLoadGenerator(
  options: PhaseOptions,
  url: string,
  onProbeAck: (ackAt: number) => void,
): Promise<readonly SentRequest[]> {
  const child = fork(generatorScript, [], { execArgv: ["--import", import.meta.resolve("tsx")] });
  const start: LoadGeneratorStart = {
    url: `${url}/firehose`,
    accessKey: ACCESS_KEY,
    sourceArn: DELIVERY_STREAM_ARN,
    connections: options.connections,
    ...(options.recordsPerSecond ? { recordsPerSecond: options.recordsPerSecond } : {}),
    dataset: options.dataset,
  };
  return new Promise((done, failed) => {
    child.on("message", (message: LoadGeneratorMessage) => {
      if (message.type === "ready") {
        options.progress(`load generator ready (${message.requests} requests in memory); sending`);
        child.send("go");
      } else if (message.type === "probe") onProbeAck(message.ackAt);
      else if (message.type === "done") done(message.sent);
      else failed(new Error(`load generator: ${message.error}`));
    });
    child.on("exit", (code) => failed(new Error(`load generator exited ${code} before it was done`)));
    child.send(start);
  });
}

export async function streamPhase(options: PhaseOptions): Promise<PhaseResult> {
  const { dataset, db } = options;
  removeDb(db);
  rmSync(`${db}.spool`, { recursive: true, force: true });
  const loadBefore = loadavg()[0] as number;
  const serve = await ServeProcess.start({ db, accessKey: ACCESS_KEY, nodeFlags: options.nodeFlags });
  try {
    let probe: Promise<number> | undefined;
    const sent = await runLoadGenerator(options, serve.url, (ackAt) => {
      const sql = `SELECT count(*) AS n FROM flows WHERE interface_id = '${PROBE_ENI}'`;
      probe = waitUntilVisible(db, sql, dataset.probe.records, POLL).then((v) => (v.at - ackAt) / 1000);
      probe.catch(() => undefined);
    });
    const streaming = streamingFigures(sent);
    const loadStreaming = loadavg()[0] as number;
    options.progress(
      `streamed; waiting until query counts all ${dataset.records.toLocaleString("en-US")} records`,
    );
    const sql = `SELECT count(*) AS n FROM flows WHERE interface_id <> '${PROBE_ENI}'`;
    const visible = await waitUntilVisible(db, sql, dataset.records, POLL);
    const probeSeconds = probe ? await probe : null;
    const peakRssBytes = serve.peakRssBytes();
    return {
      ...(options.recordsPerSecond ? { recordsPerSecond: options.recordsPerSecond } : {}),
      loadAverage: { before: loadBefore, streaming: loadStreaming },
      streaming,
      visibility: {
        afterLastAckSeconds: (visible.at - streaming.lastAckAt) / 1000,
        probeSeconds,
        slowestQuerySeconds: visible.slowestQuerySeconds,
      },
      serve: { peakRssBytes, loads: serve.loads, loadWaits: serve.loadWaits },
    };
  } finally {
    options.progress("stopping flowlens serve");
    await serve.stop();
  }
}
