/**
 * The content check runs beside the fast path, and its verdict may arrive before the object's batch is
 * loaded or only after: either way a whole number DuckDB would read leniently (`0x10` as 16) must never
 * commit, and the object's good lines must load.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { LimitFunction } from "p-limit";
import { describe, expect, it } from "vitest";
import { ContentCheck } from "../../src/ingest/content-check.js";
import { startRun } from "../../src/ingest/ingest-run.js";
import { loadChunk } from "../../src/ingest/load-chunk.js";
import { listLocalObjects } from "../../src/sources/files/list-local-objects.js";
import { LocalFileFetcher } from "../../src/sources/object-fetcher.js";
import { sniffObject } from "../../src/sources/sniff-object.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { planIngest } from "../../src/store/duckdb/ledger.js";
import { DEFAULT_HEADER, defaultRecord } from "../helpers/flow-log-files.js";
import { tempDir } from "../helpers/temp-dir.js";

/** Holds each check back until the fast path has had time to load the batch. */
const late: LimitFunction = Object.assign(
  <T>(fn: () => Promise<T>) => new Promise((done) => setTimeout(done, 300)).then(fn),
  { activeCount: 0, pendingCount: 0, concurrency: 1, clearQueue: () => {}, map: async () => [] },
) as unknown as LimitFunction;

describe("a content check whose verdict arrives after the fast path loaded the object", () => {
  it("rolls the batch back and loads the object line by line: the lenient value is quarantined", async () => {
    const dir = tempDir();
    const path = join(dir, "a.log.gz");
    const lenient = defaultRecord(2).split(" ").with(9, "0x10").join(" ");
    writeFileSync(path, gzipSync(`${DEFAULT_HEADER}\n${defaultRecord(1)}\n${lenient}\n`));
    const store = await DuckDbStore.open(join(dir, "flowlens.duckdb"));
    try {
      const plan = await planIngest(store, await listLocalObjects([path]));
      const prepared = await Promise.all(
        plan.toLoad.map(async (planned) => {
          const fetched = await new LocalFileFetcher().fetch(planned.object);
          const shape = await sniffObject(fetched.localPath, planned.object.uri);
          if (shape.kind !== "text") throw new Error("expected text");
          const check = ContentCheck.start(late, fetched.localPath, planned.object.uri, shape);
          return { planned, fetched, shape, check };
        }),
      );
      expect(prepared[0]?.check.verdict).toBeUndefined();
      const run = await startRun(store, "test", 1);
      await loadChunk(store, prepared, run);
      expect(run).toMatchObject({ loaded: 1, rows: 1, rejected: 1, failures: [] });
      expect(await store.value("SELECT sum(bytes)::BIGINT FROM flows")).toBe(1001);
      expect(await store.rows("SELECT line, reason FROM rejects")).toEqual([
        { line: 3, reason: 'field bytes must be a whole number from 0 to 1125899906842624, not "0x10"' },
      ]);
    } finally {
      store.close();
    }
  });
});
