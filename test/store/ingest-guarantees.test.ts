import { utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { DEFAULT_HEADER as HEADER, defaultRecord as record } from "../helpers/flow-log-files.js";
import { ingestFiles } from "../helpers/ingest-files.js";
import { withStoreIn as withStore } from "../helpers/store-in-dir.js";
import { tempDir } from "../helpers/temp-dir.js";

function writeLog(path: string, lines: string[]): void {
  writeFileSync(path, gzipSync(`${HEADER}\n${lines.join("\n")}\n`));
}

describe("ingest guarantees", () => {
  it("re-ingesting an unchanged object adds no rows", async () => {
    const dir = tempDir();
    writeLog(join(dir, "a.log.gz"), [record(1), record(2)]);
    await withStore(dir, async (store) => {
      await ingestFiles(store, [dir]);
      const again = await ingestFiles(store, [dir]);
      expect(again).toMatchObject({ objectsSkipped: 1, objectsLoaded: 0, rowsLoaded: 0 });
      expect(await store.value("SELECT count(*) FROM flows")).toBe(2);
    });
  });

  it("a changed object replaces its rows", async () => {
    const dir = tempDir();
    const path = join(dir, "a.log.gz");
    writeLog(path, [record(1), record(2), record(3)]);
    await withStore(dir, async (store) => {
      await ingestFiles(store, [dir]);
      writeLog(path, [record(4)]);
      utimesSync(path, new Date(), new Date(Date.now() + 5000));
      const again = await ingestFiles(store, [dir]);
      expect(again).toMatchObject({ objectsLoaded: 1, rowsLoaded: 1 });
      expect(await store.rows("SELECT srcport FROM flows")).toEqual([{ srcport: 40004 }]);
      expect(await store.value("SELECT count(*) FROM sources")).toBe(1);
    });
  });

  it("quarantines malformed lines with source, line number, reason and text, and loads the rest", async () => {
    const dir = tempDir();
    writeLog(join(dir, "a.log.gz"), [
      record(1),
      "2 111111111111 eni-0a1 short line",
      record(2).replace("443", "https"),
    ]);
    await withStore(dir, async (store) => {
      const summary = await ingestFiles(store, [dir]);
      expect(summary).toMatchObject({ rowsLoaded: 1, rowsRejected: 2, objectsFailed: 0 });
      const rejects = await store.rows(
        "SELECT s.uri, r.line, r.reason, r.text FROM rejects r JOIN sources s USING (source_id) ORDER BY line",
      );
      expect(rejects).toEqual([
        {
          uri: join(dir, "a.log.gz"),
          line: 3,
          reason: "expected 14 fields, found 5",
          text: "2 111111111111 eni-0a1 short line",
        },
        expect.objectContaining({ line: 4, text: record(2).replace("443", "https") }),
      ]);
      expect(rejects[1]?.reason).toBe('field dstport must be a whole number from 0 to 65535, not "https"');
      expect(await store.value("SELECT rejected_count FROM sources")).toBe(2);
    });
  });

  it("names a corrupt gzip file, marks it failed and still loads the other files", async () => {
    const dir = tempDir();
    writeLog(join(dir, "a.log.gz"), [record(1)]);
    writeFileSync(join(dir, "b.log.gz"), gzipSync(`${HEADER}\n${record(2)}\n`).subarray(0, 30));
    writeLog(join(dir, "c.log.gz"), [record(3)]);
    await withStore(dir, async (store) => {
      const summary = await ingestFiles(store, [dir]);
      expect(summary).toMatchObject({ objectsLoaded: 2, objectsFailed: 1, rowsLoaded: 2 });
      expect(summary.failures[0]?.uri).toBe(join(dir, "b.log.gz"));
      expect(summary.failures[0]?.error).toMatch(new RegExp(`^cannot read ${join(dir, "b.log.gz")}: `));
      expect(await store.rows("SELECT status, count(*) AS n FROM sources GROUP BY ALL ORDER BY ALL")).toEqual(
        [
          { status: "failed", n: 1 },
          { status: "loaded", n: 2 },
        ],
      );
    });
  });

  it("a gzip object cut off midway is named as failed rather than loaded in part", async () => {
    const dir = tempDir();
    const whole = gzipSync(`${HEADER}\n${Array.from({ length: 20000 }, (_, i) => record(i)).join("\n")}\n`);
    writeFileSync(join(dir, "cut.log.gz"), whole.subarray(0, Math.floor(whole.length * 0.6)));
    await withStore(dir, async (store) => {
      const summary = await ingestFiles(store, [dir]);
      expect(summary).toMatchObject({ objectsFailed: 1, rowsLoaded: 0 });
      expect(summary.failures[0]?.error).toBe(
        `cannot read ${join(dir, "cut.log.gz")}: unexpected end of file — the gzip stream is truncated or corrupt; replace the object and run the same command again`,
      );
      expect(await store.value("SELECT count(*) FROM flows")).toBe(0);
    });
  });

  it("one cut-off gzip among five files of the same format: four load, one is named, the ledger agrees", async () => {
    const dir = tempDir();
    for (let f = 0; f < 5; f++) {
      const text = `${HEADER}\n${Array.from({ length: 3000 }, (_, i) => record(f * 3000 + i)).join("\n")}\n`;
      const gz = gzipSync(text);
      writeFileSync(join(dir, `f${f}.log.gz`), f === 2 ? gz.subarray(0, Math.floor(gz.length * 0.7)) : gz);
    }
    await withStore(dir, async (store) => {
      const summary = await ingestFiles(store, [dir]);
      expect(summary).toMatchObject({ objectsLoaded: 4, objectsFailed: 1, rowsLoaded: 4 * 3000 });
      expect(summary.failures.map((f) => f.uri)).toEqual([join(dir, "f2.log.gz")]);
      expect(await store.value("SELECT count(*) FROM flows")).toBe(4 * 3000);
      expect(await store.value("SELECT sum(row_count) FROM sources WHERE status = 'loaded'")).toBe(4 * 3000);
    });
  });

  it("a loaded object whose new version is unreadable loses its old rows, is marked failed and says so", async () => {
    const dir = tempDir();
    const path = join(dir, "a.log.gz");
    writeLog(path, [record(1), record(2)]);
    await withStore(dir, async (store) => {
      await ingestFiles(store, [dir]);
      writeFileSync(path, gzipSync(`${HEADER}\n${record(3)}\n`).subarray(0, 30));
      utimesSync(path, new Date(), new Date(Date.now() + 5000));
      const summary = await ingestFiles(store, [dir]);
      expect(summary).toMatchObject({ objectsFailed: 1 });
      expect(summary.failures[0]?.error).toMatch(/ \(the 2 records of its earlier version were removed\)$/);
      expect(await store.value("SELECT count(*) FROM flows")).toBe(0);
      expect(await store.value("SELECT status FROM sources")).toBe("failed");
    });
  });

  it("reads gzip content whatever the file is called", async () => {
    const dir = tempDir();
    writeLog(join(dir, "really-gzip.log"), [record(1), record(2), record(3)]);
    await withStore(dir, async (store) => {
      expect(await ingestFiles(store, [dir])).toMatchObject({
        objectsLoaded: 1,
        rowsLoaded: 3,
        rowsRejected: 0,
      });
    });
  });

  it("a file name DuckDB would read as a glob loads only that file", async () => {
    const dir = tempDir();
    writeLog(join(dir, "x[1].log.gz"), [record(1)]);
    writeLog(join(dir, "x1.log.gz"), [record(2), record(3)]);
    await withStore(dir, async (store) => {
      await ingestFiles(store, [join(dir, "x[1].log.gz")]);
      expect(await store.rows("SELECT srcport FROM flows")).toEqual([{ srcport: 40001 }]);
    });
  });

  it("a previously failed object is tried again on the next run", async () => {
    const dir = tempDir();
    const path = join(dir, "a.log.gz");
    writeFileSync(path, "not gzip at all");
    await withStore(dir, async (store) => {
      expect((await ingestFiles(store, [dir])).objectsFailed).toBe(1);
      writeLog(path, [record(1)]);
      utimesSync(path, new Date(), new Date(Date.now() + 5000));
      expect(await ingestFiles(store, [dir])).toMatchObject({
        objectsLoaded: 1,
        objectsFailed: 0,
        rowsLoaded: 1,
      });
    });
  });

  it("derives the UTC day from start, normalises millisecond times, and ipv4_to_int gives IPv4 addresses as integers", async () => {
    const dir = tempDir();
    const line = "2 111111111111 eni-1 10.0.1.2 2001:db8::1 1 2 6 1 1 1763596799000 1763596801000 ACCEPT OK";
    writeLog(join(dir, "a.log.gz"), [line]);
    await withStore(dir, async (store) => {
      await ingestFiles(store, [dir]);
      expect(
        await store.rows(
          "SELECT day, start_time, end_time, ipv4_to_int(srcaddr) AS srcaddr_int, ipv4_to_int(dstaddr) AS dstaddr_int FROM flows",
        ),
      ).toEqual([
        {
          day: "2025-11-19",
          start_time: "2025-11-19 23:59:59",
          end_time: "2025-11-20 00:00:01",
          srcaddr_int: 10 * 2 ** 24 + 1 * 2 ** 8 + 2,
          dstaddr_int: null,
        },
      ]);
    });
  });

  it("loads many objects in one batch and tags every row with its own object", async () => {
    const dir = tempDir();
    for (let f = 0; f < 5; f++)
      writeLog(
        join(dir, `f${f}.log.gz`),
        Array.from({ length: f + 1 }, (_, i) => record(i)),
      );
    await withStore(dir, async (store) => {
      await ingestFiles(store, [dir]);
      const perObject = await store.rows(
        "SELECT regexp_extract(s.uri, '/(f\\d)\\.log\\.gz$', 1) AS f, s.row_count, count(*) AS n FROM flows JOIN sources s USING (source_id) GROUP BY ALL ORDER BY f",
      );
      expect(perObject).toEqual([1, 2, 3, 4, 5].map((n, i) => ({ f: `f${i}`, row_count: n, n })));
    });
  });
});
