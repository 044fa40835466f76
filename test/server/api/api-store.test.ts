import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ApiStore, MAX_OPEN_STORES } from "../../../src/server/api/api-store.js";
import { StoreGate } from "../../../src/server/store-gate.js";
import { DuckDbStore } from "../../../src/store/duckdb/duckdb-store.js";
import { failureOf } from "../../helpers/flowlens-failure.js";
import { tempDir } from "../../helpers/temp-dir.js";
import { testConfig } from "../../helpers/test-server.js";

async function storeFile(): Promise<string> {
  const db = join(tempDir(), "flows.duckdb");
  (await DuckDbStore.open(db)).close();
  return db;
}

/** Hours of work for DuckDB, which checks for an interrupt as it goes. */
const SLOW = "SELECT count(*) FROM range(100000000) a, range(100000000) b WHERE a.range + b.range = -1";

describe("the dashboard's store access", () => {
  it("stops a read at its time limit, so no request holds the loader off for long", async () => {
    const api = new ApiStore(testConfig(await storeFile()), new StoreGate(), 300);
    const failure = await failureOf(api.reading((s) => s.rows(SLOW)));
    expect(failure.code).toBe("FLOWLENS_QUERY_TIMEOUT");
    expect(failure.sentence).toBe(
      "the query ran longer than its time limit of 0.3 s and was stopped — narrow the period or add filters",
    );
  });

  it(`lets at most ${MAX_OPEN_STORES} requests hold a store at once`, async () => {
    const api = new ApiStore(testConfig(await storeFile()), new StoreGate());
    let open = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: MAX_OPEN_STORES * 3 }, () =>
        api.reading(async (s) => {
          most = Math.max(most, ++open);
          await s.rows("SELECT 1");
          // Long enough for every request that may to have opened its store meanwhile.
          await new Promise((resolve) => setTimeout(resolve, 500));
          open--;
        }),
      ),
    );
    expect(most).toBe(MAX_OPEN_STORES);
  });
});
