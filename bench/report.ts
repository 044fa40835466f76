/**
 * `npm run bench:report [-- --records N] [--dataset demo|default|distinct]`: builds a store of N records for
 * one day (default 10 million, the bench:ingest data of that dataset — the demo's by default — with its
 * inventory when it has one, and the AWS IP ranges test fixture),
 * then in one process times:
 *   - all insights for that day (the report's SQL and summaries), and the full report with every format;
 *   - the very same SQL statements, recorded during the report, run directly through DuckDB.
 * Targets: all insights ≤ 3 s; the report's total ≤ 1.3× the direct SQL.
 */
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { refreshAddresses } from "../src/enrich/addresses.js";
import { fetchIpRanges, loadIpRanges } from "../src/enrich/aws-ip-ranges/update-ip-ranges.js";
import { importInventoryFile } from "../src/enrich/inventory/load-inventory-file.js";
import { ingestObjects } from "../src/ingest/ingest-objects.js";
import { BUILT_IN_INSIGHTS } from "../src/insights/registry.js";
import { buildReport } from "../src/report/build-report.js";
import { chartToSvg, svgToPng } from "../src/report/charts/render-chart.js";
import { chartRendererFor, REPORT_FORMATS, writeReport } from "../src/report/write-report.js";
import { listLocalObjects } from "../src/sources/files/list-local-objects.js";
import { LocalFileFetcher } from "../src/sources/object-fetcher.js";
import { DuckDbStore, type SqlParams } from "../src/store/duckdb/duckdb-store.js";
import { compactRollups, refreshRollups } from "../src/store/duckdb/rollups.js";
import { DATASET_NAMES, type DatasetName } from "./lib/bench-options.js";
import { BENCH_DAY, datasetDir } from "./lib/datasets.js";

const { values } = parseArgs({
  options: {
    records: { type: "string", default: "10000000" },
    dataset: { type: "string", default: "demo" },
  },
});
const dataset = values.dataset as DatasetName;
if (!(DATASET_NAMES as readonly string[]).includes(dataset))
  throw new Error(`--dataset ${values.dataset}: expected one of ${DATASET_NAMES.join(", ")}`);
const root = resolve(import.meta.dirname, "..");
const data = datasetDir(root, dataset, Number(values.records), 7);
const many = resolve(data, "many");
const dbPath = resolve(data, "report.duckdb");
const day = BENCH_DAY;
const snapshot = resolve(root, "test/fixtures/aws-ip-ranges/ip-ranges.json");

if (!existsSync(many))
  throw new Error(
    `no data at ${many}: run npm run bench:ingest -- --records ${values.records} --datasets ${dataset} first`,
  );

async function prepareStore(): Promise<void> {
  if (existsSync(dbPath)) return;
  const store = await DuckDbStore.open(dbPath);
  try {
    await ingestObjects(store, await listLocalObjects([many]), {
      fetcher: new LocalFileFetcher(),
      command: "bench",
    });
    const inventory = resolve(many, "inventory.json");
    if (existsSync(inventory)) await importInventoryFile(store, inventory);
    if (existsSync(snapshot)) {
      await loadIpRanges(store, await fetchIpRanges({ file: snapshot }), {
        cacheDir: resolve(data, "cache"),
      });
    }
    await refreshAddresses(store);
  } finally {
    store.close();
  }
}

const seconds = (start: number) => (performance.now() - start) / 1000;

await prepareStore();
const store = await DuckDbStore.open(dbPath);
const period = { from: day, to: day };
const records = await store.value<number>("SELECT count(*) FROM flows WHERE day = $day", { day });

// What the first report after a load in several parts pays to sum the day's parts into one.
await store.run("INSERT OR REPLACE INTO rollup_parts VALUES (CAST($day AS DATE), 2)", { day });
let start = performance.now();
await compactRollups(store);
const compactSeconds = seconds(start);
// What replacing an object of the day costs: the day is summed again from flows.
await store.run("INSERT OR IGNORE INTO rollup_dirty_days VALUES (CAST($day AS DATE))", { day });
start = performance.now();
await refreshRollups(store);
const rollupSeconds = seconds(start);
const rollupRows = await store.value<number>("SELECT count(*) FROM flow_rollup WHERE day = $day", { day });

