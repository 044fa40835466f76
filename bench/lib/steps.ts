/**
 * The steps the benchmark times on a folder of flow log files, each in its own process: zcat (decompression
 * alone), the parse limit, plain DuckDB CTAS, and `flowlens ingest` (the built CLI).
 */
import { rmSync } from "node:fs";
import { resolve } from "node:path";
import { fieldByName } from "../../src/records/fields.js";
import { type Measurement, measure } from "./measure.js";

export interface Step extends Measurement {
  /** Records the step read or loaded. */
  readonly rows: number;
  /** The wall time of every run, in order, when the step ran more than once (the step is their median). */
  readonly runs?: readonly number[];
}

export interface IngestStep extends Step {
  readonly objectsLoaded: number;
  readonly objectsSkipped: number;
}

const root = resolve(import.meta.dirname, "../..");
const cli = resolve(root, "dist/cli/main.js");
const DUCKDB_TYPES = { int32: "INTEGER", int64: "BIGINT", string: "VARCHAR" } as const;

const filesIn = (dir: string) => `${dir}/**/*.log.gz`;

/** The run of median wall time (the lower of the middle two for an even count), with every run's time. */
export function median<T extends Step>(done: readonly T[]): T {
  const middle = [...done].sort((a, b) => a.seconds - b.seconds)[Math.floor((done.length - 1) / 2)] as T;
  return done.length === 1 ? middle : { ...middle, runs: done.map((d) => d.seconds) };
}

/** Runs a step `runs` times, one after another, and returns their median. */
export async function medianOf<T extends Step>(runs: number, run: () => Promise<T>): Promise<T> {
  const done: T[] = [];
  for (let i = 0; i < runs; i++) done.push(await run());
  return median(done);
}

/** Removes a DuckDB file and its WAL. */
export function removeDb(db: string): void {
  rmSync(db, { force: true });
  rmSync(`${db}.wal`, { force: true });
}

export async function zcat(dir: string, records: number): Promise<Step> {
  const m = await measure("zcat", "sh", [
    "-c",
    `find '${dir}' -name '*.gz' -print0 | xargs -0 zcat > /dev/null`,
  ]);
  return { ...m, rows: records };
}

/** The types the header's fields have in the catalog, as DuckDB types. */
export function columnTypes(header: string): Record<string, string> {
  const names = header.trim().split(/ +/);
  return Object.fromEntries(names.map((name) => [name, DUCKDB_TYPES[fieldByName(name)?.type ?? "string"]]));
}

export async function parseLimit(dir: string, header: string): Promise<Step> {
  const script = resolve(root, "bench/lib/parse-limit.mjs");
  const m = await measure("parse limit", process.execPath, [
    script,
    filesIn(dir),
    JSON.stringify(columnTypes(header)),
  ]);
  return { ...m, rows: (JSON.parse(m.stdout) as { rows: number }).rows };
}

/** Plain DuckDB CTAS into a fresh file database at `db`, removed afterwards. */
export async function duckdbCtas(dir: string, db: string): Promise<Step> {
  removeDb(db);
  try {
    const m = await measure("DuckDB CTAS", process.execPath, [
      resolve(root, "bench/lib/duckdb-reference.mjs"),
      db,
      filesIn(dir),
    ]);
    return { ...m, rows: (JSON.parse(m.stdout) as { rows: number }).rows };
  } finally {
    removeDb(db);
  }
}

export interface IngestOptions {
  /** Environment for the CLI (e.g. S3 endpoint and keys). @default {} */
  readonly env?: NodeJS.ProcessEnv;
  /** Start from an empty store. @default true */
  readonly fresh?: boolean;
}

/** `flowlens ingest <sources> --db <db> --json --no-progress`; fails when an object fails. */
export async function flowlensIngest(
  sources: readonly string[],
  db: string,
  options: IngestOptions = {},
): Promise<IngestStep> {
  if (options.fresh ?? true) removeDb(db);
  const m = await measure(
    "flowlens ingest",
    process.execPath,
    [cli, "ingest", ...sources, "--db", db, "--json", "--no-progress"],
    options.env,
  );
  const summary = JSON.parse(m.stdout) as {
    rowsLoaded: number;
    objectsLoaded: number;
    objectsSkipped: number;
    objectsFailed: number;
  };
  if (summary.objectsFailed > 0)
    throw new Error(`flowlens ingest ${sources.join(" ")}: ${summary.objectsFailed} objects failed`);
  return {
    ...m,
    rows: summary.rowsLoaded,
    objectsLoaded: summary.objectsLoaded,
    objectsSkipped: summary.objectsSkipped,
  };
}
