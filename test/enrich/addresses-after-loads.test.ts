/**
 * A refresh of `addresses` after loads finds every address they brought (also a replaced object's), and
 * keeps the classes in the store's own table.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { refreshAddresses } from "../../src/enrich/addresses.js";
import { ensureEnrichmentTables } from "../../src/insights/enrichment-tables.js";
import type { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { at, type CustomRecord, writeCustomLog } from "../helpers/custom-flow-log.js";
import { ingestFiles } from "../helpers/ingest-files.js";
import { tempDir } from "../helpers/temp-dir.js";
import { openTestStore } from "./open-test-store.js";

const record = (day: string, src: string, dst: string): CustomRecord => ({
  srcaddr: src,
  dstaddr: dst,
  srcport: 443,
  dstport: 50000,
  protocol: 6,
  packets: 2,
  bytes: 100,
  start: at(`${day}T10:00:00Z`),
  end: at(`${day}T10:01:00Z`),
  action: "ACCEPT",
});

async function ingestLog(store: DuckDbStore, path: string, records: readonly CustomRecord[]) {
  writeCustomLog(path, records);
  await ingestFiles(store, [path]);
}

const addressList = async (store: DuckDbStore) =>
  (await store.rows<{ address: string }>("SELECT address FROM addresses ORDER BY address")).map(
    (r) => r.address,
  );

describe("refreshAddresses after loads", () => {
  it("classifies the new address of an object replaced by one of the same sums", async () => {
    const store = await openTestStore();
    const dir = tempDir();
    const path = join(dir, "a.log.gz");
    await ingestLog(store, path, [record("2026-11-20", "10.0.1.5", "52.216.8.1")]);
    await refreshAddresses(store);
    await ingestLog(store, path, [record("2026-11-20", "10.0.1.5", "52.216.8.2")]);
    expect(await refreshAddresses(store)).toMatchObject({ classified: 1, total: 3 });
    expect(await addressList(store)).toContain("52.216.8.2");
  });
});

describe("refreshAddresses on a store the insights opened without addresses", () => {
  it("keeps the classes in the store, not in the insights' empty stand-in", async () => {
    const dir = tempDir();
    const first = await openTestStore(dir);
    await ingestLog(first, join(dir, "a.log.gz"), [record("2026-11-20", "10.0.1.5", "52.216.8.1")]);
    await ensureEnrichmentTables(first);
    await refreshAddresses(first);
    first.close();
    const reopened = await openTestStore(dir);
    expect(await addressList(reopened)).toEqual(["10.0.1.5", "52.216.8.1"]);
  });
});