// Every report first classifies the addresses it has not seen; with none new this is the cost of looking.
start = performance.now();
await refreshAddresses(store);
const addressesSeconds = seconds(start);
// Reference: the same search over every row of `flows`, as the refresh did before it read the rollups.
start = performance.now();
await store.value(
  `SELECT count(*) FROM (SELECT srcaddr AS address FROM flows UNION SELECT dstaddr FROM flows
     UNION SELECT pkt_srcaddr FROM flows UNION SELECT pkt_dstaddr FROM flows) AS seen
   WHERE address IS NOT NULL AND NOT EXISTS (SELECT 1 FROM addresses a WHERE a.address = seen.address)`,
);
const addressesFromFlowsSeconds = seconds(start);

// Warm-up (DuckDB's caches, and vega's and resvg's first use), then record every statement the insights send.
const out = resolve(data, "report-out");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await writeReport(await buildReport(store, BUILT_IN_INSIGHTS, period), out, REPORT_FORMATS);
const recorded: { sql: string; params?: SqlParams }[] = [];
const { run, query } = store;
store.run = (sql, params) => {
  recorded.push({ sql, params });
  return run.call(store, sql, params);
};
store.query = ((sql: string, params?: SqlParams) => {
  recorded.push({ sql, params });
  return query.call(store, sql, params);
}) as typeof store.query;
// The report as the CLI makes it: charts render while the insights run, then the files are written.
start = performance.now();
const charts = chartRendererFor(REPORT_FORMATS);
const report = await buildReport(store, BUILT_IN_INSIGHTS, period, { charts });
const insightsSeconds = seconds(start);
start = performance.now();
await writeReport(report, out, REPORT_FORMATS, charts);
const renderSeconds = seconds(start);
store.run = run;
store.query = query;

const statementSeconds: { sql: string; seconds: number }[] = [];
for (const { sql, params } of recorded) {
  const t = performance.now();
  await (await store.connection.runAndReadAll(sql, params)).getRows();
  statementSeconds.push({ sql, seconds: seconds(t) });
}
const directSeconds = statementSeconds.reduce((sum, s) => sum + s.seconds, 0);
store.close();

// The charts' own cost, one at a time and alone on the machine: what the overlap has to hide.
const specs = report.insights.flatMap((i) => (i.chart ? [i.chart] : []));
let layoutSeconds = 0;
let pngSeconds = 0;
for (const spec of specs) {
  let t = performance.now();
  const svg = await chartToSvg(spec);
  layoutSeconds += seconds(t);
  t = performance.now();
  await svgToPng(svg);
  pngSeconds += seconds(t);
}

const total = insightsSeconds + renderSeconds;
console.log(`
${records.toLocaleString("en-US")} records on ${day}; ${BUILT_IN_INSIGHTS.length} insights; ${recorded.length} SQL statements
rollup rebuild of the day (replaced):   ${rollupSeconds.toFixed(2)} s   (${rollupRows.toLocaleString("en-US")} rollup rows)
compaction of the day's parts:         ${compactSeconds.toFixed(2)} s
address refresh, nothing new:          ${addressesSeconds.toFixed(2)} s   (the same search over flows: ${addressesFromFlowsSeconds.toFixed(2)} s)
all insights (charts render alongside): ${insightsSeconds.toFixed(2)} s   (target ≤ 3 s)
same SQL run directly through DuckDB:  ${directSeconds.toFixed(2)} s
writing md, html, png, json after:     ${renderSeconds.toFixed(2)} s   (charts rendered during the insights)
report total / direct SQL:             ${(total / directSeconds).toFixed(2)}×  (target ≤ 1.3×)
${specs.length} charts, one at a time:            layout ${layoutSeconds.toFixed(2)} s, PNG ${pngSeconds.toFixed(2)} s

slowest statements:`);
for (const s of statementSeconds.sort((a, b) => b.seconds - a.seconds).slice(0, 6)) {
  console.log(`  ${s.seconds.toFixed(2)} s  ${s.sql.replace(/\s+/g, " ").slice(0, 110)}`);
}
