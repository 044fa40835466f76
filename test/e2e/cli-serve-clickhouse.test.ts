/**
 * `flowlens serve` on a ClickHouse store (a single server and a two-shard cluster), in its own process:
 * requests delivered as Firehose does are loaded through the ClickHouse ingest path, every record exactly
 * once; a retry of a loaded request stores nothing new, also after a restart, when the index of requests
 * received is rebuilt from ClickHouse's stream_requests.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import {
  type ClickHouseCluster,
  type ClickHouseServer,
  clickHouseAvailable,
  startClickHouse,
  startClickHouseCluster,
} from "../helpers/clickhouse-server.js";
import { deliverAll } from "../helpers/firehose-client.js";
import { ACCESS_KEY, cloudWatchData, dataMessage, defaultRecords } from "../helpers/firehose-payloads.js";
import { CLI, runCli, runCliJson } from "../helpers/run-cli.js";
import { tempDir } from "../helpers/temp-dir.js";
import { startWatched, type WatchedProcess } from "../helpers/watched-process.js";

interface Serve {
  readonly process: WatchedProcess;
  readonly url: string;
}

async function startServe(dir: string, store: string): Promise<Serve> {
  const process = startWatched(
    [CLI, "serve", "--store", store, "--config", join(dir, "flowlens.yaml"), "--port", "0"],
    { FLOWLENS_SERVE_ACCESS_KEY: ACCESS_KEY, FLOWLENS_CACHE_DIR: join(dir, "cache") },
  );
  onTestFinished(() => {
    process.child.kill("SIGKILL");
  });
  await process.waitFor(/listening on https?:\/\/\S+/);
  const url = /listening on (https?:\/\/[^\s)]+)/.exec(process.output())?.[1] as string;
  return { process, url };
}

/** `count` requests of `perRequest` default-format records each, every record distinct (bytes = its number). */
function requests(count: number, perRequest: number) {
  return Array.from({ length: count }, (_, r) => ({
    requestId: `request-${r}`,
    records: [
      { data: cloudWatchData(dataMessage(defaultRecords(perRequest, { first: r * perRequest + 1 }))) },
    ],
  }));
}

async function totals(store: string): Promise<{ n: number; bytes: number; distinct: number }> {
  const { json, code, stderr } = await runCliJson<{ n: number; bytes: number; distinct: number }[]>([
    "query",
    "--store",
    store,
    // 18.16 reads `bytes` in uniqExact(bytes) as the alias of sum(bytes): the column is renamed first.
    "SELECT count() AS n, sum(b) AS bytes, uniqExact(b) AS `distinct` FROM (SELECT bytes AS b FROM flows)",
  ]);
  expect({ code, stderr, json }).toMatchObject({ code: 0, stderr: "" });
  return json[0] as { n: number; bytes: number; distinct: number };
}

async function count(store: string, table: string): Promise<number> {
  const { json } = await runCliJson<{ n: number }[]>([
    "query",
    "--store",
    store,
    `SELECT count() AS n FROM ${table}`,
  ]);
  return json[0]?.n ?? -1;
}

/** Records loaded by every ingest run, added up here. */
async function rowsLoaded(store: string): Promise<number> {
  const { json } = await runCliJson<{ rows_loaded: number }[]>([
    "query",
    "--store",
    store,
    "SELECT rows_loaded FROM ingest_runs",
  ]);
  return json.reduce((sum, r) => sum + r.rows_loaded, 0);
}

const exactly = (records: number) => ({
  n: records,
  bytes: (records * (records + 1)) / 2,
  distinct: records,
});

describe.skipIf(!clickHouseAvailable)("flowlens serve on ClickHouse", () => {
  let server: ClickHouseServer;
  let cluster: ClickHouseCluster;
  beforeAll(async () => {
    [server, cluster] = await Promise.all([startClickHouse(), startClickHouseCluster({ cluster: "pair" })]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([server?.stop(), cluster?.stop()]);
  });
  const targets = [
    ["a single ClickHouse server", () => `clickhouse://default@127.0.0.1:${server.httpPort}/serve`],
    [
      "a two-shard ClickHouse cluster",
      () => `clickhouse://default@127.0.0.1:${cluster.shards[0]?.httpPort}/serve?cluster=pair`,
    ],
  ] as const;

  for (const [name, storeUrl] of targets) {
    it(`on ${name}, stores every delivered record once, and a retry after a restart stores nothing new`, async () => {
      const store = storeUrl();
      const dir = tempDir("flowlens-serve-clickhouse-");
      writeFileSync(join(dir, "flowlens.yaml"), "serve:\n  loadEveryMs: 200\n");
      expect((await runCli(["store", "init", "--store", store])).code).toBe(0);
      const all = requests(6, 50);
      const first = await startServe(dir, store);
      await deliverAll(all, { url: () => first.url });
      first.process.child.kill("SIGTERM");
      expect(await first.process.exit).toBe(0);
      expect(await totals(store)).toEqual(exactly(300));
      expect(await count(store, "stream_requests")).toBe(6);

      // Started again, it knows the requests from ClickHouse: Firehose's retries are answered, not stored.
      const second = await startServe(dir, store);
      const retries = await deliverAll(all, { url: () => second.url });
      expect(retries.every((d) => d.answers.at(-1) === 200)).toBe(true);
      second.process.child.kill("SIGTERM");
      expect(await second.process.exit).toBe(0);
      // Each retry was known (recorded as a duplicate) and none was loaded again.
      expect([await totals(store), await count(store, "stream_requests")]).toEqual([exactly(300), 6]);
      expect([await count(store, "stream_duplicates"), await rowsLoaded(store)]).toEqual([6, 300]);
    }, 180_000);
  }
});
