/**
 * `npm run bench:alerts [-- --records-per-day N --quick --statements --reuse-base]`: how long
 * evaluating 50 alert rules takes after a streaming-sized load of 100,000 records (target ≤ 100 ms).
 * A demo day (4.8 M records, so 100,000 are about half an hour of it) is loaded up to its last 100,000
 * records, the rules are evaluated once (so their watermarks are where a running `flowlens serve` keeps
 * them), then the last 100,000 records are loaded — the reference, timed — and the rules are evaluated
 * again, timed, three times on fresh copies of the store. `--statements` prints the slowest statements
 * of each evaluation; `--reuse-base` starts from the baseline store an earlier run left (same records
 * per day), to compare code on the same data. The rules mix every metric, periods of 10 minutes and an
 * hour, groups, filters, rollup reads, SQL, anomaly, event and composite rules.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { join, resolve } from "node:path";
import { evaluateAlerts } from "../src/alerts/evaluate-alerts.js";
import { ALERT_METRICS } from "../src/alerts/metrics/metric-catalog.js";
import { validateSettings } from "../src/config/config.js";
import { importInventoryFile } from "../src/enrich/inventory/load-inventory-file.js";
import { ingestObjects } from "../src/ingest/ingest-objects.js";
import { generateDemo } from "../src/sources/demo/generate-demo.js";
import { listLocalObjects } from "../src/sources/files/list-local-objects.js";
import { LocalFileFetcher } from "../src/sources/object-fetcher.js";
import { DuckDbStore } from "../src/store/duckdb/duckdb-store.js";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const showStatements = args.includes("--statements");
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
// A streaming load of 100,000 records is then about half an hour of the day's capture time.
const recordsPerDay = flag("--records-per-day", quick ? 480_000 : 4_800_000);
const LOAD_RECORDS = quick ? 30_000 : 100_000;
const TARGET_MS = 100;

const root = resolve(import.meta.dirname, "..");
const scratch = resolve(root, "bench/.data/alerts");
mkdirSync(scratch, { recursive: true });
const demoDir = join(realpathSync(scratch), `demo-${recordsPerDay}`);
const started = performance.now();
const progress = (text: string) =>
  console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${text}`);

if (!existsSync(join(demoDir, "ground-truth.json"))) {
  progress(`generating a demo day of ${recordsPerDay.toLocaleString("en-US")} records`);
  rmSync(demoDir, { recursive: true, force: true });
  await generateDemo({ outDir: demoDir, startDate: "2026-11-23", days: 1, recordsPerDay, seed: 7 });
}

/** Flow log objects by the time in their name. */
const objects = readdirSync(demoDir, { recursive: true, encoding: "utf8" })
  .flatMap((path) => {
    const m = /_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})Z_/.exec(path);
    return m
      ? [{ path: join(demoDir, path), time: Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:00Z`) }]
      : [];
  })
  .sort((a, b) => a.time - b.time);

/** Time per statement text, when --statements asks for it. */
const statements = new Map<string, { n: number; ms: number }>();
if (showStatements) {
  for (const method of ["run", "rows", "value"] as const) {
    const original = DuckDbStore.prototype[method] as (
      this: DuckDbStore,
      ...a: unknown[]
    ) => Promise<unknown>;
    Object.assign(DuckDbStore.prototype, {
      async [method](this: DuckDbStore, ...a: unknown[]) {
        const t = performance.now();
        try {
          return await original.apply(this, a);
        } finally {
          const key = String(a[0]).replace(/\s+/g, " ").slice(0, 100);
          const s = statements.get(key) ?? { n: 0, ms: 0 };
          statements.set(key, { n: s.n + 1, ms: s.ms + performance.now() - t });
        }
      },
    });
  }
}
function printStatements(): void {
  const slowest = [...statements].sort((a, b) => b[1].ms - a[1].ms);
  for (const [sql, s] of slowest.slice(0, 15))
    console.log(`${s.ms.toFixed(0).padStart(6)} ms ${String(s.n).padStart(3)}× ${sql}`);
  const rest = slowest.slice(15).map(([, s]) => s);
  const restMs = rest.reduce((sum, s) => sum + s.ms, 0);
  const restN = rest.reduce((sum, s) => sum + s.n, 0);
  console.log(`${restMs.toFixed(0).padStart(6)} ms ${String(restN).padStart(3)}× the other statements`);
  const all = slowest.reduce((sum, [, s]) => sum + s.n, 0);
  console.log(`${all} statements in all`);
}

async function load(store: DuckDbStore, paths: string[]): Promise<number> {
  const summary = await ingestObjects(store, await listLocalObjects(paths), {
    fetcher: new LocalFileFetcher(),
    command: "bench",
  });
  return summary.rowsLoaded;
}

/** 50 rules: every metric ungrouped and by ENI at 1 h, and a mix at 10 min; plus the other kinds. */
function rules(): Record<string, unknown>[] {
  const list: Record<string, unknown>[] = [];
  for (const metric of ALERT_METRICS.values()) {
    const by = metric.groups.eni ? ["eni"] : [];
    list.push({
      name: `${metric.id}-1h`,
      kind: "threshold",
      metric: metric.id,
      threshold: metric.unit === "share" ? 0.2 : 1e9,
    });
    list.push({
      name: `${metric.id}-1h-by`,
      kind: "threshold",
      metric: metric.id,
      threshold: metric.unit === "share" ? 0.2 : 1e9,
      groupBy: by,
    });
    list.push({
      name: `${metric.id}-10m`,
      kind: "threshold",
      metric: metric.id,
      period: "10m",
      threshold: 1e9,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
    });
  }
  list.push({
    name: "ssh-by-source",
    kind: "threshold",
    metric: "admin-port-probes",
    period: "10m",
    filter: { port: [22, 3389] },
    groupBy: ["source"],
    threshold: 20,
  });
  list.push({
    name: "rejects-account",
    kind: "threshold",
    metric: "rejected-records",
    period: "10m",
    filter: { account: ["222222222222"] },
    groupBy: ["port"],
    threshold: 100,
  });
  list.push({ name: "scan", kind: "event", finding: "scan", period: "10m" });
  list.push({ name: "new-port", kind: "event", finding: "new-port", ports: [22, 3389, 5432] });
  list.push({ name: "anomaly-estate", kind: "anomaly" });
  list.push({ name: "anomaly-eni", kind: "anomaly", per: "eni" });
  list.push({
    name: "sql-busy-eni",
    kind: "sql",
    period: "10m",
    sql: "SELECT interface_id AS instance, count(*) AS value FROM flows WHERE day >= CAST($window_start AS DATE) - 1 AND start_time >= $window_start::TIMESTAMP AND start_time < $window_end::TIMESTAMP GROUP BY ALL HAVING count(*) > 100000",
  });
  list.push({ name: "both", kind: "composite", when: { all: ["cross-az-bytes-1h", "anomaly-estate"] } });
  list.push({
    name: "either",
    kind: "composite",
    when: { any: ["s3-via-nat-bytes-1h", "nat-processed-bytes-1h"] },
  });
  list.push({ name: "not-records", kind: "composite", when: { not: "records-1h" } });
  list.push({
    name: "skipdata-eni-2of3",
    kind: "threshold",
    metric: "skipdata-share",
    groupBy: ["eni"],
    threshold: 0.1,
    evaluationPeriods: 3,
    datapointsToAlarm: 2,
  });
  list.push({
    name: "internet-by-destination",
    kind: "threshold",
    metric: "internet-egress-bytes",
    groupBy: ["destination"],
    threshold: 1e9,
  });
  list.push({
    name: "nat-by-subnet",
    kind: "threshold",
    metric: "nat-processed-bytes",
    period: "10m",
    groupBy: ["subnet"],
    threshold: 1e9,
  });
  list.push({
    name: "cross-az-by-port",
    kind: "threshold",
    metric: "cross-az-usd",
    period: "10m",
    groupBy: ["port"],
    threshold: 1,
  });
  list.push({
    name: "records-by-vpc",
    kind: "threshold",
    metric: "records",
    period: "10m",
    groupBy: ["vpc"],
    threshold: 1e9,
  });
  list.push({
    name: "egress-by-port",
    kind: "threshold",
    metric: "internet-egress-usd",
    groupBy: ["port"],
    threshold: 1,
  });
  list.push({
    name: "dynamodb-by-source",
    kind: "threshold",
    metric: "dynamodb-via-nat-bytes",
    period: "10m",
    groupBy: ["source"],
    threshold: 1e9,
  });
  return list.slice(0, 50);
}

const ruleList = rules();
const { config, problems } = validateSettings({ alerts: { rules: ruleList } });
if (!config) throw new Error(problems.map((p) => `${p.path.join(".")}: ${p.message}`).join("\n"));

// Everything but the last LOAD_RECORDS records (counted by object, at whole objects).
const base = join(scratch, "base.duckdb");
const cutFile = join(scratch, "base-cut.json");
const reuseBase = args.includes("--reuse-base") && existsSync(base) && existsSync(cutFile);
const counted: { path: string; time: number }[] = reuseBase ? JSON.parse(readFileSync(cutFile, "utf8")) : [];
if (reuseBase) progress("reusing the baseline store of an earlier run (--reuse-base)");
else {
  rmSync(base, { force: true });
  const store = await DuckDbStore.open(base);
  await importInventoryFile(store, join(demoDir, "inventory.json"));
  progress("loading the baseline day and the last day up to the streaming load");
  // Find the cut: load the day, then count records per object from the store.
  await load(
    store,
    objects.map((o) => o.path),
  );
  const perObject = await store.rows<{ uri: string; n: number }>(
    "SELECT uri, row_count::BIGINT AS n FROM sources",
  );
  const rows = new Map(perObject.map((r) => [r.uri, Number(r.n)]));
  let tail = 0;
  for (let i = objects.length - 1; i >= 0 && tail < LOAD_RECORDS; i--) {
    const o = objects[i] as (typeof objects)[number];
    tail += rows.get(o.path) ?? 0;
    counted.unshift(o);
  }
  store.close();
  rmSync(base, { force: true });
  const fresh = await DuckDbStore.open(base);
  await importInventoryFile(fresh, join(demoDir, "inventory.json"));
  const cut = new Set(counted.map((o) => o.path));
  await load(
    fresh,
    objects.filter((o) => !cut.has(o.path)).map((o) => o.path),
  );
  progress(`evaluating ${ruleList.length} rules once on the baseline (watermarks as serve keeps them)`);
  await evaluateAlerts(fresh, config);
  await fresh.run("CHECKPOINT");
  fresh.close();
  writeFileSync(cutFile, JSON.stringify(counted));
}

const runs: { loadMs: number; records: number; evaluateMs: number; cpuMs: number; events: number }[] = [];
for (let run = 1; run <= 3; run++) {
  const db = join(scratch, `run-${run}.duckdb`);
  rmSync(db, { force: true });
  rmSync(`${db}.wal`, { force: true });
  copyFileSync(base, db);
  const store = await DuckDbStore.open(db);
  const loadStart = performance.now();
  const records = await load(
    store,
    counted.map((o) => o.path),
  );
  const loadMs = performance.now() - loadStart;
  statements.clear();
  const evalStart = performance.now();
  // CPU time of the whole process (DuckDB's threads included): less swayed by a loaded machine than the wall clock.
  const cpuStart = process.cpuUsage();
  const events = await evaluateAlerts(store, config);
  const evaluateMs = performance.now() - evalStart;
  const cpu = process.cpuUsage(cpuStart);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  store.close();
  runs.push({ loadMs, records, evaluateMs, cpuMs, events: events.length });
  if (showStatements) printStatements();
  progress(
    `run ${run}: load of ${records.toLocaleString("en-US")} records ${loadMs.toFixed(0)} ms; ${ruleList.length} rules evaluated in ${evaluateMs.toFixed(0)} ms, ${cpuMs.toFixed(0)} ms of CPU (${events.length} events)`,
  );
}
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const evaluateMs = median(runs.map((r) => r.evaluateMs));
console.log("");
console.log(`Alert evaluation after a streaming load (${ruleList.length} rules, median of ${runs.length}):`);
console.log(
  `  load (reference): ${median(runs.map((r) => r.loadMs)).toFixed(0)} ms for ${runs[0]?.records.toLocaleString("en-US")} records`,
);
console.log(
  `  evaluation:       ${evaluateMs.toFixed(0)} ms — target ≤ ${TARGET_MS} ms: ${evaluateMs <= TARGET_MS ? "met" : "missed"}`,
);
console.log(`  its CPU time:     ${median(runs.map((r) => r.cpuMs)).toFixed(0)} ms`);
