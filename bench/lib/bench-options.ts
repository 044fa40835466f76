/**
 * The flags of `npm run bench:ingest`: how many records, which datasets, which parts to skip. `--quick` is
 * for development: 200 k records and one run of each step unless --records or --runs say otherwise.
 */
import { parseArgs } from "node:util";

export const DATASET_NAMES = ["demo", "default", "distinct"] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

export interface BenchOptions {
  readonly records: number;
  readonly seed: number;
  readonly datasets: readonly DatasetName[];
  readonly skipHourly: boolean;
  readonly skipS3: boolean;
  readonly skipStored: boolean;
  /** Objects in the no-op re-run case (the target is stated for 10,000). */
  readonly storedObjects: number;
  /** Each step runs this many times and counts by its median (issue 10 states its targets so). */
  readonly runs: number;
}

const USAGE = `usage: npm run bench:ingest -- [--records N] [--datasets demo,default,distinct|none] [--skip-hourly]
       [--skip-s3] [--skip-stored] [--stored-objects N] [--runs N] [--seed N] [--quick]`;

function wholeNumber(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1)
    throw new Error(`${flag} is "${text}": expected a whole number ≥ 1\n${USAGE}`);
  return value;
}

export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      records: { type: "string" },
      seed: { type: "string", default: "7" },
      datasets: { type: "string", default: DATASET_NAMES.join(",") },
      "skip-hourly": { type: "boolean", default: false },
      "skip-s3": { type: "boolean", default: false },
      "skip-stored": { type: "boolean", default: false },
      "stored-objects": { type: "string" },
      runs: { type: "string" },
      quick: { type: "boolean", default: false },
    },
  });
  // "none" runs only the hourly loads and the re-runs.
  const datasets = values.datasets === "none" ? [] : values.datasets.split(",").map((name) => name.trim());
  for (const name of datasets) {
    if (!(DATASET_NAMES as readonly string[]).includes(name))
      throw new Error(`--datasets names "${name}": expected some of ${DATASET_NAMES.join(", ")}\n${USAGE}`);
  }
  return {
    records: wholeNumber("--records", values.records ?? (values.quick ? "200000" : "10000000")),
    seed: wholeNumber("--seed", values.seed),
    datasets: datasets as DatasetName[],
    skipHourly: values["skip-hourly"],
    skipS3: values["skip-s3"],
    skipStored: values["skip-stored"],
    storedObjects: wholeNumber("--stored-objects", values["stored-objects"] ?? "10000"),
    runs: wholeNumber("--runs", values.runs ?? (values.quick ? "1" : "3")),
  };
}
