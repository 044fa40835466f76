/**
 * `npm run bench:clickhouse [-- --records N --scales 1,3,10 --backends duckdb,single,cluster]`: DuckDB against
 * ClickHouse (`--backends` runs only those; generated data is cached under bench/.data and reused). For each scale
 * (the bench day of the `default` dataset at N × scale records, as its 20 large gzip files), on a DuckDB
 * file, a single ClickHouse server and a two-shard cluster (fresh servers per scale, on loopback): the
 * time of `flowlens ingest` through the built CLI, its records/s and peak RSS, the servers' peak RSS, and
 * every built-in insight for the day (addresses classified first, timed apart), each insight's seconds.
 * Then the growth from the first scale to each other, per backend, and the targets: ClickHouse ingest
 * ≥ 0.7× DuckDB's records/s, all insights on the cluster ≤ 3 s at 10 M records. Writes
 * bench/.data/clickhouse-latest.json.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { refreshStoreAddresses } from "../src/enrich/enrichment-store.js";
import { BUILT_IN_INSIGHTS } from "../src/insights/registry.js";
import { runInsights } from "../src/insights/run-insights.js";
import { openStore } from "../src/store/backends.js";
import { startClickHouse, startClickHouseCluster } from "../test/helpers/clickhouse-server.js";
import { BENCH_DAY, prepareDataset } from "./lib/datasets.js";
import { highWaterMark, measure } from "./lib/measure.js";

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    records: { type: "string", default: "10000000" },
    scales: { type: "string", default: "1,3" },
    backends: { type: "string", default: "duckdb,single,cluster" },
  },
});
const BACKENDS = ["duckdb", "single", "cluster"];
const backends = new Set((values.backends ?? "").split(","));
const baseRecords = Number(values.records);
const scales = (values.scales ?? "1,3").split(",").map(Number);
if (
  !Number.isSafeInteger(baseRecords) ||
  baseRecords < 1 ||
  scales.some((s) => !(s > 0)) ||
  [...backends].some((b) => !BACKENDS.includes(b))
) {
  throw new Error(
    "usage: npm run bench:clickhouse -- [--records N] [--scales 1,3,10] [--backends duckdb,single,cluster]",
  );
}

const root = resolve(import.meta.dirname, "..");
const scratch = resolve(root, "bench/.data/scratch-clickhouse");
const cli = resolve(root, "dist/cli/main.js");
const started = performance.now();
const progress = (text: string) =>
  console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(5)} s] ${text}`);

interface BackendResult {
  readonly backend: string;
  readonly records: number;
  readonly ingestSeconds: number;
  readonly recordsPerSecond: number;
  readonly flowlensPeakRssBytes: number;
  /** The servers' peak RSS, summed over the cluster's shards; 0 for DuckDB. */
  readonly serverPeakRssBytes: number;
  readonly addressesSeconds: number;
  readonly insightsSeconds: number;
  readonly insights: Record<string, number>;
  readonly failed: string[];
}

