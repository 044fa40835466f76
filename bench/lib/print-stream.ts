/** Prints one bench:stream run: the streaming figures, visibility, the server's loads, files, targets. */
import { printTargets } from "./print-results.js";
import type { StreamResults } from "./stream-results.js";
import { mib, perSecond, type Target, times } from "./targets.js";

const count = (n: number) => n.toLocaleString("en-US");
const seconds = (s: number) => `${s.toFixed(2)} s`;
const ms = (value: number) => `${Math.round(value)} ms`;

function line(label: string, value: string): void {
  console.log(`  ${label.padEnd(44)} ${value}`);
}

export function printStream(r: StreamResults, targets: readonly Target[]): void {
  const { dataset: d, streaming: s, visibility: v, serve } = r;
  console.log(
    `\nstreaming: ${count(d.records)} default-format records in ${count(d.requests)} Firehose requests (${count(d.payloads)} CloudWatch payloads, ${mib(d.dataBytes)} of record data, ${mib(d.bodyBytes)} of gzip bodies), ${r.options.connections} connections`,
  );
  console.log(
    "  serve and the load generator share this machine's cores (the generator only sends prebuilt bodies);",
  );
  console.log(
    `  load average ${r.loadAverage.before.toFixed(2)} before the run, ${r.loadAverage.streaming.toFixed(2)} when streaming ended`,
  );
  line(
    "sustained (acked records / last ack − first send)",
    `${perSecond(s.records, s.seconds)} over ${seconds(s.seconds)}`,
  );
  line("ack latency p50 / p99 / max", `${ms(s.ackP50Ms)} / ${ms(s.ackP99Ms)} / ${ms(s.ackMaxMs)}`);
  const refused = Object.entries(s.refusedAttempts);
  line(
    "attempts not answered 200 (retried, same id)",
    refused.length === 0
      ? "none"
      : refused.map(([status, n]) => `${n} × ${status === "0" ? "no answer" : status}`).join(", "),
  );
  line("sent again after their 200 (stored once)", `${s.resends}, ack p50 ${ms(s.resendP50Ms)}`);
  line("visible to query after the last ack", seconds(v.afterLastAckSeconds));
  line(
    "visible to query after the probe's ack",
    v.probeSeconds === null ? "not measured" : seconds(v.probeSeconds),
  );
  line("slowest `flowlens query` poll (in the above)", seconds(v.slowestQuerySeconds));
  const loadMs = serve.loads.reduce((sum, l) => sum + l.ms, 0);
  const slowest = serve.loads.reduce((max, l) => Math.max(max, l.ms), 0);
  const rows = serve.loads.reduce((sum, l) => sum + l.rows, 0);
  line(
    "serve's loads into the store",
    `${serve.loads.length} loads, ${count(rows)} rows in ${seconds(loadMs / 1000)} (${perSecond(rows, loadMs / 1000)}), slowest ${ms(slowest)}, ${serve.loadWaits} waited for the store`,
  );
  line("serve peak RSS", mib(serve.peakRssBytes));
  line(
    `flowlens ingest of the same records, ${count(d.requests)} files`,
    `${seconds(r.files.seconds)}, ${perSecond(r.files.rows, r.files.seconds)}, peak RSS ${mib(r.files.peakRssBytes)}`,
  );
  line("streaming ÷ file ingest (records/s)", times(r.streamingToFiles));
  printTargets(targets, "  ");
  const missed = targets.filter((t) => !t.met);
  console.log(
    `\ntargets: ${targets.length - missed.length} of ${targets.length} met (${count(d.records)} records, ${r.date})`,
  );
  for (const t of missed) console.log(`  MISSED ${t.label}: ${t.measured}`);
}
