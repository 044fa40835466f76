/**
 * The Store contract (src/store/store.ts) over every registered backend: a backend added to the registry
 * without a fixture here fails the first test, so none is forgotten.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FlowlensError } from "../../src/errors.js";
import { BACKENDS, openStore } from "../../src/store/backends.js";
import { parseClickHouseUrl } from "../../src/store/clickhouse/clickhouse-url.js";
import { initClickHouseStore } from "../../src/store/clickhouse/init-store.js";
import type { DialectName, Store } from "../../src/store/store.js";
import { type ClickHouseServer, clickHouseAvailable, startClickHouse } from "../helpers/clickhouse-server.js";
import { sharedTempDir } from "../helpers/temp-dir.js";

interface Fixture {
  readonly available: boolean;
  open(): Promise<Store>;
  /** A statement that would run for ever. */
  readonly endless: string;
  stop?(): Promise<void>;
}

let server: ClickHouseServer | undefined;
let databases = 0;

const FIXTURES: Record<DialectName, Fixture> = {
  duckdb: {
    available: true,
    open: async () => openStore({ db: join(sharedDir(), `contract-${++databases}.duckdb`) }),
    endless: "SELECT count(*) FROM range(9223372036854775807) WHERE range < 0",
  },
  clickhouse: {
    available: clickHouseAvailable,
    open: async () => {
      server ??= await startClickHouse();
      const store = `clickhouse://default@127.0.0.1:${server.httpPort}/contract_${++databases}`;
      const target = parseClickHouseUrl(store);
      if ("problem" in target) throw new Error(target.problem);
      await initClickHouseStore(target);
      return openStore({ db: "", store });
    },
    endless: "SELECT count() FROM system.numbers WHERE number < 0",
  },
};

let dir: string | undefined;
function sharedDir(): string {
  if (!dir) throw new Error("the temporary directory is made in beforeAll");
  return dir;
}
beforeAll(() => {
  dir = sharedTempDir();
});
afterAll(async () => {
  await server?.stop();
});

it("every registered backend has a contract fixture", () => {
  expect(BACKENDS.map((b) => b.name).sort()).toEqual(Object.keys(FIXTURES).sort());
});

for (const backend of BACKENDS) {
  const fixture = FIXTURES[backend.name];
  describe.skipIf(!fixture.available)(`the Store contract on ${backend.name}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await fixture.open();
    });
    afterAll(async () => {
      await store?.close();
    });

    it("says which dialect it speaks", () => {
      expect(store.dialect.name).toBe(backend.name);
      expect(store.dialect.version).not.toBe("");
    });

    it("answers rows as plain objects: integers as numbers, dates and timestamps as text", async () => {
      const rows = await store.rows(
        "SELECT CAST(42 AS BIGINT) AS n, CAST('2026-11-30' AS DATE) AS d, CAST('2026-11-30 12:34:56' AS TIMESTAMP) AS t, 'x' AS s",
      );
      expect(rows).toEqual([{ n: 42, d: "2026-11-30", t: "2026-11-30 12:34:56", s: "x" }]);
    });

    it("value is the first column of the first row", async () => {
      expect(await store.value("SELECT 7 AS a, 8 AS b")).toBe(7);
    });

    it("binds named parameters", async () => {
      expect(await store.value("SELECT CAST($day AS DATE) AS d", { day: "2026-11-29" })).toBe("2026-11-29");
    });

    it("a fresh store has the readers' tables, empty", async () => {
      for (const table of ["flows", "sources", "rejects", "ingest_runs", "flow_rollup", "hourly_rollup"])
        expect(Number(await store.value(`SELECT count(*) AS n FROM ${table}`))).toBe(0);
    });

    it("a statement the backend refuses fails with an error", async () => {
      await expect(store.rows("SELECT no_such_column FROM flows")).rejects.toThrow(/no_such_column/);
    });

    it("interrupt stops a running statement and the store stays usable", async () => {
      const running = store.rows(fixture.endless);
      const interrupter = setInterval(() => store.interrupt(), 100);
      try {
        await expect(running).rejects.toThrow();
      } finally {
        clearInterval(interrupter);
      }
      expect(await store.value("SELECT 1 AS one")).toBe(1);
    });

    it("settleRollups can run on an empty store", async () => {
      await expect(store.settleRollups()).resolves.toBeUndefined();
    });
  });
}

describe.skipIf(!clickHouseAvailable)("opening a ClickHouse store", () => {
  it("a database without the schema is refused with a hint to run store init", async () => {
    server ??= await startClickHouse();
    await server.sql("CREATE DATABASE IF NOT EXISTS uninitialised");
    const error = await openStore({
      db: "",
      store: `clickhouse://default@127.0.0.1:${server.httpPort}/uninitialised`,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlowlensError);
    expect((error as FlowlensError).sentence).toBe(
      `ClickHouse store clickhouse://default@127.0.0.1:${server.httpPort}/uninitialised has no flowlens schema — run flowlens store init --store clickhouse://default@127.0.0.1:${server.httpPort}/uninitialised`,
    );
  });
});
