/**
 * The benchmark's datasets, each one day, each in two variants on disk: "many small" (the S3 layout, an
 * object per flow log and 5-minute window) and "few large" (the same records in 20 gzip files):
 *   - demo: the demo generator's custom v5 objects (27 fields);
 *   - default: AWS's default format with realistic cardinality;
 *   - distinct: the default format with every record a distinct conversation.
 * Generated once and cached under bench/.data (delete a folder to regenerate it).
 */
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import { generateDemo } from "../../src/sources/demo/generate-demo.js";
import type { DatasetName } from "./bench-options.js";
import { writeFlowLogDay } from "./default-format-data.js";
import { DistinctFlows } from "./distinct-flows.js";
import { RealisticFlows } from "./realistic-flows.js";
import { regroupObjects } from "./regroup-objects.js";

/** Bumped whenever a generator changes what it writes, so cached data is rebuilt. */
const GENERATOR_VERSION = 1;
export const BENCH_DAY = "2026-11-20";
const FEW_FILES = 20;
const FLOW_LOGS = 2;

export const DATASET_TITLES: Record<DatasetName, string> = {
  demo: "demo: custom v5 format (27 fields), the demo estate",
  default: "default: AWS default format, realistic cardinality",
  distinct: "distinct: AWS default format, every record a distinct conversation",
};

export interface DatasetVariant {
  /** Folder to ingest. */
  readonly dir: string;
  readonly files: number;
  readonly bytes: number;
}

export interface Dataset {
  readonly name: DatasetName;
  readonly records: number;
  readonly header: string;
  readonly few: DatasetVariant;
  readonly many: DatasetVariant;
}

export function datasetDir(root: string, name: DatasetName, records: number, seed: number): string {
  return resolve(root, "bench/.data", `${name}-${records}-s${seed}`);
}

function sizeOf(files: readonly string[]): number {
  return files.reduce((sum, file) => sum + statSync(file).size, 0);
}

async function writeMany(name: DatasetName, dir: string, records: number, seed: number) {
  if (name === "demo") {
    const result = await generateDemo({
      outDir: dir,
      startDate: BENCH_DAY,
      seed,
      recordsPerDay: records,
      textOnly: true,
    });
    return { files: result.files, records: result.records };
  }
  const lines = name === "default" ? new RealisticFlows(seed, FLOW_LOGS) : new DistinctFlows(seed, FLOW_LOGS);
  return writeFlowLogDay({ outDir: dir, day: BENCH_DAY, records, flowLogs: FLOW_LOGS, seed, lines });
}

/** The dataset, generated first when it is not cached. */
export async function prepareDataset(
  root: string,
  name: DatasetName,
  records: number,
  seed: number,
): Promise<Dataset> {
  const dir = datasetDir(root, name, records, seed);
  const ready = resolve(dir, "ready.json");
  if (existsSync(ready)) {
    const cached = JSON.parse(readFileSync(ready, "utf8")) as Dataset & { generator: number };
    // The folders are where the data is now, even if the checkout has moved since.
    if (cached.generator === GENERATOR_VERSION)
      return {
        ...cached,
        few: { ...cached.few, dir: resolve(dir, "few") },
        many: { ...cached.many, dir: resolve(dir, "many") },
      };
  }
  rmSync(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  console.log(`generating ${name}: ${records.toLocaleString("en-US")} records …`);
  const started = performance.now();
  const many = await writeMany(name, resolve(dir, "many"), records, seed);
  const few = await regroupObjects(many.files, resolve(dir, "few"), FEW_FILES);
  const dataset: Dataset = {
    name,
    records: many.records,
    header: few.header,
    many: { dir: resolve(dir, "many"), files: many.files.length, bytes: sizeOf(many.files) },
    few: { dir: resolve(dir, "few"), files: few.files.length, bytes: sizeOf(few.files) },
  };
  writeFileSync(ready, JSON.stringify({ ...dataset, generator: GENERATOR_VERSION }, null, 2));
  console.log(
    `generated ${name}: ${dataset.records.toLocaleString("en-US")} records, ${dataset.many.files} objects and ${dataset.few.files} files in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return dataset;
}
