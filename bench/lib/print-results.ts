/** Prints the benchmark's results: a table per dataset, the hourly loads, the re-runs and the targets. */
import type { BenchResults, DatasetResult, VariantName } from "./bench-results.js";
import { DATASET_TITLES } from "./datasets.js";
import type { HourlyResult } from "./hourly-loads.js";
import type { Step } from "./steps.js";
import type { StoredObjectsResult } from "./stored-objects.js";
import { mib, perSecond, type Target, times } from "./targets.js";

const count = (n: number) => n.toLocaleString("en-US");
const seconds = (s: number) => `${s.toFixed(2)} s`;
const VARIANT_LABEL: Record<VariantName, string> = { few: "few large", many: "many small" };

function row(label: string, step: Step, vsParse?: number, vsCtas?: number): string {
  return [
    `    ${label.padEnd(30)}`,
    seconds(step.seconds).padStart(9),
    perSecond(step.rows, step.seconds).padStart(14),
    mib(step.peakRssBytes).padStart(10),
    (vsParse === undefined ? "" : times(vsParse)).padStart(15),
    (vsCtas === undefined ? "" : times(vsCtas)).padStart(8),
    spread(step),
  ].join("");
}

/** Every run's time, when the step is a median. */
const spread = (step: Step) =>
  step.runs ? `  runs ${step.runs.map((s) => s.toFixed(2)).join(" / ")} s` : "";

function mark(target: Target): string {
  return target.met ? "met" : target.moonshot ? "not yet" : "MISSED";
}

export function printTargets(targets: readonly Target[], indent: string): void {
  for (const t of targets) {
    const label = `${t.moonshot ? "moonshot: " : ""}${t.label}`;
    console.log(`${indent}${label.padEnd(72)} ${t.measured.padStart(14)}  ${mark(t)}`);
  }
}

export function printDataset(d: DatasetResult, targets: readonly Target[]): void {
  console.log(`\n${DATASET_TITLES[d.name]} — ${count(d.records)} records`);
  console.log(
    `${"".padEnd(34)}${"wall".padStart(9)}${"records/s".padStart(14)}${"peak RSS".padStart(10)}${"× parse limit".padStart(15)}${"× CTAS".padStart(8)}`,
  );
  for (const v of ["few", "many"] as const) {
    const r = d[v];
    console.log(`  ${VARIANT_LABEL[v]}: ${count(r.files)} files, ${mib(r.bytes)}`);
    const p = r.parseLimit.seconds;
    console.log(row("zcat > /dev/null", r.zcat, r.zcat.seconds / p));
    console.log(row("parse limit (types given)", r.parseLimit, 1));
    console.log(row("plain DuckDB CTAS", r.ctas, r.ctas.seconds / p, 1));
    console.log(
      row("flowlens ingest", r.flowlens, r.flowlens.seconds / p, r.flowlens.seconds / r.ctas.seconds),
    );
  }
  if (d.s3) console.log(row("S3 (local s3rver), many small", d.s3, d.s3.seconds / d.many.parseLimit.seconds));
  printTargets(targets, "  ");
}

export function printHourlyLoad(load: HourlyResult["loads"][number], run: number): void {
  console.log(
    `  run ${run}, hour ${load.hour}: ${seconds(load.seconds).padStart(8)}  ${count(load.rows).padStart(11)} records  ${times(load.ratioToFirst).padStart(6)} the first  peak RSS ${mib(load.peakRssBytes)}`,
  );
}

export function printHourly(hourly: HourlyResult, targets: readonly Target[]): void {
  if (hourly.loads[0]?.runs) {
    console.log(
      `  each hour's median of ${hourly.loads[0].runs.length} runs, and its ratio to the first hour's:`,
    );
    for (const load of hourly.loads)
      console.log(
        `    hour ${load.hour}: ${seconds(load.seconds).padStart(8)}  ${times(load.ratioToFirst).padStart(6)}`,
      );
  }
  const total = hourly.loads.reduce((sum, l) => sum + l.seconds, 0);
  // Growth shows as a trend, noise (a busy machine) as scatter: compare the first and last quarter.
  const mean = (loads: HourlyResult["loads"]) => loads.reduce((sum, l) => sum + l.seconds, 0) / loads.length;
  const early = mean(hourly.loads.slice(0, 6));
  const late = mean(hourly.loads.slice(-6));
  console.log(
    `  24 loads: ${seconds(total)} in all; mean of hours 00–05 ${seconds(early)}, of hours 18–23 ${seconds(late)} (${times(late / early)})`,
  );
  console.log(
    `  the whole day again, nothing new: ${seconds(hourly.rerun.seconds)} (${count(hourly.rerun.objectsSkipped)} objects skipped)`,
  );
  printTargets(targets, "  ");
}

export function printStoredObjects(stored: StoredObjectsResult, targets: readonly Target[]): void {
  console.log(`\nre-run with nothing new: ${count(stored.objects)} tiny objects`);
  console.log(
    `  first ingest: ${seconds(stored.first.seconds)} (${count(stored.first.rows)} records), peak RSS ${mib(stored.first.peakRssBytes)}`,
  );
  console.log(
    `  re-run:       ${seconds(stored.rerun.seconds)} (${count(stored.rerun.objectsSkipped)} objects skipped), peak RSS ${mib(stored.rerun.peakRssBytes)}`,
  );
  printTargets(targets, "  ");
}

export function printSummary(results: BenchResults, targets: readonly Target[]): void {
  const counted = targets.filter((t) => !t.moonshot);
  const missed = counted.filter((t) => !t.met);
  const moonshots = targets.filter((t) => t.moonshot);
  console.log(
    `\ntargets: ${counted.length - missed.length} of ${counted.length} met; moonshots ${moonshots.filter((t) => t.met).length} of ${moonshots.length} (${count(results.options.records)} records, ${results.date})`,
  );
  for (const t of missed) console.log(`  MISSED ${t.scope}: ${t.label}: ${t.measured}`);
}
