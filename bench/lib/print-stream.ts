/** Prints one bench:stream run: both phases side by side, file ingest, and the targets. */
import { printTargets } from "./print-results.js";
import type { PhaseResult, StreamResults } from "./stream-results.js";
import { mib, perSecond, type Target, times } from "./targets.js";

const count = (n: number) => n.toLocaleString("en-US");
const seconds = (s: number) => `${s.toFixed(2)} s`;
const ms = (value: number) => `${Math.round(value)} ms`;

function refusals(p: PhaseResult): string {
  const refused = Object.entries(p.streaming.refusedAttempts);
  if (refused.length === 0) return "none";
  return refused.map(([status, n]) => `${n} × ${status === "0" ? "no answer" : status}`).join(", ");
}

function loads(p: PhaseResult): string {
  const total = p.serve.loads.reduce((sum, l) => sum + l.ms, 0);
  const rows = p.serve.loads.reduce((sum, l) => sum + l.rows, 0);
  return `${p.serve.loads.length} in ${seconds(total / 1000)}, ${perSecond(rows, total / 1000)}`;
}

const ROWS: readonly [string, (p: PhaseResult) => string][] = [
  [
    "load average before / when streaming ended",
    (p) => `${p.loadAverage.before.toFixed(1)} / ${p.loadAverage.streaming.toFixed(1)}`,
  ],
  [
    "sustained records/s (last ack − first send)",
    (p) => `${perSecond(p.streaming.records, p.streaming.seconds)} in ${seconds(p.streaming.seconds)}`,
  ],
  ["ack latency p50", (p) => ms(p.streaming.ackP50Ms)],
  ["ack latency p99", (p) => ms(p.streaming.ackP99Ms)],
  ["ack latency max", (p) => ms(p.streaming.ackMaxMs)],
  ["attempts not answered 200 (retried, same id)", refusals],
  ["sent again after their 200, ack p50", (p) => `${p.streaming.resends}, ${ms(p.streaming.resendP50Ms)}`],
  ["visible to query after the last ack", (p) => seconds(p.visibility.afterLastAckSeconds)],
  [
    "visible to query after the probe's ack",
    (p) => (p.visibility.probeSeconds === null ? "—" : seconds(p.visibility.probeSeconds)),
  ],
  ["slowest query poll (in the above)", (p) => seconds(p.visibility.slowestQuerySeconds)],
  ["serve's loads into the store", loads],
  ["slowest load", (p) => ms(p.serve.loads.reduce((max, l) => Math.max(max, l.ms), 0))],
  ["loads that waited for the store (a query)", (p) => String(p.serve.loadWaits)],
  ["serve peak RSS", (p) => mib(p.serve.peakRssBytes)],
];

export function printStream(r: StreamResults, targets: readonly Target[]): void {
  const d = r.dataset;
  console.log(
    `\nstreaming: ${count(d.records)} default-format records in ${count(d.requests)} Firehose requests (${count(d.payloads)} CloudWatch payloads, ${mib(d.dataBytes)} of record data, ${mib(d.bodyBytes)} of gzip bodies) + a probe of ${count(r.saturated.streaming.records - d.records)}, ${r.options.connections} connections`,
  );
  console.log(
    "serve, the load generator and the query polls share this machine's cores; the generator only sends",
  );
  console.log("prebuilt bodies. Each phase starts serve on a fresh store.");
  console.log(
    `${"".padEnd(48)}${"flat out".padStart(24)}${`paced at ${count(r.options.rate)}/s`.padStart(28)}`,
  );
  for (const [label, value] of ROWS)
    console.log(`  ${label.padEnd(46)}${value(r.saturated).padStart(24)}${value(r.paced).padStart(28)}`);
  console.log(
    `  flowlens ingest of the same records, ${count(d.requests)} files: ${seconds(r.files.seconds)}, ${perSecond(r.files.rows, r.files.seconds)}, peak RSS ${mib(r.files.peakRssBytes)}; streaming flat out ÷ files: ${times(r.streamingToFiles)}`,
  );
  printTargets(targets, "  ");
  const missed = targets.filter((t) => !t.met);
  console.log(
    `\ntargets: ${targets.length - missed.length} of ${targets.length} met (${count(d.records)} records, ${r.date})`,
  );
  for (const t of missed) console.log(`  MISSED ${t.label}: ${t.measured}`);
}
