import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestToClickHouse } from "../../../src/ingest/ingest-to-clickhouse.js";
import { generateDemo } from "../../../src/sources/demo/generate-demo.js";
import { listLocalObjects } from "../../../src/sources/files/list-local-objects.js";
import { LocalFileFetcher } from "../../../src/sources/object-fetcher.js";
import { flowRollupSelect, hourlyRollupSelect } from "../../../src/store/clickhouse/clickhouse-schema.js";
import { ClickHouseStore } from "../../../src/store/clickhouse/clickhouse-store.js";
import { parseClickHouseUrl } from "../../../src/store/clickhouse/clickhouse-url.js";
import { initClickHouseStore } from "../../../src/store/clickhouse/init-store.js";
import {
  type ClickHouseServer,
  clickHouseAvailable,
  startClickHouse,
} from "../../helpers/clickhouse-server.js";
import { DEFAULT_HEADER } from "../../helpers/flow-log-files.js";
import { tempDir } from "../../helpers/temp-dir.js";

/** Default-format lines at every edge a rollup key has: ports folded or kept, NULLs, midnight, NODATA. */
const EDGE_LINES = [
  "2 111111111111 eni-0a1 10.0.1.5 52.216.8.1 40001 443 6 10 1000 1763596800 1763596860 ACCEPT OK",
  "2 111111111111 eni-0a1 52.216.8.1 10.0.1.5 443 40001 6 12 2000 1763596800 1763596860 ACCEPT OK",
  "2 111111111111 eni-0a1 198.51.100.7 10.0.1.5 51515 40999 6 1 40 1763596900 1763596960 REJECT OK",
  "2 111111111111 eni-0a1 198.51.100.7 10.0.1.5 40999 51515 17 1 40 1763596900 1763596960 REJECT OK",
  "2 111111111111 eni-0a2 10.0.1.6 10.0.1.7 0 0 1 4 336 1763600000 1763600060 ACCEPT OK",
  "2 111111111111 eni-0a2 10.0.1.6 10.0.1.7 22 22 6 4 336 1763600000 1763600060 ACCEPT OK",
  "2 111111111111 eni-0a2 10.0.1.6 10.0.1.8 5000 6000 6 4 336 1763683190 1763683250 ACCEPT OK",
  "2 111111111111 eni-0a3 - - - - - - - 1763596800 1763596860 - NODATA",
];

async function shippedAndRecomputed(store: ClickHouseStore, table: string, select: string) {
  const sorted = (rows: object[]) => rows.map((r) => JSON.stringify(r)).sort();
  const shipped = sorted(await store.rows(`SELECT * FROM ${table}`));
  const recomputed = sorted(await store.rows(select));
  return { shipped, recomputed };
}

describe.skipIf(!clickHouseAvailable)("the rollup rows a load ships from the parser", () => {
  let server: ClickHouseServer;
  let databases = 0;
  beforeAll(async () => {
    server = await startClickHouse();
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  async function ingested(dir: string): Promise<ClickHouseStore> {
    databases += 1;
    const target = parseClickHouseUrl(`clickhouse://default@127.0.0.1:${server.httpPort}/r${databases}`);
    if ("problem" in target) throw new Error(target.problem);
    await initClickHouseStore(target);
    const store = await ClickHouseStore.open(target);
    await ingestToClickHouse(store, await listLocalObjects([dir]), {
      fetcher: new LocalFileFetcher(),
      command: "test",
    });
    return store;
  }

  const cases = {
    "records at every key's edge in the default format": async (dir: string) => {
      writeFileSync(join(dir, "edges.log.gz"), gzipSync(`${DEFAULT_HEADER}\n${EDGE_LINES.join("\n")}\n`));
    },
    "the demo's wide custom format": async (dir: string) => {
      await generateDemo({
        outDir: dir,
        startDate: "2026-11-20",
        seed: 3,
        recordsPerDay: 2000,
        textOnly: true,
      });
    },
  };
  const rollups = {
    daily: ["flow_rollup_parts", flowRollupSelect],
    hourly: ["hourly_rollup_parts", hourlyRollupSelect],
  } as const;
  for (const [name, write] of Object.entries(cases)) {
    for (const [period, [table, recompute]] of Object.entries(rollups)) {
      it(`are the ${period} sums ClickHouse computes from the load's own rows, for ${name}`, async () => {
        const dir = tempDir();
        await write(dir);
        const store = await ingested(dir);
        try {
          const rows = await shippedAndRecomputed(store, table, recompute("flow_records", "1", 1, "load_id"));
          expect(rows.shipped.length).toBeGreaterThan(0);
          expect(rows.shipped).toEqual(rows.recomputed);
        } finally {
          await store.close();
        }
      });
    }
  }
});
