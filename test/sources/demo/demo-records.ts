/**
 * Test helpers: generate a small demo data set in a temporary directory and read its records back with
 * DuckDB (text objects through read_csv, Parquet objects through read_parquet) into one `records` table.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join } from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { DEMO_LOG_FORMAT } from "../../../src/sources/demo/flow-record.js";
import { type DemoOptions, type DemoResult, generateDemo } from "../../../src/sources/demo/generate-demo.js";

const SQL_TYPES = { int32: "INTEGER", int64: "BIGINT", string: "VARCHAR" } as const;

export interface DemoFixture {
  readonly dir: string;
  readonly result: DemoResult;
  remove(): void;
}

/** Generates a data set into `out` of a new temporary directory (a relative singleFile goes there too). */
export async function generateInTemp(options: Omit<DemoOptions, "outDir">): Promise<DemoFixture> {
  const dir = mkdtempSync(join(tmpdir(), "flowlens-demo-test-"));
  const singleFile =
    options.singleFile && !isAbsolute(options.singleFile)
      ? join(dir, options.singleFile)
      : options.singleFile;
  const result = await generateDemo({
    ...options,
    outDir: join(dir, "out"),
    ...(singleFile ? { singleFile } : {}),
  });
  return { dir, result, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function openDuckDb(): Promise<DuckDBConnection> {
  const instance = await DuckDBInstance.create(":memory:", { threads: "2" });
  return instance.connect();
}

function list(paths: readonly string[]): string {
  return `[${paths.map((p) => `'${p.replaceAll("'", "''")}'`).join(", ")}]`;
}

/** read_csv over text objects with the demo format's columns and types. */
export function readText(paths: readonly string[]): string {
  const columns = DEMO_LOG_FORMAT.fields.map((f) => `'${f.column}': '${SQL_TYPES[f.type]}'`).join(", ");
  return (
    `read_csv(${list(paths)}, delim = ' ', header = true, nullstr = '-', auto_detect = false, ` +
    `quote = '', escape = '', filename = true, columns = {${columns}})`
  );
}

/** Loads every object of a result into the table `records`, with the object's path in `filename`. */
export async function loadRecords(connection: DuckDBConnection, files: readonly string[]): Promise<void> {
  const text = files.filter((f) => f.endsWith(".gz"));
  const parquet = files.filter((f) => f.endsWith(".parquet"));
  const parts = [
    ...(text.length > 0 ? [`SELECT * FROM ${readText(text)}`] : []),
    ...(parquet.length > 0
      ? [`SELECT * FROM read_parquet(${list(parquet)}, filename = true, hive_partitioning = false)`]
      : []),
  ];
  await connection.run(`CREATE OR REPLACE TABLE records AS ${parts.join(" UNION ALL BY NAME ")}`);
}

/** Rows as plain objects, BIGINTs as numbers. */
export async function query<T = Record<string, unknown>>(
  connection: DuckDBConnection,
  sql: string,
): Promise<T[]> {
  const reader = await connection.runAndReadAll(sql);
  return reader
    .getRowObjectsJS()
    .map(
      (row) =>
        Object.fromEntries(
          Object.entries(row).map(([key, value]) => [key, typeof value === "bigint" ? Number(value) : value]),
        ) as T,
    );
}
