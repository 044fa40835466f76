/**
 * The same tests on every backend: `testStores()`, called at the top of a test file, lists a DuckDB file
 * and, where the machine has clickhouse-server, a ClickHouse server started once for the file (stopped
 * after it, also on failure). Each `open()` gives a fresh, empty store (a new database on ClickHouse),
 * closed when the test ends.
 *
 *   for (const backend of testStores())
 *     describe(`… on ${backend.name}`, () => { it("…", async () => { const store = await backend.open(); }) });
 */
import { afterAll, beforeAll, onTestFinished } from "vitest";
import { ClickHouseStore } from "../../src/store/clickhouse/clickhouse-store.js";
import { parseClickHouseUrl } from "../../src/store/clickhouse/clickhouse-url.js";
import type { DialectName, Store } from "../../src/store/store.js";
import { openTestStore } from "../enrich/open-test-store.js";
import { type ClickHouseServer, clickHouseAvailable, startClickHouse } from "./clickhouse-server.js";

export interface TestStore {
  readonly name: string;
  readonly backend: DialectName;
  open(): Promise<Store>;
}

export function testStores(): readonly TestStore[] {
  if (!clickHouseAvailable) return [{ name: "DuckDB", backend: "duckdb", open: () => openTestStore() }];
  let server: ClickHouseServer | undefined;
  let databases = 0;
  beforeAll(async () => {
    server = await startClickHouse();
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });
  return [
    { name: "DuckDB", backend: "duckdb", open: () => openTestStore() },
    {
      name: "ClickHouse",
      backend: "clickhouse",
      open: async () => {
        databases += 1;
        const target = parseClickHouseUrl(`clickhouse://default@127.0.0.1:${server?.httpPort}/t${databases}`);
        if ("problem" in target) throw new Error(target.problem);
        const store = await ClickHouseStore.open(target, { createDatabase: true });
        onTestFinished(() => store.close());
        return store;
      },
    },
  ];
}
