/**
 * The targets the ingest is judged on, checked against one run's results: flowlens ≤ 1.0× the wall time of
 * plain DuckDB CTAS; on the default format ≤ 2× the parse limit (moonshot ≤ 1.4×, ≥ 1.3 M records/s);
 * S3 ≥ 0.7× the speed of local files; each hourly load ≤ 1.5× the first; a re-run with nothing new ≤ 1 s
 * for 10,000 stored objects; peak RSS ≤ 1 GiB.
 */
import type { BenchResults, DatasetResult, VariantName } from "./bench-results.js";

export interface Target {
  /** A dataset's name, "hourly" or "stored". */
  readonly scope: string;
  readonly label: string;
  readonly measured: string;
  readonly met: boolean;
  /** A stretch goal: reported, not counted as missed. */
  readonly moonshot?: boolean;
}

const GIB = 2 ** 30;
const VARIANTS: readonly VariantName[] = ["few", "many"];
const VARIANT_LABEL: Record<VariantName, string> = { few: "few large", many: "many small" };

export const times = (value: number) => `${value.toFixed(2)}×`;
export const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
export const perSecond = (rows: number, seconds: number) =>
  `${Math.round(rows / seconds).toLocaleString("en-US")}/s`;

function datasetTargets(d: DatasetResult): Target[] {
  const targets: Target[] = [];
  for (const v of VARIANTS) {
    const r = d[v];
    const label = VARIANT_LABEL[v];
    const vsCtas = r.flowlens.seconds / r.ctas.seconds;
    targets.push({
      scope: d.name,
      label: `${label}: flowlens ≤ 1.0× plain DuckDB CTAS`,
      measured: times(vsCtas),
      met: vsCtas <= 1,
    });
    if (d.name !== "demo") {
      const vsParse = r.flowlens.seconds / r.parseLimit.seconds;
      const rate = r.flowlens.rows / r.flowlens.seconds;
      targets.push(
        {
          scope: d.name,
          label: `${label}: flowlens ≤ 2× the parse limit`,
          measured: times(vsParse),
          met: vsParse <= 2,
        },
        {
          scope: d.name,
          label: `${label}: flowlens ≤ 1.4× the parse limit`,
          measured: times(vsParse),
          met: vsParse <= 1.4,
          moonshot: true,
        },
        {
          scope: d.name,
          label: `${label}: flowlens ≥ 1.3 M records/s`,
          measured: perSecond(r.flowlens.rows, r.flowlens.seconds),
          met: rate >= 1.3e6,
          moonshot: true,
        },
      );
    }
    targets.push(rssTarget(d.name, `${label}: flowlens peak RSS`, r.flowlens.peakRssBytes));
  }
  if (d.s3) {
    const speed = d.many.flowlens.seconds / d.s3.seconds;
    targets.push(
      {
        scope: d.name,
        label: "S3 (local s3rver) ≥ 0.7× the speed of local files",
        measured: times(speed),
        met: speed >= 0.7,
      },
      rssTarget(d.name, "S3: flowlens peak RSS", d.s3.peakRssBytes),
    );
  }
  return targets;
}

function rssTarget(scope: string, label: string, bytes: number): Target {
  return { scope, label: `${label} ≤ 1 GiB`, measured: mib(bytes), met: bytes <= GIB };
}

export function evaluateTargets(results: BenchResults): Target[] {
  const targets = results.datasets.flatMap(datasetTargets);
  if (results.hourly) {
    const { loads } = results.hourly;
    const worst = Math.max(...loads.map((l) => l.ratioToFirst));
    targets.push(
      {
        scope: "hourly",
        label: "each of the 24 hourly loads ≤ 1.5× the first",
        measured: `worst ${times(worst)}`,
        met: worst <= 1.5,
      },
      rssTarget("hourly", "hourly loads: flowlens peak RSS", Math.max(...loads.map((l) => l.peakRssBytes))),
    );
  }
  if (results.storedObjects) {
    const { objects, rerun } = results.storedObjects;
    targets.push({
      scope: "stored",
      label: `re-run with nothing new, ${objects.toLocaleString("en-US")} stored objects ≤ 1 s${objects < 10_000 ? " (target stated for 10,000)" : ""}`,
      measured: `${rerun.seconds.toFixed(2)} s`,
      met: rerun.seconds <= 1,
    });
  }
  return targets;
}
