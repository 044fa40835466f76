import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestToClickHouse } from "../../../src/ingest/ingest-to-clickhouse.js";
import { listLocalObjects } from "../../../src/sources/files/list-local-objects.js";
import { LocalFileFetcher } from "../../../src/sources/object-fetcher.js";
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

/** Times in seconds and in milliseconds, at midnight, a second before it, and far from now. */
const TIMED_LINES = [
  "2 111111111111 eni-0a1 10.0.1.5 52.216.8.1 40001 443 6 10 1000 1763596800 1763596860 ACCEPT OK",
  "2 111111111111 eni-0a2 10.0.1.5 52.216.8.2 40002 443 6 10 1000 1763596799 1763596800 ACCEPT OK",
  "2 111111111111 eni-0a3 10.0.1.5 52.216.8.3 40003 443 6 10 1000 1763596801999 1763596862001 ACCEPT OK",
  "2 111111111111 eni-0a4 10.0.1.5 52.216.8.4 40004 443 6 10 1000 4102444799 4102444800 ACCEPT OK",
];

describe.skipIf(!clickHouseAvailable)("the records a load ships from the parser", () => {
  let server: ClickHouseServer;
  beforeAll(async () => {
    server = await startClickHouse();
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("stores every record's start and end at the second its line gives, milliseconds truncated", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "times.log.gz"), gzipSync(`${DEFAULT_HEADER}\n${TIMED_LINES.join("\n")}\n`));
    const target = parseClickHouseUrl(`clickhouse://default@127.0.0.1:${server.httpPort}/times`);
    if ("problem" in target) throw new Error(target.problem);
    await initClickHouseStore(target);
    const store = await ClickHouseStore.open(target);
    try {
      await ingestToClickHouse(store, await listLocalObjects([dir]), {
        fetcher: new LocalFileFetcher(),
        command: "test",
      });
      const rows = await store.rows(
        `SELECT interface_id, toUInt32(start_time) AS start, toUInt32(end_time) AS end,
           formatDateTime(start_time, '%Y-%m-%d %H:%M:%S') AS start_text, toString(day) AS day
         FROM flows ORDER BY interface_id`,
      );
      expect(rows).toEqual([
        {
          interface_id: "eni-0a1",
          start: 1763596800,
          end: 1763596860,
          start_text: "2025-11-20 00:00:00",
          day: "2025-11-20",
        },
        {
          interface_id: "eni-0a2",
          start: 1763596799,
          end: 1763596800,
          start_text: "2025-11-19 23:59:59",
          day: "2025-11-19",
        },
        {
          interface_id: "eni-0a3",
          start: 1763596801,
          end: 1763596862,
          start_text: "2025-11-20 00:00:01",
          day: "2025-11-20",
        },
        {
          interface_id: "eni-0a4",
          start: 4102444799,
          end: 4102444800,
          start_text: "2099-12-31 23:59:59",
          day: "2099-12-31",
        },
      ]);
    } finally {
      await store.close();
    }
  });
});
