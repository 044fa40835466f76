/**
 * `npm run bench:stream [-- --records N --seed N --connections N --cpu-prof --quick]`: the streaming
 * benchmark. Starts `flowlens serve` (the built CLI) on loopback and, in another process, a load generator
 * that behaves like Firehose delivering a CloudWatch Logs subscription (prebuilt gzip requests of up to
 * 5 MiB of record data, 4 connections, the same request id on retry). It measures sustained records/s,
 * acknowledgement latency p50/p99, the time from ack to visible in `flowlens query` (after the last ack,
 * and for a probe request mid-run), serve's peak RSS; then times `flowlens ingest` of the same records as
 * files. Prints the targets met and missed; writes bench/.data/stream-latest.json.
 */
import { fork } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { resolve } from "node:path";
import { DELIVERY_STREAM_ARN, PROBE_ENI, prepareFirehoseDataset } from "./lib/firehose-dataset.js";
import type { SentRequest } from "./lib/firehose-sender.js";
import type { LoadGeneratorMessage, LoadGeneratorStart } from "./lib/load-generator.js";
import { printStream } from "./lib/print-stream.js";
import { ServeProcess } from "./lib/serve-process.js";
import { flowlensIngest, removeDb } from "./lib/steps.js";
import { parseStreamOptions } from "./lib/stream-options.js";
import { type StreamResults, streamingFigures } from "./lib/stream-results.js";
import { evaluateStreamTargets } from "./lib/stream-targets.js";
import { waitUntilVisible } from "./lib/visible-count.js";

const options = parseStreamOptions(process.argv.slice(2));
const root = resolve(import.meta.dirname, "..");
const scratch = resolve(root, "bench/.data/scratch");
mkdirSync(scratch, { recursive: true });
const started = performance.now();
const progress = (text: string) =>
  console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${text}`);
const ACCESS_KEY = "bench-stream-access-key";
const POLL = { intervalMs: 250, timeoutMs: 300_000 };

const dataset = await prepareFirehoseDataset(root, options.records, options.seed);
const db = resolve(scratch, "stream.duckdb");
removeDb(db);
rmSync(`${db}.spool`, { recursive: true, force: true });
const profileDir = resolve(root, "bench/.data/stream-profile");
const loadBefore = loadavg()[0] as number;

progress("starting flowlens serve");
const serve = await ServeProcess.start({
  db,
  accessKey: ACCESS_KEY,
  nodeFlags: options.cpuProf ? ["--cpu-prof", "--cpu-prof-dir", profileDir] : [],
});
const probeCount = `SELECT count(*) AS n FROM flows WHERE interface_id = '${PROBE_ENI}'`;
const dataCount = `SELECT count(*) AS n FROM flows WHERE interface_id <> '${PROBE_ENI}'`;

/** Runs the load generator; resolves with its requests and the probe's visibility (seconds after its ack). */
function runLoadGenerator(): Promise<{ sent: readonly SentRequest[]; probeSeconds: Promise<number> }> {
  const child = fork(resolve(root, "bench/lib/load-generator.ts"), [], {
    execArgv: ["--import", import.meta.resolve("tsx")],
  });
  const start: LoadGeneratorStart = {
    url: `${serve.url}/firehose`,
    accessKey: ACCESS_KEY,
    sourceArn: DELIVERY_STREAM_ARN,
    connections: options.connections,
    dataset,
  };
  let probeSeconds: Promise<number> = Promise.reject(new Error("the probe was never acknowledged"));
  probeSeconds.catch(() => undefined);
  return new Promise((done, failed) => {
    child.on("message", (message: LoadGeneratorMessage) => {
      if (message.type === "ready") {
        progress(`load generator ready (${message.requests} requests in memory); sending`);
        child.send("go");
      } else if (message.type === "probe") {
        probeSeconds = waitUntilVisible(db, probeCount, dataset.probe.records, POLL).then(
          (visible) => (visible.at - message.ackAt) / 1000,
        );
      } else if (message.type === "done") {
        done({ sent: message.sent, probeSeconds });
      } else {
        failed(new Error(`load generator: ${message.error}`));
      }
    });
    child.on("exit", (code) => failed(new Error(`load generator exited ${code} before it was done`)));
    child.send(start);
  });
}

let results: StreamResults;
try {
  const generated = await runLoadGenerator();
  const streaming = streamingFigures(generated.sent);
  const loadStreaming = loadavg()[0] as number;
  progress(`streamed; waiting until query counts all ${dataset.records.toLocaleString("en-US")} records`);
  const visible = await waitUntilVisible(db, dataCount, dataset.records, POLL);
  const probeSeconds = await generated.probeSeconds;
  const peakRssBytes = serve.peakRssBytes();
  progress("stopping flowlens serve");
  await serve.stop();
  progress(`flowlens ingest of the same records as ${dataset.requests.length} files`);
  const files = await flowlensIngest([dataset.filesDir], resolve(scratch, "stream-files.duckdb"));
  if (files.rows !== dataset.records)
    throw new Error(`flowlens ingest loaded ${files.rows} records of ${dataset.records}`);
  results = {
    date: new Date().toISOString(),
    options,
    loadAverage: { before: loadBefore, streaming: loadStreaming },
    dataset: {
      records: dataset.records,
      requests: dataset.requests.length,
      payloads: dataset.requests.reduce((sum, r) => sum + r.payloads, 0),
      dataBytes: dataset.requests.reduce((sum, r) => sum + r.dataBytes, 0),
      bodyBytes: dataset.requests.reduce((sum, r) => sum + r.bodyBytes, 0),
    },
    streaming,
    visibility: {
      afterLastAckSeconds: (visible.at - streaming.lastAckAt) / 1000,
      probeSeconds,
      slowestQuerySeconds: visible.slowestQuerySeconds,
    },
    serve: { peakRssBytes, loads: serve.loads, loadWaits: serve.loadWaits },
    files,
    streamingToFiles: streaming.recordsPerSecond / (files.rows / files.seconds),
  };
} catch (error) {
  await serve.stop().catch(() => undefined);
  throw error;
}
const targets = evaluateStreamTargets(results);
printStream(results, targets);
if (options.cpuProf) console.log(`serve's CPU profile: ${profileDir}`);
progress("done");
const out = resolve(root, "bench/.data/stream-latest.json");
const withoutStdout = (key: string, value: unknown) => (key === "stdout" ? undefined : value);
writeFileSync(out, `${JSON.stringify({ ...results, targets }, withoutStdout, 2)}\n`);
console.log(`results in ${out}`);
