import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClickHouseStore } from "../../../src/store/clickhouse/clickhouse-store.js";
import { type ClickHouseTarget, parseClickHouseUrl } from "../../../src/store/clickhouse/clickhouse-url.js";
import {
  checkClickHouseStore,
  initClickHouseStore,
  requireCurrentSchema,
} from "../../../src/store/clickhouse/init-store.js";
import {
  type ClickHouseCluster,
  type ClickHouseServer,
  clickHouseAvailable,
  startClickHouse,
  startClickHouseCluster,
} from "../../helpers/clickhouse-server.js";

function target(url: string): ClickHouseTarget {
  const parsed = parseClickHouseUrl(url);
  if ("problem" in parsed) throw new Error(parsed.problem);
  return parsed;
}

describe.skipIf(!clickHouseAvailable)("store init and check on ClickHouse", () => {
  let server: ClickHouseServer;
  let cluster: ClickHouseCluster;
  beforeAll(async () => {
    [server, cluster] = await Promise.all([startClickHouse(), startClickHouseCluster({ cluster: "pair" })]);
  });
  afterAll(async () => {
    await Promise.all([server?.stop(), cluster?.stop()]);
  });

  const single = (db: string) => target(`clickhouse://default@127.0.0.1:${server.httpPort}/${db}`);
  const pair = (db: string) =>
    target(`clickhouse://default@127.0.0.1:${cluster.shards[0]?.httpPort}/${db}?cluster=pair`);

  it("check names the missing database before init", async () => {
    await expect(checkClickHouseStore(single("not_made"))).rejects.toThrow(
      `ClickHouse store clickhouse://default@127.0.0.1:${server.httpPort}/not_made: database "not_made" does not exist`,
    );
  });

  it("init on a single server creates every table and view, and check then finds nothing missing", async () => {
    const result = await initClickHouseStore(single("one"));
    expect(result).toMatchObject({
      ok: true,
      missing: [],
      schemaVersion: 2,
      serverVersion: expect.stringMatching(/^\d+\./),
    });
    const tables = await server.sql(
      "SELECT name FROM system.tables WHERE database = 'one' ORDER BY name FORMAT TSV",
    );
    expect(tables.trim().split("\n")).toEqual(
      expect.arrayContaining([
        "flows",
        "flow_records",
        "sources",
        "rejects",
        "ingest_runs",
        "flow_rollup",
        "hourly_rollup",
      ]),
    );
  });

  it("init run again changes nothing and stays at the same version", async () => {
    await initClickHouseStore(single("again"));
    const second = await initClickHouseStore(single("again"));
    expect(second.ok).toBe(true);
    expect((await server.sql("SELECT count() FROM again.flowlens_meta FINAL")).trim()).toBe("1");
  });

  it("check reports a table that was dropped", async () => {
    await initClickHouseStore(single("dropped"));
    await server.sql("DROP TABLE dropped.hourly_rollup_parts");
    const result = await checkClickHouseStore(single("dropped"));
    expect(result.ok).toBe(false);
    expect(result.missing).toEqual(["hourly_rollup_parts"]);
  });

  it("a store without the schema is refused with a hint to run store init", async () => {
    await server.sql("CREATE DATABASE IF NOT EXISTS bare");
    const store = await ClickHouseStore.open(single("bare"));
    try {
      await expect(requireCurrentSchema(store)).rejects.toThrow(
        `ClickHouse store clickhouse://default@127.0.0.1:${server.httpPort}/bare has no flowlens schema`,
      );
    } finally {
      await store.close();
    }
  });

  it("a store of a newer schema version is refused by init", async () => {
    await initClickHouseStore(single("newer"));
    await server.sql("INSERT INTO newer.flowlens_meta VALUES ('schema_version', '99', now() + 10)");
    await expect(initClickHouseStore(single("newer"))).rejects.toThrow(
      "has schema version 99; this flowlens reads versions up to 2",
    );
  });

  it("init on a cluster creates the local tables on every shard and the Distributed tables on the first", async () => {
    const result = await initClickHouseStore(pair("fleet"));
    expect(result.ok).toBe(true);
    expect(result.shards).toHaveLength(2);
    for (const shard of cluster.shards) {
      const local = await shard.sql(
        "SELECT name FROM system.tables WHERE database = 'fleet' AND name LIKE '%_local' ORDER BY name FORMAT TSV",
      );
      expect(local.trim().split("\n")).toEqual([
        "flow_records_local",
        "flow_rollup_parts_local",
        "hourly_rollup_parts_local",
      ]);
    }
    const engine = await cluster.shards[0]?.sql(
      "SELECT engine FROM system.tables WHERE database = 'fleet' AND name = 'flow_records' FORMAT TSV",
    );
    expect(engine?.trim()).toBe("Distributed");
  });

  it("init on a version-1 cluster drops the materialized views on every shard, which would sum a load twice", async () => {
    await initClickHouseStore(pair("old"));
    for (const shard of cluster.shards) {
      await shard.sql(
        "CREATE MATERIALIZED VIEW old.flow_rollup_mv_local TO old.flow_rollup_parts_local AS SELECT * FROM old.flow_rollup_parts_local",
      );
    }
    const home = cluster.shards[0] as ClickHouseServer;
    await home.sql("DROP TABLE old.flowlens_meta");
    await home.sql(
      "CREATE TABLE old.flowlens_meta (key String, value String, written_at DateTime('UTC')) ENGINE = ReplacingMergeTree(written_at) ORDER BY key",
    );
    await home.sql("INSERT INTO old.flowlens_meta VALUES ('schema_version', '1', now() - 60)");
    const result = await initClickHouseStore(pair("old"));
    expect(result).toMatchObject({ ok: true, schemaVersion: 2 });
    for (const shard of cluster.shards) {
      const views = await shard.sql(
        "SELECT count() FROM system.tables WHERE database = 'old' AND engine = 'MaterializedView' FORMAT TSV",
      );
      expect(views.trim()).toBe("0");
    }
  });

  it("init refuses a cluster the server does not know, naming it", async () => {
    await expect(
      initClickHouseStore(
        target(`clickhouse://default@127.0.0.1:${cluster.shards[0]?.httpPort}/x?cluster=nope`),
      ),
    ).rejects.toThrow(`cluster "nope" is not in the remote_servers of ClickHouse store`);
  });
});
