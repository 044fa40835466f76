/**
 * The targets `flowlens serve` is judged on (issue 11), checked against one bench:stream run:
 * ≥ 200,000 flow records/s sustained (flat out) with p99 ack ≤ 1 s (paced at the target rate: the latency
 * Firehose sees when 200,000 records/s arrive); visible to `query` ≤ 10 s after the ack (the last ack of
 * each phase, and the paced phase's mid-run probe); peak RSS ≤ 1.5 GiB; streaming ≥ 0.5× the records/s of
 * `flowlens ingest` of the same records as files.
 */
import type { StreamResults } from "./stream-results.js";
import { mib, perSecond, type Target, times } from "./targets.js";

const SCOPE = "stream";
const seconds = (s: number) => `${s.toFixed(2)} s`;
const count = (n: number) => n.toLocaleString("en-US");

export function evaluateStreamTargets(results: StreamResults): Target[] {
  const { saturated, paced } = results;
  const visible = Math.max(saturated.visibility.afterLastAckSeconds, paced.visibility.afterLastAckSeconds);
  const probe = paced.visibility.probeSeconds;
  const rss = Math.max(saturated.serve.peakRssBytes, paced.serve.peakRssBytes);
  const targets: Target[] = [
    {
      scope: SCOPE,
      label: "sustained ≥ 200,000 flow records/s (flat out)",
      measured: perSecond(saturated.streaming.records, saturated.streaming.seconds),
      met: saturated.streaming.recordsPerSecond >= 200_000,
    },
    {
      scope: SCOPE,
      label: `acknowledgement p99 ≤ 1 s, paced at ${count(results.options.rate)} records/s`,
      measured: seconds(paced.streaming.ackP99Ms / 1000),
      met: paced.streaming.ackP99Ms <= 1000 && results.options.rate >= 200_000,
    },
    {
      scope: SCOPE,
      label: "visible to query ≤ 10 s after the last ack (worse phase)",
      measured: seconds(visible),
      met: visible <= 10,
    },
  ];
  if (probe !== null)
    targets.push({
      scope: SCOPE,
      label: "visible to query ≤ 10 s after the ack, paced, mid-run probe",
      measured: seconds(probe),
      met: probe <= 10,
    });
  targets.push(
    { scope: SCOPE, label: "serve peak RSS ≤ 1.5 GiB", measured: mib(rss), met: rss <= 1.5 * 2 ** 30 },
    {
      scope: SCOPE,
      label: "streaming (flat out) ≥ 0.5× file ingest of the same records",
      measured: times(results.streamingToFiles),
      met: results.streamingToFiles >= 0.5,
    },
  );
  return targets;
}
