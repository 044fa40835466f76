/**
 * `npm run bench:stream [-- --records N --seed N --rate N --connections N --cpu-prof --quick]`: the
 * streaming benchmark. Starts `flowlens serve` (the built CLI) on loopback and, in another process, a load
 * generator that behaves like Firehose delivering a CloudWatch Logs subscription (prebuilt gzip requests of
 * up to 5 MiB of record data, 4 connections, the same request id on retry) — twice, each time on a fresh
 * store: flat out (the sustained records/s), then paced at the target rate (the acknowledgement latency
 * Firehose sees at that rate). Each phase measures ack latency p50/p99, the time from ack to visible in
 * `flowlens query` (after the last ack, and for a probe request mid-run) and serve's peak RSS. Then it
 * times `flowlens ingest` of the same records as files. Prints the targets met and missed; writes
 * bench/.data/stream-latest.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { prepareFirehoseDataset } from "./lib/firehose-dataset.js";
import { printStream } from "./lib/print-stream.js";
import { flowlensIngest } from "./lib/steps.js";
import { parseStreamOptions } from "./lib/stream-options.js";
import { streamPhase } from "./lib/stream-phase.js";
import type { StreamResults } from "./lib/stream-results.js";
import { evaluateStreamTargets } from "./lib/stream-targets.js";

const options = parseStreamOptions(process.argv.slice(2));
const root = resolve(import.meta.dirname, "..");
const scratch = resolve(root, "bench/.data/scratch");
mkdirSync(scratch, { recursive: true });
const started = performance.now();
const progress = (text: string) =>
  console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${text}`);
const profileDir = resolve(root, "bench/.data/stream-profile");

const dataset = await prepareFirehoseDataset(root, options.records, options.seed);
const phase = (name: string, recordsPerSecond?: number) => {
  progress(`${name}: starting flowlens serve on a fresh store`);
  return streamPhase({
    dataset,
    db: resolve(scratch, "stream.duckdb"),
    connections: options.connections,
    ...(recordsPerSecond ? { recordsPerSecond } : {}),
    nodeFlags: options.cpuProf
      ? ["--cpu-prof", "--cpu-prof-dir", resolve(profileDir, name.replace(/[^a-z0-9]+/gi, "-"))]
      : [],
    progress: (text) => progress(`${name}: ${text}`),
  });
};
const saturated = await phase("flat out");
const paced = await phase(`paced at ${options.rate.toLocaleString("en-US")}/s`, options.rate);
progress(`flowlens ingest of the same records as ${dataset.requests.length} files`);
const files = await flowlensIngest([dataset.filesDir], resolve(scratch, "stream-files.duckdb"));
if (files.rows !== dataset.records)
  throw new Error(`flowlens ingest loaded ${files.rows} records of ${dataset.records}`);

const results: StreamResults = {
  date: new Date().toISOString(),
  options,
  dataset: {
    records: dataset.records,
    requests: dataset.requests.length,
    payloads: dataset.requests.reduce((sum, r) => sum + r.payloads, 0),
    dataBytes: dataset.requests.reduce((sum, r) => sum + r.dataBytes, 0),
    bodyBytes: dataset.requests.reduce((sum, r) => sum + r.bodyBytes, 0),
  },
  saturated,
  paced,
  files,
  streamingToFiles: saturated.streaming.recordsPerSecond / (files.rows / files.seconds),
};
const targets = evaluateStreamTargets(results);
printStream(results, targets);
if (options.cpuProf) console.log(`serve's CPU profiles: ${profileDir}`);
progress("done");
const out = resolve(root, "bench/.data/stream-latest.json");
const withoutStdout = (key: string, value: unknown) => (key === "stdout" ? undefined : value);
writeFileSync(out, `${JSON.stringify({ ...results, targets }, withoutStdout, 2)}\n`);
console.log(`results in ${out}`);
