/**
 * `npm run bench:ingest [-- --records N --datasets demo,default,distinct --skip-hourly --skip-s3
 * --skip-stored --stored-objects N --quick]`: the ingest benchmark. For each dataset (the demo's v5
 * objects, the default format with realistic cardinality, the default format with every record distinct),
 * as few large files and as many small objects, it times in one run and on the same files: zcat, the parse
 * limit (DuckDB's reader, types given, nothing kept), plain DuckDB CTAS and `flowlens ingest`, with
 * records/s, the ratios and peak RSS; the demo's objects also from a local S3 server. Then 24 hourly loads
 * of the realistic day into one store and the day again with nothing new, and a no-op re-run over 10,000
 * stored objects. Prints the targets met and missed; writes bench/.data/ingest-latest.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseBenchOptions } from "./lib/bench-options.js";
import type { BenchResults, DatasetResult, VariantResult } from "./lib/bench-results.js";
import { BENCH_DAY, type Dataset, type DatasetVariant, prepareDataset } from "./lib/datasets.js";
import { hourlyLoads } from "./lib/hourly-loads.js";
import {
  printDataset,
  printHourly,
  printHourlyLoad,
  printStoredObjects,
  printSummary,
} from "./lib/print-results.js";
import { s3Ingest } from "./lib/s3-ingest.js";
import {
  duckdbCtas,
  flowlensIngest,
  type IngestStep,
  medianOf,
  parseLimit,
  type Step,
  zcat,
} from "./lib/steps.js";
import { storedObjects } from "./lib/stored-objects.js";
import { evaluateTargets } from "./lib/targets.js";

const options = parseBenchOptions(process.argv.slice(2));
const root = resolve(import.meta.dirname, "..");
const scratch = resolve(root, "bench/.data/scratch");
mkdirSync(scratch, { recursive: true });
const started = performance.now();
const progress = (text: string) =>
  console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${text}`);

async function runVariant(dataset: Dataset, label: string, variant: DatasetVariant): Promise<VariantResult> {
  const step = <T extends Step>(name: string, run: () => Promise<T>) => {
    progress(`${dataset.name}, ${label}: ${name}${options.runs > 1 ? ` (${options.runs} runs)` : ""}`);
    return medianOf(options.runs, run);
  };
  const result = {
    files: variant.files,
    bytes: variant.bytes,
    zcat: await step("zcat", () => zcat(variant.dir, dataset.records)),
    parseLimit: await step("parse limit", () => parseLimit(variant.dir, dataset.header)),
    ctas: await step("plain DuckDB CTAS", () => duckdbCtas(variant.dir, resolve(scratch, "ctas.duckdb"))),
    flowlens: await step("flowlens ingest", () =>
      flowlensIngest([variant.dir], resolve(scratch, "flowlens.duckdb")),
    ),
  };
  for (const s of [result.parseLimit, result.ctas, result.flowlens]) {
    if (s.rows !== dataset.records)
      throw new Error(`${dataset.name}, ${label}: ${s.name} read ${s.rows} records of ${dataset.records}`);
  }
  return result;
}

const results: BenchResults = { date: new Date().toISOString(), options, datasets: [] };
const targetsOf = (scope: string) => evaluateTargets(results).filter((t) => t.scope === scope);
for (const name of options.datasets) {
  const dataset = await prepareDataset(root, name, options.records, options.seed);
  const few = await runVariant(dataset, "few large", dataset.few);
  const many = await runVariant(dataset, "many small", dataset.many);
  let s3: IngestStep | undefined;
  if (name === "demo" && !options.skipS3) {
    progress("demo, many small: flowlens ingest from a local S3 server");
    s3 = await medianOf(options.runs, () =>
      s3Ingest(dataset.many.dir, BENCH_DAY, resolve(scratch, "s3.duckdb")),
    );
  }
  const result: DatasetResult = { name, records: dataset.records, few, many, ...(s3 ? { s3 } : {}) };
  results.datasets.push(result);
  printDataset(result, targetsOf(name));
}
if (!options.skipHourly) {
  const dataset = await prepareDataset(root, "default", options.records, options.seed);
  console.log(
    `\n24 hourly loads of the default dataset's day (${dataset.records.toLocaleString("en-US")} records), one store`,
  );
  results.hourly = await hourlyLoads(
    dataset.many.dir,
    resolve(scratch, "hourly.duckdb"),
    options.runs,
    printHourlyLoad,
  );
  printHourly(results.hourly, targetsOf("hourly"));
}
if (!options.skipStored) {
  const dir = resolve(root, "bench/.data", `stored-objects-${options.storedObjects}-s${options.seed}`);
  progress(`${options.storedObjects.toLocaleString("en-US")} tiny objects: first ingest, then the re-run`);
  results.storedObjects = await storedObjects(
    dir,
    BENCH_DAY,
    options.storedObjects,
    options.seed,
    resolve(scratch, "stored.duckdb"),
    options.runs,
  );
  printStoredObjects(results.storedObjects, targetsOf("stored"));
}
const targets = evaluateTargets(results);
printSummary(results, targets);
progress("done");
const out = resolve(root, "bench/.data/ingest-latest.json");
// A step's stdout (the CLI's JSON summary) is already summed up in its fields.
const withoutStdout = (key: string, value: unknown) => (key === "stdout" ? undefined : value);
writeFileSync(out, `${JSON.stringify({ ...results, targets }, withoutStdout, 2)}\n`);
console.log(`results in ${out}`);