/** The clickhouse-server processes under a helper's watchdog shell. */
function serverPids(shellPid: number): number[] {
  try {
    return readFileSync(`/proc/${shellPid}/task/${shellPid}/children`, "utf8")
      .trim()
      .split(/\s+/)
      .map(Number);
  } catch {
    return [];
  }
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

async function runBackend(
  backend: string,
  storeArgs: string[],
  settings: { db: string; store?: string },
  records: number,
  dir: string,
  shellPids: number[],
): Promise<BackendResult> {
  const serverPeak = () => shellPids.flatMap(serverPids).reduce((sum, pid) => sum + highWaterMark(pid), 0);
  if (settings.store) await measure("store init", process.execPath, [cli, "store", "init", ...storeArgs]);
  progress(`${backend}: flowlens ingest of ${records.toLocaleString("en-US")} records`);
  const ingest = await measure("ingest", process.execPath, [
    cli,
    "ingest",
    dir,
    "--no-progress",
    ...storeArgs,
  ]);
  progress(`${backend}: addresses and insights`);
  const store = await openStore(settings);
  try {
    const t0 = performance.now();
    await refreshStoreAddresses(store);
    const addressesSeconds = (performance.now() - t0) / 1000;
    const results = await runInsights(store, BUILT_IN_INSIGHTS, { from: BENCH_DAY, to: BENCH_DAY });
    return {
      backend,
      records,
      ingestSeconds: ingest.seconds,
      recordsPerSecond: records / ingest.seconds,
      flowlensPeakRssBytes: ingest.peakRssBytes,
      serverPeakRssBytes: serverPeak(),
      addressesSeconds,
      insightsSeconds: results.reduce((sum, r) => sum + r.seconds, 0),
      insights: Object.fromEntries(results.map((r) => [r.id, r.seconds])),
      failed: results.filter((r) => r.error).map((r) => `${r.id}: ${r.error}`),
    };
  } finally {
    await store.close();
  }
}

function printScale(rows: readonly BackendResult[]): void {
  console.log(
    `\n| backend | records | ingest s | records/s | × DuckDB | flowlens peak RSS | server peak RSS | addresses s | insights s |`,
  );
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
  const duck = rows.find((r) => r.backend === "DuckDB file");
  for (const r of rows) {
    const ratio = duck ? (r.recordsPerSecond / duck.recordsPerSecond).toFixed(2) : "-";
    console.log(
      `| ${r.backend} | ${r.records.toLocaleString("en-US")} | ${r.ingestSeconds.toFixed(1)} | ${Math.round(r.recordsPerSecond).toLocaleString("en-US")} | ${ratio}× | ${mib(r.flowlensPeakRssBytes)} | ${r.serverPeakRssBytes ? mib(r.serverPeakRssBytes) : "-"} | ${r.addressesSeconds.toFixed(2)} | ${r.insightsSeconds.toFixed(2)} |`,
    );
  }
  console.log("\nper insight, seconds:");
  for (const r of rows) {
    const each = Object.entries(r.insights).map(([id, s]) => `${id} ${s.toFixed(2)}`);
    console.log(`  ${r.backend}: ${each.join(", ")}`);
    for (const f of r.failed) console.log(`  ${r.backend} FAILED ${f}`);
  }
}

const all: BackendResult[] = [];
mkdirSync(scratch, { recursive: true });
for (const scale of scales) {
  const records = Math.round(baseRecords * scale);
  const dataset = await prepareDataset(root, "default", records, 7);
  const [server, cluster] = await Promise.all([
    backends.has("single") ? startClickHouse() : undefined,
    backends.has("cluster") ? startClickHouseCluster({ cluster: "pair" }) : undefined,
  ]);
  try {
    const db = resolve(scratch, "bench.duckdb");
    rmSync(db, { force: true });
    rmSync(`${db}.wal`, { force: true });
    const run = (name: string, storeArgs: string[], store: string | undefined, pids: number[]) =>
      runBackend(name, storeArgs, { db, store }, dataset.records, dataset.few.dir, pids);
    const rows: BackendResult[] = [];
    if (backends.has("duckdb")) rows.push(await run("DuckDB file", ["--db", db], undefined, []));
    if (server) {
      const single = `clickhouse://default@127.0.0.1:${server.httpPort}/bench`;
      rows.push(await run("single ClickHouse", ["--store", single], single, [server.pid]));
    }
    if (cluster) {
      const pair = `clickhouse://default@127.0.0.1:${cluster.shards[0]?.httpPort}/bench?cluster=pair`;
      const pids = cluster.shards.map((s) => s.pid);
      rows.push(await run("two-shard cluster", ["--store", pair], pair, pids));
    }
    all.push(...rows);
    printScale(rows);
  } finally {
    await Promise.all([server?.stop(), cluster?.stop()]);
  }
}

if (scales.length > 1) {
  console.log(
    `\ngrowth from ${scales[0]}× (${(baseRecords * (scales[0] ?? 1)).toLocaleString("en-US")} records):`,
  );
  for (const backend of new Set(all.map((r) => r.backend))) {
    const mine = all.filter((r) => r.backend === backend);
    const first = mine[0];
    if (!first) continue;
    const steps = mine
      .slice(1)
      .map(
        (r) =>
          `${(r.records / first.records).toFixed(1)}× rows: ingest ${(r.ingestSeconds / first.ingestSeconds).toFixed(2)}× time, insights ${(r.insightsSeconds / first.insightsSeconds).toFixed(2)}× time`,
      );
    console.log(`  ${backend}: ${steps.join("; ")}`);
  }
}

const at10m = all.filter((r) => r.records === 10_000_000);
const duck = at10m.find((r) => r.backend === "DuckDB file");
const targets = [
  ...at10m
    .filter((r) => r.backend !== "DuckDB file" && duck)
    .map((r) => ({
      target: `${r.backend} ingest ≥ 0.7× DuckDB's records/s`,
      value: `${(r.recordsPerSecond / (duck?.recordsPerSecond ?? 1)).toFixed(2)}×`,
      met: r.recordsPerSecond >= 0.7 * (duck?.recordsPerSecond ?? 0),
    })),
  ...at10m
    .filter((r) => r.backend === "two-shard cluster")
    .map((r) => ({
      target: "all insights on the cluster ≤ 3 s at 10 M records",
      value: `${r.insightsSeconds.toFixed(2)} s`,
      met: r.insightsSeconds <= 3,
    })),
];
if (targets.length > 0) {
  console.log("\ntargets:");
  for (const t of targets) console.log(`  ${t.met ? "met   " : "MISSED"} ${t.target}: ${t.value}`);
}
writeFileSync(
  resolve(root, "bench/.data/clickhouse-latest.json"),
  JSON.stringify({ date: new Date().toISOString(), baseRecords, scales, results: all, targets }, null, 2),
);
