/** What one `npm run bench:ingest` run measured; written to bench/.data/ingest-latest.json. */
import type { BenchOptions, DatasetName } from "./bench-options.js";
import type { HourlyResult } from "./hourly-loads.js";
import type { IngestStep, Step } from "./steps.js";
import type { StoredObjectsResult } from "./stored-objects.js";

export type VariantName = "few" | "many";

export interface VariantResult {
  readonly files: number;
  readonly bytes: number;
  readonly zcat: Step;
  readonly parseLimit: Step;
  readonly ctas: Step;
  readonly flowlens: IngestStep;
}

export interface DatasetResult {
  readonly name: DatasetName;
  readonly records: number;
  readonly few: VariantResult;
  readonly many: VariantResult;
  /** The many-small objects ingested from a local S3 server (demo only). */
  readonly s3?: IngestStep;
}

export interface BenchResults {
  readonly date: string;
  readonly options: BenchOptions;
  readonly datasets: DatasetResult[];
  hourly?: HourlyResult;
  storedObjects?: StoredObjectsResult;
}
