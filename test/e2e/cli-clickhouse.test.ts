import { cp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ClickHouseCluster,
  type ClickHouseServer,
  clickHouseAvailable,
  startClickHouse,
  startClickHouseCluster,
} from "../helpers/clickhouse-server.js";
import { runCli } from "../helpers/run-cli.js";
import { smallDemoStore } from "../helpers/small-demo.js";
import { sharedTempDir, tempDir } from "../helpers/temp-dir.js";

interface Totals {
  records: number;
  bytes: number;
}

async function totals(storeArgs: readonly string[]): Promise<Totals> {
  const result = await runCli(["stats", "--json", ...storeArgs]);
  expect(result.stderr).toBe("");
  const stats = JSON.parse(result.stdout) as { totals: Totals };
  return { records: Number(stats.totals.records), bytes: Number(stats.totals.bytes) };
}

async function ingest(storeArgs: readonly string[], path: string) {
  return runCli(["ingest", path, "--no-progress", "--json", ...storeArgs]);
}

describe.skipIf(!clickHouseAvailable)("flowlens on ClickHouse, through the built CLI", () => {
  let server: ClickHouseServer;
  let cluster: ClickHouseCluster;
  let dir: string;
  let duckdb: Totals;
  let demo: string;
  beforeAll(async () => {
    dir = sharedTempDir();
    [server, cluster] = await Promise.all([startClickHouse(), startClickHouseCluster({ cluster: "pair" })]);
    const db = await smallDemoStore(dir);
    demo = join(dir, "demo", "AWSLogs");
    duckdb = await totals(["--db", db]);
  });
  afterAll(async () => {
    await Promise.all([server?.stop(), cluster?.stop()]);
  });

  const single = (db: string) => ["--store", `clickhouse://default@127.0.0.1:${server.httpPort}/${db}`];
  const pair = (db: string) => [
    "--store",
    `clickhouse://default@127.0.0.1:${cluster.shards[0]?.httpPort}/${db}?cluster=pair`,
  ];

  it("the demo ingested into a single server has DuckDB's record and byte counts", async () => {
    expect((await runCli(["store", "init", ...single("demo")])).code).toBe(0);
    expect((await ingest(single("demo"), demo)).code).toBe(0);
    expect(await totals(single("demo"))).toEqual(duckdb);
    const rollup = await server.sql("SELECT sum(records), sum(bytes) FROM demo.flow_rollup FORMAT TSV");
    expect(rollup.trim()).toBe(`${duckdb.records}\t${duckdb.bytes}`);
  });

  it("query on ClickHouse answers the same rows as on DuckDB", async () => {
    const sql =
      "SELECT account_id, count(*) AS records, sum(bytes) AS bytes FROM flows GROUP BY account_id ORDER BY account_id";
    const [onClickHouse, onDuckDb] = await Promise.all([
      runCli(["query", sql, "--json", ...single("demo")]),
      runCli(["query", sql, "--json", "--db", join(dir, "demo.duckdb")]),
    ]);
    expect(onClickHouse.stderr).toBe("");
    expect(JSON.parse(onClickHouse.stdout)).toEqual(JSON.parse(onDuckDb.stdout));
  });

  it("query on ClickHouse refuses a write, naming why", async () => {
    const result = await runCli(["query", "DROP TABLE flow_records", ...single("demo")]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /the query is not a read \(.*\), and flowlens runs only queries that read on ClickHouse/,
    );
    expect(await totals(single("demo"))).toEqual(duckdb);
  });

  it("query on ClickHouse refuses table functions, which would reach files or hosts", async () => {
    const result = await runCli([
      "query",
      "SELECT * FROM url('http://127.0.0.1:1/', CSV, 'a String')",
      ...single("demo"),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "the query uses a table function, and queries may use only the store's tables",
    );
  });

  it("query on ClickHouse stops at its time limit", async () => {
    const result = await runCli([
      "query",
      "SELECT count() FROM system.numbers",
      "--timeout",
      "1",
      ...single("demo"),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("the query ran longer than its time limit of 1 s and was stopped");
  });

  it("query on ClickHouse prints at most --max-rows rows and says there were more", async () => {
    const result = await runCli([
      "query",
      "SELECT uri FROM sources ORDER BY uri",
      "-o",
      "csv",
      "--max-rows",
      "3",
      ...single("demo"),
    ]);
    expect(result.stdout.trim().split("\n")).toHaveLength(4);
    expect(result.stderr).toContain("printed the first 3 rows (--max-rows 3); the query has more");
  });

  it("ingesting the same objects again adds nothing", async () => {
    expect((await runCli(["store", "init", ...single("again")])).code).toBe(0);
    expect((await ingest(single("again"), demo)).code).toBe(0);
    const second = await ingest(single("again"), demo);
    expect(JSON.parse(second.stdout)).toMatchObject({ objectsLoaded: 0, rowsLoaded: 0 });
    expect(await totals(single("again"))).toEqual(duckdb);
    const rollup = await server.sql("SELECT sum(records) FROM again.flow_rollup FORMAT TSV");
    expect(Number(rollup.trim())).toBe(duckdb.records);
  });

  it("the demo ingested into a two-shard cluster has DuckDB's counts, each ENI's rows on one shard", async () => {
    expect((await runCli(["store", "init", ...pair("fleet")])).code).toBe(0);
    expect((await ingest(pair("fleet"), demo)).code).toBe(0);
    expect(await totals(pair("fleet"))).toEqual(duckdb);
    const perShard = await Promise.all(
      cluster.shards.map((s) => s.sql("SELECT count() FROM fleet.flow_records_local FORMAT TSV")),
    );
    expect(perShard.map(Number).every((n) => n > 0)).toBe(true);
    const enis = await Promise.all(
      cluster.shards.map(async (s) =>
        (await s.sql("SELECT DISTINCT interface_id FROM fleet.flow_records_local FORMAT TSV"))
          .trim()
          .split("\n"),
      ),
    );
    const [first = [], second = []] = enis;
    expect(first.length).toBeGreaterThan(0);
    expect(second.length).toBeGreaterThan(0);
    expect(first.filter((eni) => second.includes(eni))).toEqual([]);
    const rollup = await cluster.shards[0]?.sql("SELECT sum(records) FROM fleet.flow_rollup FORMAT TSV");
    expect(Number(rollup?.trim())).toBe(duckdb.records);
  });

  it("query on the two-shard cluster reads flows from both shards", async () => {
    const result = await runCli([
      "query",
      "SELECT count(*) AS records FROM flows",
      "--json",
      ...pair("fleet"),
    ]);
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual([{ records: duckdb.records }]);
  });

  for (const layout of ["a single server", "a two-shard cluster"] as const) {
    it(`a changed object replaces its rows, in flows and in the rollups, on ${layout}`, async () => {
      const store = layout === "a single server" ? single("changed") : pair("changed");
      const home = layout === "a single server" ? server : (cluster.shards[0] as ClickHouseServer);
      const own = tempDir();
      const files = (await readdir(demo, { recursive: true })).filter((f) => f.endsWith(".log.gz"));
      const [first = "", second = ""] = files;
      await cp(join(demo, first), join(own, "object.log.gz"));
      expect((await runCli(["store", "init", ...store])).code).toBe(0);
      expect((await ingest(store, own)).code).toBe(0);
      await cp(join(demo, second), join(own, "object.log.gz"));
      expect((await ingest(store, join(own, "object.log.gz"))).code).toBe(0);
      const only = tempDir();
      await cp(join(demo, second), join(only, "object.log.gz"));
      const db = join(only, "only.duckdb");
      expect((await ingest(["--db", db], join(only, "object.log.gz"))).code).toBe(0);
      const expected = await totals(["--db", db]);
      expect(await totals(store)).toEqual(expected);
      const rollup = await home.sql("SELECT sum(records), sum(bytes) FROM changed.flow_rollup FORMAT TSV");
      expect(rollup.trim()).toBe(`${expected.records}\t${expected.bytes}`);
      const hourly = await home.sql("SELECT sum(records) FROM changed.hourly_rollup FORMAT TSV");
      expect(Number(hourly.trim())).toBe(expected.records);
    });
  }

  it("bad lines are quarantined in rejects on ClickHouse, and the good lines load", async () => {
    const own = tempDir();
    const good =
      "2 123456789012 eni-0a1b2c3d 10.0.0.1 10.0.0.2 443 50000 6 10 1000 1796000000 1796000060 ACCEPT OK";
    await writeFile(join(own, "mixed.log"), `${good}\nthis is not a flow record\n${good}\n`);
    expect((await runCli(["store", "init", ...single("quarantine")])).code).toBe(0);
    const result = await ingest(single("quarantine"), own);
    expect(JSON.parse(result.stdout)).toMatchObject({ rowsLoaded: 2, rowsRejected: 1 });
    const rejects = await server.sql("SELECT line, text FROM quarantine.rejects FORMAT TSV");
    expect(rejects.trim()).toBe("2\tthis is not a flow record");
    expect((await totals(single("quarantine"))).records).toBe(2);
  });

  it("ingest into a server that does not answer fails with a sentence naming it", async () => {
    const down = await startClickHouse();
    const port = down.httpPort;
    await down.stop();
    const result = await runCli([
      "ingest",
      demo,
      "--no-progress",
      "--store",
      `clickhouse://default@127.0.0.1:${port}/x`,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `ClickHouse store clickhouse://default@127.0.0.1:${port}/x does not answer`,
    );
  });

  it("a server killed mid-ingest fails the ingest naming it, and the re-run once it is back is exact", async () => {
    const flaky = await startClickHouse();
    try {
      const store = ["--store", `clickhouse://default@127.0.0.1:${flaky.httpPort}/flaky`];
      expect((await runCli(["store", "init", ...store])).code).toBe(0);
      let killing: Promise<void> | undefined;
      const result = await runCli(["ingest", demo, "--no-progress", "--batch-objects", "20", ...store], {
        onSpawn: (child) => {
          const poll = setInterval(async () => {
            const loads = await flaky
              .sql("SELECT count() FROM flaky.source_versions FORMAT TSV")
              .catch(() => "0");
            if (Number(loads.trim()) > 0 && !killing) {
              clearInterval(poll);
              killing = flaky.kill();
            }
          }, 20);
          child.once("exit", () => clearInterval(poll));
        },
      });
      await killing;
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        `ClickHouse store clickhouse://default@127.0.0.1:${flaky.httpPort}/flaky`,
      );
      await flaky.start();
      expect((await ingest(store, demo)).code).toBe(0);
      expect(await totals(store)).toEqual(duckdb);
      const rollup = await flaky.sql("SELECT sum(records), sum(bytes) FROM flaky.flow_rollup FORMAT TSV");
      expect(rollup.trim()).toBe(`${duckdb.records}\t${duckdb.bytes}`);
    } finally {
      await flaky.stop();
    }
  });

  it("a store URL with a password is refused without showing the password", async () => {
    const result = await runCli([
      "stats",
      "--store",
      "clickhouse://flowlens:hunter2-secret@127.0.0.1:8123/x",
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("a password in the store URL is refused");
    expect(result.stderr).toContain("clickhouse://flowlens:[redacted]@127.0.0.1:8123/x");
    expect(result.stderr).not.toContain("hunter2-secret");
  });

  /** Starts an ingest into `db` and kills it (SIGKILL) once its first load has committed; returns its pid. */
  async function killMidIngest(db: string): Promise<number> {
    expect((await runCli(["store", "init", ...single(db)])).code).toBe(0);
    let killed = false;
    let pid = 0;
    await runCli(["ingest", demo, "--no-progress", "--batch-objects", "20", ...single(db)], {
      onSpawn: (child) => {
        pid = child.pid ?? 0;
        const poll = setInterval(async () => {
          const loads = await server
            .sql(`SELECT count() FROM ${db}.source_versions FORMAT TSV`)
            .catch(() => "0");
          if (Number(loads.trim()) > 0) {
            clearInterval(poll);
            killed = child.kill("SIGKILL");
          }
        }, 20);
        child.once("exit", () => clearInterval(poll));
      },
    });
    expect(killed).toBe(true);
    return pid;
  }

  it("SIGKILL mid-ingest, then the same ingest again, gives exact counts", async () => {
    await killMidIngest("killed");
    const partial = await totals(single("killed"));
    expect(partial.records).toBeLessThan(duckdb.records);
    expect((await ingest(single("killed"), demo)).code).toBe(0);
    expect(await totals(single("killed"))).toEqual(duckdb);
    const rollup = await server.sql("SELECT sum(records) FROM killed.flow_rollup FORMAT TSV");
    expect(Number(rollup.trim())).toBe(duckdb.records);
  });

  it("the scratch store of an ingest killed mid-way is removed by the next run", async () => {
    const pid = await killMidIngest("scratch");
    const scratch = async () =>
      (await readdir(tmpdir())).filter((name) => name.startsWith(`flowlens-staging-${pid}-`));
    expect((await scratch()).length).toBeGreaterThan(0);
    expect((await ingest(single("scratch"), demo)).code).toBe(0);
    expect(await scratch()).toEqual([]);
  });
});
