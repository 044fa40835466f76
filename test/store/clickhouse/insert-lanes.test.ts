import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestToClickHouse } from "../../../src/ingest/ingest-to-clickhouse.js";
import { generateDemo } from "../../../src/sources/demo/generate-demo.js";
import { listLocalObjects } from "../../../src/sources/files/list-local-objects.js";
import { LocalFileFetcher } from "../../../src/sources/object-fetcher.js";
import { ClickHouseStore } from "../../../src/store/clickhouse/clickhouse-store.js";
import { parseClickHouseUrl } from "../../../src/store/clickhouse/clickhouse-url.js";
import { initClickHouseStore } from "../../../src/store/clickhouse/init-store.js";
import {
  type ClickHouseCluster,
  clickHouseAvailable,
  startClickHouseCluster,
} from "../../helpers/clickhouse-server.js";
import { sharedTempDir } from "../../helpers/temp-dir.js";

describe.skipIf(!clickHouseAvailable)("a load inserted straight into each shard of a cluster", () => {
  let cluster: ClickHouseCluster;
  let demo: string;
  let databases = 0;
  beforeAll(async () => {
    demo = sharedTempDir();
    [cluster] = await Promise.all([
      startClickHouseCluster({ cluster: "pair" }),
      generateDemo({ outDir: demo, startDate: "2026-11-20", seed: 5, recordsPerDay: 3000, textOnly: true }),
    ]);
  }, 90_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  async function initialised(): Promise<ClickHouseStore> {
    databases += 1;
    const target = parseClickHouseUrl(
      `clickhouse://default@127.0.0.1:${cluster.shards[0]?.httpPort}/lanes${databases}?cluster=pair`,
    );
    if ("problem" in target) throw new Error(target.problem);
    await initClickHouseStore(target);
    return ClickHouseStore.open(target);
  }

  const ingest = async (store: ClickHouseStore) =>
    ingestToClickHouse(store, await listLocalObjects([demo]), {
      fetcher: new LocalFileFetcher(),
      command: "test",
    });

  for (const [table, eni] of [
    ["flow_records", "ifNull(interface_id, '')"],
    ["flow_rollup_parts", "interface_id_key"],
    ["hourly_rollup_parts", "interface_id_key"],
  ] as const) {
    it(`puts every ${table} row on the shard the Distributed table's sharding key names`, async () => {
      const store = await initialised();
      try {
        await ingest(store);
        const db = store.target.database;
        const counts = await Promise.all(
          cluster.shards.map(async (shard, i) =>
            (
              await shard.sql(
                `SELECT count(), countIf(cityHash64(${eni}) % 2 != ${i}) FROM ${db}.${table}_local FORMAT TSV`,
              )
            )
              .trim()
              .split("\t")
              .map(Number),
          ),
        );
        expect(counts.map(([rows]) => (rows ?? 0) > 0)).toEqual([true, true]);
        expect(counts.map(([, elsewhere]) => elsewhere)).toEqual([0, 0]);
      } finally {
        await store.close();
      }
    });
  }

  it("fails naming the shard that does not answer, commits nothing, and the re-run is exact", async () => {
    const store = await initialised();
    const second = cluster.shards[1];
    if (!second) throw new Error("the cluster has two shards");
    try {
      await second.kill();
      const failed = await ingest(store).then(
        () => "",
        (error: unknown) => String(error),
      );
      expect(failed).toContain(
        `ClickHouse store clickhouse://default@127.0.0.2:${second.httpPort}/${store.target.database}`,
      );
      await second.start();
      expect(await store.value("SELECT count() FROM source_versions")).toBe(0);
      const summary = await ingest(store);
      expect(await store.value("SELECT count() FROM flows")).toBe(summary.rowsLoaded);
      expect(await store.value("SELECT sum(records) FROM flow_rollup")).toBe(summary.rowsLoaded);
    } finally {
      await store.close();
    }
  });
});
