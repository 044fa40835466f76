/**
 * `npm run bench:ingest [-- --records N]`: generates N records (default 10 million) as many gzip objects
 * in the S3 layout and as one gzip file, then times, in this one run and on the same files:
 *   - flowlens ingest (the built CLI, a fresh store);
 *   - zcat of the same files to /dev/null (decompression alone);
 *   - plain DuckDB CREATE TABLE AS SELECT * FROM read_csv(...) (parsing alone);
 *   - flowlens ingest from a local S3 server (s3rver) holding the same objects.
 * Prints records/s, the ratios the targets are stated in, and peak RSS. Data is cached under bench/.data.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { glob } from "tinyglobby";
import { generateDemo } from "../src/sources/demo/generate-demo.js";
import { startS3Server } from "../test/helpers/s3-server.js";
import { type Measurement, measure } from "./lib/measure.js";

const { values } = parseArgs({
  options: { records: { type: "string", default: "10000000" }, seed: { type: "string", default: "7" } },
});
const records = Number(values.records);
const root = resolve(import.meta.dirname, "..");
const data = resolve(root, "bench/.data", `ingest-${records}`);
const many = resolve(data, "many");
const single = resolve(data, "one.log.gz");
const cli = resolve(root, "dist/cli/main.js");
const day = "2026-11-20";

/** Generates the data once; returns the number of records actually written. */
async function ensureData(): Promise<number> {
  const ready = resolve(data, "ready.json");
  if (existsSync(ready)) return (JSON.parse(readFileSync(ready, "utf8")) as { records: number }).records;
  rmSync(data, { recursive: true, force: true });
  mkdirSync(data, { recursive: true });
  const started = performance.now();
  const common = {
    startDate: day,
    days: 1,
    seed: Number(values.seed),
    recordsPerDay: records,
    textOnly: true,
  };
  const result = await generateDemo({ ...common, outDir: many });
  await generateDemo({ ...common, outDir: resolve(data, "one-meta"), singleFile: single });
  writeFileSync(ready, JSON.stringify({ records: result.records, files: result.files.length }));
  console.log(
    `generated ${result.records} records in ${result.files.length} objects in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
  return result.records;
}

async function flowlensIngest(
  name: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<Measurement & { rows: number }> {
  const db = resolve(data, `${name}.duckdb`);
  rmSync(db, { force: true });
  rmSync(`${db}.wal`, { force: true });
  const m = await measure(
    name,
    process.execPath,
    [cli, "ingest", ...args, "--db", db, "--json", "--no-progress"],
    env,
  );
  const summary = JSON.parse(m.stdout) as { rowsLoaded: number; objectsFailed: number };
  if (summary.objectsFailed > 0) throw new Error(`${name}: ${summary.objectsFailed} objects failed`);
  rmSync(db, { force: true });
  return { ...m, rows: summary.rowsLoaded };
}

async function duckdbReference(name: string, source: string): Promise<Measurement & { rows: number }> {
  const db = resolve(data, `${name}.duckdb`);
  rmSync(db, { force: true });
  const m = await measure(name, process.execPath, [
    resolve(root, "bench/lib/duckdb-reference.mjs"),
    db,
    source,
  ]);
  rmSync(db, { force: true });
  return { ...m, rows: (JSON.parse(m.stdout) as { rows: number }).rows };
}

function zcat(name: string, files: string): Promise<Measurement> {
  return measure(name, "sh", ["-c", `find ${files} -name '*.gz' -print0 | xargs -0 zcat > /dev/null`]);
}

async function s3Ingest(): Promise<Measurement & { rows: number }> {
  const server = await startS3Server();
  try {
    const files = await glob("AWSLogs/**/*.log.gz", { cwd: many });
    for (const file of files) await server.put("bench", file, readFileSync(resolve(many, file)));
    return await flowlensIngest("flowlens-s3", ["s3://bench/", "--from", day], {
      AWS_ACCESS_KEY_ID: "S3RVER",
      AWS_SECRET_ACCESS_KEY: "S3RVER",
      AWS_REGION: "us-east-1",
      AWS_ENDPOINT_URL_S3: server.endpoint,
    });
  } finally {
    await server.close();
  }
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const rate = (rows: number, seconds: number) => `${Math.round(rows / seconds).toLocaleString("en-US")}/s`;

const written = await ensureData();
const manyGlob = `${many}/AWSLogs/**/*.log.gz`;
const results = {
  manyFlowlens: await flowlensIngest("flowlens-many", [many]),
  manyDuckdb: await duckdbReference("duckdb-many", manyGlob),
  manyZcat: await zcat("zcat-many", many),
  oneFlowlens: await flowlensIngest("flowlens-one", [single]),
  oneDuckdb: await duckdbReference("duckdb-one", single),
  oneZcat: await zcat("zcat-one", single),
  s3Flowlens: await s3Ingest(),
};
const rows = [
  ["many files: flowlens ingest", results.manyFlowlens],
  ["many files: DuckDB read_csv CTAS", results.manyDuckdb],
  ["many files: zcat > /dev/null", results.manyZcat],
  ["one file: flowlens ingest", results.oneFlowlens],
  ["one file: DuckDB read_csv CTAS", results.oneDuckdb],
  ["one file: zcat > /dev/null", results.oneZcat],
  ["S3 (local s3rver): flowlens ingest", results.s3Flowlens],
] as const;
console.log(`\n${written.toLocaleString("en-US")} records; files under ${relative(root, data)}`);
for (const [label, m] of rows) {
  const rowCount = "rows" in m ? m.rows : written;
  console.log(
    `${label.padEnd(38)} ${m.seconds.toFixed(2).padStart(7)} s  ${rate(rowCount, m.seconds).padStart(13)}  peak RSS ${mib(m.peakRssBytes)}`,
  );
}
const ratios = {
  flowlensVsDuckdbMany: results.manyDuckdb.seconds / results.manyFlowlens.seconds,
  flowlensVsDuckdbOne: results.oneDuckdb.seconds / results.oneFlowlens.seconds,
  flowlensVsZcatMany: results.manyZcat.seconds / results.manyFlowlens.seconds,
  flowlensVsZcatOne: results.oneZcat.seconds / results.oneFlowlens.seconds,
  s3VsLocal: results.manyFlowlens.seconds / results.s3Flowlens.seconds,
};
console.log(`
flowlens / plain DuckDB speed (target >= 0.9): many files ${ratios.flowlensVsDuckdbMany.toFixed(2)}, one file ${ratios.flowlensVsDuckdbOne.toFixed(2)}
flowlens / zcat speed:                           many files ${ratios.flowlensVsZcatMany.toFixed(2)}, one file ${ratios.flowlensVsZcatOne.toFixed(2)}
S3 / local-file ingest speed (target >= 0.7):    ${ratios.s3VsLocal.toFixed(2)}
flowlens peak RSS (target <= 1.5 GiB):           many ${mib(results.manyFlowlens.peakRssBytes)}, one ${mib(results.oneFlowlens.peakRssBytes)}, S3 ${mib(results.s3Flowlens.peakRssBytes)}`);
const out = resolve(root, "bench/.data/ingest-latest.json");
writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), records, ratios, results }, null, 2));
