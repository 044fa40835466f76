/**
 * The targets `flowlens serve` is judged on (issue 11), checked against one bench:stream run:
 * ≥ 200,000 flow records/s sustained with p99 ack ≤ 1 s; visible to `query` ≤ 10 s after the ack; peak
 * RSS ≤ 1.5 GiB; streaming ≥ 0.5× the records/s of `flowlens ingest` of the same records as files.
 */
import type { StreamResults } from "./stream-results.js";
import { mib, perSecond, type Target, times } from "./targets.js";

const SCOPE = "stream";
const seconds = (s: number) => `${s.toFixed(2)} s`;

export function evaluateStreamTargets(results: StreamResults): Target[] {
  const { streaming, visibility, serve } = results;
  const targets: Target[] = [
    {
      scope: SCOPE,
      label: "sustained ≥ 200,000 flow records/s",
      measured: perSecond(streaming.records, streaming.seconds),
      met: streaming.recordsPerSecond >= 200_000,
    },
    {
      scope: SCOPE,
      label: "acknowledgement p99 ≤ 1 s",
      measured: seconds(streaming.ackP99Ms / 1000),
      met: streaming.ackP99Ms <= 1000,
    },
    {
      scope: SCOPE,
      label: "visible to query ≤ 10 s after the last ack",
      measured: seconds(visibility.afterLastAckSeconds),
      met: visibility.afterLastAckSeconds <= 10,
    },
  ];
  if (visibility.probeSeconds !== null)
    targets.push({
      scope: SCOPE,
      label: "visible to query ≤ 10 s after the ack, mid-run probe",
      measured: seconds(visibility.probeSeconds),
      met: visibility.probeSeconds <= 10,
    });
  targets.push(
    {
      scope: SCOPE,
      label: "serve peak RSS ≤ 1.5 GiB",
      measured: mib(serve.peakRssBytes),
      met: serve.peakRssBytes <= 1.5 * 2 ** 30,
    },
    {
      scope: SCOPE,
      label: "streaming ≥ 0.5× file ingest of the same records",
      measured: times(results.streamingToFiles),
      met: results.streamingToFiles >= 0.5,
    },
  );
  return targets;
}
