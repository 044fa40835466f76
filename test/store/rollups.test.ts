import { utimesSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { listLocalObjects } from "../../src/sources/files/list-local-objects.js";
import { sniffObject } from "../../src/sources/sniff-object.js";
import type { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { reserveSourceIds } from "../../src/store/duckdb/ledger.js";
import { loadBatch } from "../../src/store/duckdb/load-batch.js";
import { compactRollups, refreshRollups } from "../../src/store/duckdb/rollups.js";
import { at, type CustomRecord, writeCustomLog } from "../helpers/custom-flow-log.js";
import { ingestFiles } from "../helpers/ingest-files.js";
import { withStoreIn as withStore } from "../helpers/store-in-dir.js";
import { tempDir } from "../helpers/temp-dir.js";

const T = at("2026-11-20T10:00:00Z");
const eni = "eni-0aaa";

/** Two connections to one HTTPS service (request and reply records), a rejected probe, a ping. */
const RECORDS: CustomRecord[] = [
  {
    "interface-id": eni,
    srcaddr: "10.0.1.5",
    dstaddr: "10.0.2.7",
    srcport: 40000,
    dstport: 443,
    protocol: 6,
    packets: 3,
    bytes: 300,
    start: T,
    end: T + 60,
    action: "ACCEPT",
    "flow-direction": "egress",
  },
  {
    "interface-id": eni,
    srcaddr: "10.0.2.7",
    dstaddr: "10.0.1.5",
    srcport: 443,
    dstport: 40000,
    protocol: 6,
    packets: 4,
    bytes: 4000,
    start: T,
    end: T + 60,
    action: "ACCEPT",
    "flow-direction": "ingress",
  },
  {
    "interface-id": eni,
    srcaddr: "10.0.1.5",
    dstaddr: "10.0.2.7",
    srcport: 51234,
    dstport: 443,
    protocol: 6,
    packets: 2,
    bytes: 200,
    start: T + 60,
    end: T + 120,
    action: "ACCEPT",
    "flow-direction": "egress",
  },
  {
    "interface-id": eni,
    srcaddr: "10.0.2.7",
    dstaddr: "10.0.1.5",
    srcport: 443,
    dstport: 51234,
    protocol: 6,
    packets: 5,
    bytes: 5000,
    start: T + 60,
    end: T + 120,
    action: "ACCEPT",
    "flow-direction": "ingress",
  },
  {
    "interface-id": eni,
    srcaddr: "203.0.113.9",
    dstaddr: "10.0.1.5",
    srcport: 40000,
    dstport: 50000,
    protocol: 6,
    packets: 1,
    bytes: 44,
    start: T,
    end: T + 1,
    action: "REJECT",
    "flow-direction": "ingress",
  },
  {
    "interface-id": eni,
    srcaddr: "10.0.1.5",
    dstaddr: "10.0.2.7",
    srcport: 0,
    dstport: 0,
    protocol: 1,
    packets: 1,
    bytes: 84,
    start: T,
    end: T + 1,
    action: "ACCEPT",
    "flow-direction": "egress",
  },
  // Starts before midnight, ends after it.
  {
    "interface-id": eni,
    srcaddr: "10.0.1.5",
    dstaddr: "10.0.2.8",
    srcport: 45000,
    dstport: 5432,
    protocol: 6,
    packets: 9,
    bytes: 900,
    start: at("2026-11-20T23:59:30Z"),
    end: at("2026-11-21T00:00:20Z"),
    action: "ACCEPT",
    "flow-direction": "egress",
  },
  {
    "interface-id": eni,
    "log-status": "NODATA",
    start: at("2026-11-21T01:00:00Z"),
    end: at("2026-11-21T01:01:00Z"),
  },
];

const TOTALS = `SELECT (SELECT [count(*), sum(bytes), sum(packets)] FROM flows) AS flows,
  (SELECT [sum(records), sum(bytes), sum(packets)] FROM flow_rollup) AS rollup,
  (SELECT [sum(records), sum(bytes), sum(packets)] FROM hourly_rollup) AS hourly`;

async function expectRollupsMatchFlows(store: DuckDbStore): Promise<void> {
  const [t] = await store.rows<{ flows: unknown; rollup: unknown; hourly: unknown }>(TOTALS);
  expect(t?.rollup).toEqual(t?.flows);
  expect(t?.hourly).toEqual(t?.flows);
}

describe("rollups", () => {
  it("ingest summarises each day: the client's ephemeral port is folded away, rejected records keep theirs", async () => {
    const dir = tempDir();
    writeCustomLog(join(dir, "a.log.gz"), RECORDS);
    await withStore(dir, async (store) => {
      await ingestFiles(store, [join(dir, "a.log.gz")]);
      await expectRollupsMatchFlows(store);
      const rows = await store.rows(
        `SELECT CAST(day AS VARCHAR) AS day, srcaddr, dstaddr, protocol, srcport, dstport, action,
           records::INTEGER AS records, bytes::INTEGER AS bytes, spanning_midnight::INTEGER AS spanning_midnight
         FROM flow_rollup WHERE log_status = 'OK' ORDER BY day, protocol, srcaddr, dstaddr, action`,
      );
      expect(rows).toEqual([
        {
          day: "2026-11-20",
          srcaddr: "10.0.1.5",
          dstaddr: "10.0.2.7",
          protocol: 1,
          srcport: 0,
          dstport: 0,
          action: "ACCEPT",
          records: 1,
          bytes: 84,
          spanning_midnight: 0,
        },
        {
          day: "2026-11-20",
          srcaddr: "10.0.1.5",
          dstaddr: "10.0.2.7",
          protocol: 6,
          srcport: null,
          dstport: 443,
          action: "ACCEPT",
          records: 2,
          bytes: 500,
          spanning_midnight: 0,
        },
        {
          day: "2026-11-20",
          srcaddr: "10.0.1.5",
          dstaddr: "10.0.2.8",
          protocol: 6,
          srcport: null,
          dstport: 5432,
          action: "ACCEPT",
          records: 1,
          bytes: 900,
          spanning_midnight: 1,
        },
        {
          day: "2026-11-20",
          srcaddr: "10.0.2.7",
          dstaddr: "10.0.1.5",
          protocol: 6,
          srcport: 443,
          dstport: null,
          action: "ACCEPT",
          records: 2,
          bytes: 9000,
          spanning_midnight: 0,
        },
        {
          day: "2026-11-20",
          srcaddr: "203.0.113.9",
          dstaddr: "10.0.1.5",
          protocol: 6,
          srcport: 40000,
          dstport: 50000,
          action: "REJECT",
          records: 1,
          bytes: 44,
          spanning_midnight: 0,
        },
      ]);
      expect(await store.value("SELECT count(*) FROM rollup_dirty_days")).toBe(0);
    });
  });

  it("a changed object's old rows leave the rollup and its new rows enter it", async () => {
    const dir = tempDir();
    const path = join(dir, "a.log.gz");
    writeCustomLog(path, RECORDS);
    await withStore(dir, async (store) => {
      await ingestFiles(store, [path]);
      // The new version has only the next day's NODATA record: day 2026-11-20 must empty out.
      writeCustomLog(path, RECORDS.slice(-1));
      utimesSync(path, new Date(), new Date(Date.now() + 5000));
      await ingestFiles(store, [path]);
      await expectRollupsMatchFlows(store);
      expect(await store.value("SELECT count(*) FROM flow_rollup WHERE day = DATE '2026-11-20'")).toBe(0);
    });
  });

  it("a store written before rollups existed has every day summarised when opened", async () => {
    const dir = tempDir();
    writeCustomLog(join(dir, "a.log.gz"), RECORDS);
    await withStore(dir, async (store) => {
      await ingestFiles(store, [join(dir, "a.log.gz")]);
      await store.run("DROP TABLE flow_rollup");
      await store.run("DROP TABLE hourly_rollup");
    });
    await withStore(dir, async (store) => {
      expect(await refreshRollups(store)).toEqual(["2026-11-20", "2026-11-21"]);
      await expectRollupsMatchFlows(store);
    });
  });

  it("each load adds its own rows' sums to the day, and compaction sums a day's parts into one", async () => {
    const dir = tempDir();
    const [a, b] = [join(dir, "a.log.gz"), join(dir, "b.log.gz")];
    writeCustomLog(a, RECORDS);
    writeCustomLog(b, RECORDS);
    const rollup = (store: DuckDbStore) =>
      store.rows(`SELECT * EXCLUDE (records, bytes, packets, spanning_midnight),
          records::INTEGER AS records, bytes::INTEGER AS bytes, packets::INTEGER AS packets
        FROM flow_rollup ORDER BY ALL`);
    const atOnce = await withStore(tempDir(), async (store) => {
      await ingestFiles(store, [a, b]);
      return rollup(store);
    });
    await withStore(tempDir(), async (store) => {
      await ingestFiles(store, [a], { batchObjects: 1 });
      await ingestFiles(store, [b], { batchObjects: 1 });
      await expectRollupsMatchFlows(store);
      expect((await rollup(store)).length).toBe(2 * atOnce.length);
      expect(await compactRollups(store)).toEqual(["2026-11-20", "2026-11-21"]);
      await expectRollupsMatchFlows(store);
      expect(await rollup(store)).toEqual(atOnce);
      expect(await compactRollups(store)).toEqual([]);
    });
  });

  it("rows committed by a process that stopped before summing them are summed by the next refresh", async () => {
    const dir = tempDir();
    await withStore(dir, (store) => loadWithoutSumming(store, dir));
    await withStore(dir, async (store) => {
      await refreshRollups(store);
      await expectRollupsMatchFlows(store);
      expect(await store.value("SELECT count(*) FROM rollup_pending")).toBe(0);
    });
  });

  it("rows still waiting to be summed when their object is replaced are not summed twice", async () => {
    const dir = tempDir();
    const path = await withStore(dir, (store) => loadWithoutSumming(store, dir));
    await withStore(dir, async (store) => {
      writeCustomLog(path, RECORDS.slice(0, 3));
      utimesSync(path, new Date(), new Date(Date.now() + 5000));
      await ingestFiles(store, [path]);
      await expectRollupsMatchFlows(store);
    });
  });
});

/** What ingest does up to a load's COMMIT, and no further: the rows wait in rollup_pending. */
async function loadWithoutSumming(store: DuckDbStore, dir: string): Promise<string> {
  const path = join(dir, "a.log.gz");
  writeCustomLog(path, RECORDS);
  const [object] = await listLocalObjects([path]);
  const shape = await sniffObject(path, path);
  if (!object || shape.kind !== "text") throw new Error("expected one text object");
  const [sourceId = 0] = await reserveSourceIds(store, 1);
  const item = { object, sourceId, localPath: path, replaces: false };
  await loadBatch(store, { shape, items: [item], runId: 1, formatLabel: "test" });
  expect(await store.value("SELECT count(*) FROM flow_rollup")).toBe(0);
  return path;
}
