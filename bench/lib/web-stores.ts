/**
 * The stores `npm run bench:web` serves, built once and cached under bench/.data (delete a folder to
 * rebuild it with the current build):
 *   - the day: bench:ingest's realistic `default` dataset (one day, 10 M records by default), with the AWS
 *     IP ranges test fixture and its addresses classified;
 *   - the trends: the demo generator's estate over 30 days of 1 M records, its S3 gateway endpoint added
 *     halfway (so the trends page has a change to mark and a before/after to state), with its inventory
 *     and the IP ranges fixture.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import { refreshAddresses } from "../../src/enrich/addresses.js";
import { fetchIpRanges, loadIpRanges } from "../../src/enrich/aws-ip-ranges/update-ip-ranges.js";
import { importInventoryFile } from "../../src/enrich/inventory/load-inventory-file.js";
import { ingestObjects } from "../../src/ingest/ingest-objects.js";
import { generateDemo } from "../../src/sources/demo/generate-demo.js";
import { listLocalObjects } from "../../src/sources/files/list-local-objects.js";
import { LocalFileFetcher } from "../../src/sources/object-fetcher.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { addDays } from "../../src/utc-day.js";
import { BENCH_DAY, prepareDataset } from "./datasets.js";

/** Bumped whenever what a store holds changes, so cached stores are rebuilt. */
const STORE_VERSION = 1;

export interface WebStore {
  readonly db: string;
  readonly from: string;
  readonly to: string;
  readonly records: number;
}

const seconds = (start: number) => ((performance.now() - start) / 1000).toFixed(1);

/** Loads the objects under `dirs`, the inventory when there is one, the IP ranges; classifies addresses. */
async function buildStore(root: string, db: string, dirs: readonly string[], inventory?: string) {
  const store = await DuckDbStore.open(db);
  try {
    await ingestObjects(store, await listLocalObjects([...dirs]), {
      fetcher: new LocalFileFetcher(),
      command: "bench:web",
    });
    if (inventory) await importInventoryFile(store, inventory);
    const snapshot = resolve(root, "test/fixtures/aws-ip-ranges/ip-ranges.json");
    await loadIpRanges(store, await fetchIpRanges({ file: snapshot }), {
      cacheDir: resolve(db, "../cache"),
    });
    await refreshAddresses(store);
    return await store.value<number>("SELECT count(*)::BIGINT FROM flows");
  } finally {
    store.close();
  }
}

async function cached(dir: string, make: () => Promise<WebStore>): Promise<WebStore> {
  const ready = resolve(dir, "ready.json");
  if (existsSync(ready)) {
    const kept = JSON.parse(readFileSync(ready, "utf8")) as WebStore & { version: number };
    if (kept.version === STORE_VERSION) return { ...kept, db: resolve(dir, "store.duckdb") };
  }
  rmSync(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const store = await make();
  writeFileSync(ready, JSON.stringify({ ...store, version: STORE_VERSION }, null, 2));
  return store;
}

/** One day of the realistic default-format dataset (bench:ingest's, generated if not cached). */
export async function prepareDayStore(root: string, records: number, seed: number): Promise<WebStore> {
  const dir = resolve(root, "bench/.data", `web-day-${records}-s${seed}`);
  return cached(dir, async () => {
    const dataset = await prepareDataset(root, "default", records, seed);
    const db = resolve(dir, "store.duckdb");
    console.log(`building the day's store: ${records.toLocaleString("en-US")} records …`);
    const started = performance.now();
    const stored = await buildStore(root, db, [dataset.many.dir]);
    console.log(`built the day's store in ${seconds(started)} s`);
    return { db, from: BENCH_DAY, to: BENCH_DAY, records: Number(stored) };
  });
}

/** `days` days of the demo's estate ending on the bench day, the S3 endpoint added halfway. */
export async function prepareTrendsStore(
  root: string,
  days: number,
  recordsPerDay: number,
  seed: number,
): Promise<WebStore> {
  const dir = resolve(root, "bench/.data", `web-trends-${days}x${recordsPerDay}-s${seed}`);
  return cached(dir, async () => {
    const from = addDays(BENCH_DAY, 1 - days);
    console.log(`generating ${days} demo days of ${recordsPerDay.toLocaleString("en-US")} records …`);
    let started = performance.now();
    const demo = await generateDemo({
      outDir: resolve(dir, "flows"),
      startDate: from,
      days,
      seed,
      recordsPerDay,
      textOnly: true,
      ...(days > 1 ? { s3EndpointAddedOn: addDays(from, Math.floor(days / 2)) } : {}),
    });
    console.log(`generated ${demo.files.length.toLocaleString("en-US")} objects in ${seconds(started)} s`);
    const db = resolve(dir, "store.duckdb");
    started = performance.now();
    const stored = await buildStore(root, db, [resolve(dir, "flows")], demo.inventoryPath);
    console.log(`built the trends store in ${seconds(started)} s`);
    return { db, from, to: BENCH_DAY, records: Number(stored) };
  });
}
