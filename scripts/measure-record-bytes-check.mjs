// Measures RecordBytesChecker's throughput over gunzipped flow logs (with a header line), fed in 64 KiB
// chunks as a gunzip stream yields them: `npx tsx scripts/measure-record-bytes-check.mjs <file.log.gz>...`.
// The bytes are decompressed first, so only the check is timed. Not a test: nothing asserts a speed.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { RecordBytesChecker } from "../src/records/check-record-bytes.ts";
import { parseHeaderLine } from "../src/records/log-format.ts";

const CHUNK = 64 * 1024;
const RUNS = 9;

function check(bytes, layout) {
  const checker = new RecordBytesChecker(layout);
  const t0 = performance.now();
  for (let at = 0; at < bytes.length; at += CHUNK) checker.push(bytes.subarray(at, at + CHUNK));
  const verdict = checker.end();
  return { verdict, ms: performance.now() - t0 };
}

const files = process.argv.slice(2).map((path) => {
  const bytes = gunzipSync(readFileSync(path));
  const header = new TextDecoder().decode(bytes.subarray(0, bytes.indexOf(10)));
  return { path, bytes, layout: { format: parseHeaderLine(header), header: true, exportTimestamp: false } };
});
const mbps = (bytes, ms) => Math.round(bytes / 1e6 / (ms / 1000));
let total = 0;
let totalMs = 0;
for (const { path, bytes, layout } of files) {
  const runs = Array.from({ length: RUNS }, () => check(bytes, layout));
  const times = runs.map((r) => r.ms);
  const first = times[0];
  times.sort((a, b) => a - b);
  total += bytes.length * RUNS;
  totalMs += runs.reduce((sum, r) => sum + r.ms, 0);
  console.log(
    `${path}: ${(bytes.length / 1e6).toFixed(1)} MB, ${JSON.stringify(runs[0].verdict)}: ` +
      `first pass ${mbps(bytes.length, first)} MB/s, median ${mbps(bytes.length, times[RUNS >> 1])} MB/s`,
  );
}
console.log(`all passes: ${(total / 1e6).toFixed(0)} MB at ${mbps(total, totalMs)} MB/s`);
