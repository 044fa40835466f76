/**
 * One store on every registered backend, for tests that compare their answers: a DuckDB file, a database
 * on a single ClickHouse server and one on a two-shard cluster (both started here, with `store init` run
 * by the built CLI). `everyBackendTargets(dir)` is called in beforeAll; `stop()` in afterAll.
 */
import { join } from "node:path";
import { expect } from "vitest";
import type { DialectName } from "../../src/store/store.js";
import {
  type ClickHouseCluster,
  type ClickHouseServer,
  startClickHouse,
  startClickHouseCluster,
} from "./clickhouse-server.js";
import { runCli } from "./run-cli.js";

export interface BackendTarget {
  readonly name: string;
  readonly backend: DialectName;
  /** The flags that name the store: `--db FILE` or `--store URL`. */
  readonly args: readonly string[];
  /** The settings that name it, for `validateSettings`. */
  readonly settings: { readonly db: string; readonly store?: string };
}

export interface BackendTargets {
  readonly targets: readonly BackendTarget[];
  stop(): Promise<void>;
}

export async function everyBackendTargets(dir: string, database = "every"): Promise<BackendTargets> {
  let server: ClickHouseServer | undefined;
  let cluster: ClickHouseCluster | undefined;
  try {
    [server, cluster] = await Promise.all([startClickHouse(), startClickHouseCluster({ cluster: "pair" })]);
  } catch (error) {
    await Promise.all([server?.stop(), cluster?.stop()]);
    throw error;
  }
  const db = join(dir, `${database}.duckdb`);
  const unused = join(dir, "unused.duckdb");
  const single = `clickhouse://default@127.0.0.1:${server.httpPort}/${database}`;
  const sharded = `clickhouse://default@127.0.0.1:${cluster.shards[0]?.httpPort}/${database}?cluster=pair`;
  const targets: BackendTarget[] = [
    { name: "DuckDB file", backend: "duckdb", args: ["--db", db], settings: { db } },
    {
      name: "single ClickHouse server",
      backend: "clickhouse",
      args: ["--store", single],
      settings: { db: unused, store: single },
    },
    {
      name: "two-shard ClickHouse cluster",
      backend: "clickhouse",
      args: ["--store", sharded],
      settings: { db: unused, store: sharded },
    },
  ];
  const running = [server, cluster];
  const stop = async () => {
    await Promise.all(running.map((s) => s.stop()));
  };
  try {
    for (const target of targets.filter((t) => t.backend === "clickhouse")) {
      const init = await runCli(["store", "init", ...target.args]);
      expect(init.code, `${target.name}: store init: ${init.stderr}`).toBe(0);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { targets, stop };
}
