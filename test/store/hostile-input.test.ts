import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import type { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { refreshRollups } from "../../src/store/duckdb/rollups.js";
import {
  DEFAULT_HEADER as HEADER,
  defaultRecord as record,
  writeDefaultLog,
} from "../helpers/flow-log-files.js";
import { ingestFiles } from "../helpers/ingest-files.js";
import { withFlowsTableAsBefore, withStoreIn as withStore } from "../helpers/store-in-dir.js";
import { tempDir } from "../helpers/temp-dir.js";

/** A record with one field (by its position in the default format) replaced. */
function withField(i: number, index: number, value: string): string {
  return record(i)
    .split(" ")
    .map((v, k) => (k === index ? value : v))
    .join(" ");
}

const rejectsOf = (store: DuckDbStore) =>
  store.rows<{ line: number; reason: string; text: string }>(
    "SELECT line, reason, text FROM rejects ORDER BY source_id, line",
  );

describe("hostile input", () => {
  it("quarantines every value no record can hold with its line and reason, loads the rest and the batch's other objects", async () => {
    const dir = tempDir();
    const bad = [
      withField(2, 9, "-5"),
      withField(3, 9, "9223372036854775807"),
      withField(4, 6, "70000"),
      withField(5, 7, "300"),
      withField(6, 10, "99999999999999999"),
      withField(7, 9, "0x10"),
      withField(8, 9, "1e3"),
      withField(9, 11, "1763596860.5"),
    ];
    writeFileSync(
      join(dir, "a.log.gz"),
      gzipSync(`${HEADER}\n${[record(1), ...bad, record(10)].join("\n")}\n`),
    );
    writeDefaultLog(join(dir, "b.log.gz"), 5, 100);
    await withStore(dir, async (store) => {
      const summary = await ingestFiles(store, [dir]);
      expect(summary).toMatchObject({ objectsLoaded: 2, objectsFailed: 0, rowsLoaded: 7, rowsRejected: 8 });
      const rejects = await rejectsOf(store);
      expect(rejects.map((r) => r.line)).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
      expect(rejects.map((r) => r.text)).toEqual(bad);
      expect(rejects[0]?.reason).toBe(
        'field bytes must be a whole number from 0 to 1125899906842624, not "-5"',
      );
      expect(rejects[2]?.reason).toBe('field dstport must be a whole number from 0 to 65535, not "70000"');
      expect(rejects[5]?.reason).toBe(
        'field bytes must be a whole number from 0 to 1125899906842624, not "0x10"',
      );
      expect(await store.value("SELECT sum(bytes)::BIGINT FROM flows")).toBe(
        1001 + 1010 + 5 * 1000 + 100 + 101 + 102 + 103 + 104,
      );
      expect(await store.rows("SELECT uri, status, rejected_count FROM sources ORDER BY uri")).toEqual([
        { uri: join(dir, "a.log.gz"), status: "loaded", rejected_count: 8 },
        { uri: join(dir, "b.log.gz"), status: "loaded", rejected_count: 0 },
      ]);
    });
  });

  it("a record with bytes of 2^63-1 is quarantined, so the rollups and later loads keep working", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "a.log.gz"), gzipSync(`${HEADER}\n${withField(1, 9, "9223372036854775807")}\n`));
    await withStore(dir, async (store) => {
      await ingestFiles(store, [join(dir, "a.log.gz")]);
      writeDefaultLog(join(dir, "b.log.gz"), 3);
      expect(await ingestFiles(store, [join(dir, "b.log.gz")])).toMatchObject({
        objectsFailed: 0,
        rowsLoaded: 3,
      });
      await refreshRollups(store);
      expect(await store.value("SELECT sum(bytes)::BIGINT FROM flow_rollup")).toBe(1000 + 1001 + 1002);
    });
  });

  it("control characters in text fields are quarantined even when the rest of the file is clean", async () => {
    const dir = tempDir();
    const lines = [
      HEADER,
      record(1),
      `${record(2)}\u0001`,
      record(3).replace("eni-0a3", "eni-\u001b[31m3"),
      `${record(4)}\t`,
      record(5),
    ];
    writeFileSync(join(dir, "a.log.gz"), gzipSync(`${lines.join("\n")}\n`));
    await withStore(dir, async (store) => {
      expect(await ingestFiles(store, [dir])).toMatchObject({
        objectsFailed: 0,
        rowsLoaded: 2,
        rowsRejected: 3,
      });
      expect((await rejectsOf(store)).map((r) => [r.line, r.reason])).toEqual([
        [3, "the line holds a control character (0x01) at column 95"],
        [4, "the line holds a control character (0x1b) at column 20"],
        [5, "the line holds a control character (0x09) at column 95"],
      ]);
    });
  });

  it("times past 2038 in seconds land on their day, and an end before its start is quarantined", async () => {
    const dir = tempDir();
    const later = record(1).replace(/ \d+ \d+ ACCEPT/, " 2147483648 2147483708 ACCEPT");
    const backwards = record(2).replace(/ (\d+) (\d+) ACCEPT/, " $2 $1 ACCEPT");
    writeFileSync(join(dir, "a.log.gz"), gzipSync(`${[HEADER, later, backwards].join("\n")}\n`));
    await withStore(dir, async (store) => {
      expect(await ingestFiles(store, [dir])).toMatchObject({ rowsLoaded: 1, rowsRejected: 1 });
      expect(await store.value("SELECT CAST(day AS VARCHAR) FROM flows")).toBe("2038-01-19");
      expect((await rejectsOf(store))[0]?.reason).toMatch(/^field end \(\d+\) is before start \(\d+\)$/);
    });
  });

  it("a carriage return inside a line and mixed CRLF/LF endings cost only the line at fault", async () => {
    const dir = tempDir();
    const lines = [HEADER, record(1), record(2).replace("ACCEPT", "ACC\rEPT"), `${record(3)}\r`, record(4)];
    writeFileSync(join(dir, "a.log.gz"), gzipSync(`${lines.join("\n")}\n`));
    await withStore(dir, async (store) => {
      expect(await ingestFiles(store, [dir])).toMatchObject({
        objectsFailed: 0,
        rowsLoaded: 3,
        rowsRejected: 1,
      });
      expect(await rejectsOf(store)).toEqual([
        {
          line: 3,
          reason: "the line holds a control character (0x0d) at column 89",
          text: record(2).replace("ACCEPT", "ACC\\x0dEPT"),
        },
      ]);
      expect(await store.rows("SELECT log_status, count(*)::INTEGER AS n FROM flows GROUP BY ALL")).toEqual([
        { log_status: "OK", n: 3 },
      ]);
    });
  });

  it("a line of 150,000 tokens is one quarantined line, kept in part, and the lines around it load", async () => {
    const dir = tempDir();
    const long = Array.from({ length: 150_000 }, () => "1").join(" ");
    writeFileSync(join(dir, "a.log.gz"), gzipSync(`${HEADER}\n${record(1)}\n${long}\n${record(2)}\n`));
    await withStore(dir, async (store) => {
      expect(await ingestFiles(store, [dir])).toMatchObject({
        objectsFailed: 0,
        rowsLoaded: 2,
        rowsRejected: 1,
      });
      const [reject] = await rejectsOf(store);
      expect(reject?.line).toBe(3);
      expect(reject?.reason).toBe("the line is 299999 bytes long; a record is at most 65536");
      expect(reject?.text.length).toBeLessThan(1100);
    });
  });

  it("fields separated by runs of spaces load as the same record", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "a.log"), `${HEADER}\n${record(1).replaceAll(" ", "   ")}\n${record(2)}\n`);
    await withStore(dir, async (store) => {
      expect(await ingestFiles(store, [dir])).toMatchObject({
        objectsFailed: 0,
        rowsLoaded: 2,
        rowsRejected: 0,
      });
      expect(await store.rows("SELECT srcport, bytes FROM flows ORDER BY srcport")).toEqual([
        { srcport: 40001, bytes: 1001 },
        { srcport: 40002, bytes: 1002 },
      ]);
    });
  });
});

describe("hostile Parquet", () => {
  /** Writes a Parquet object with DuckDB from a SELECT. */
  async function writeParquet(store: DuckDbStore, path: string, select: string) {
    mkdirSync(join(path, ".."), { recursive: true });
    await store.run(`COPY (${select}) TO '${path}' (FORMAT parquet)`);
  }
  const row = (bytes: string) =>
    `SELECT 2 AS version, '111111111111' AS account_id, 'eni-0a1' AS interface_id, '10.0.0.1' AS srcaddr,
      '10.0.0.2' AS dstaddr, 40000 AS srcport, 443 AS dstport, 6 AS protocol, 10::BIGINT AS packets,
      ${bytes} AS bytes, 1763596800::BIGINT AS start, 1763596860::BIGINT AS "end", 'ACCEPT' AS action,
      'OK' AS log_status`;

  it("refuses an object whose columns are not flow log columns, naming it", async () => {
    const dir = tempDir();
    await withStore(dir, async (store) => {
      const path = join(dir, "in/other.parquet");
      await writeParquet(store, path, "SELECT 1 AS a, 'x' AS b");
      writeDefaultLog(join(dir, "in/good.log.gz"), 2);
      const summary = await ingestFiles(store, [join(dir, "in")]);
      expect(summary).toMatchObject({ objectsLoaded: 1, objectsFailed: 1, rowsLoaded: 2 });
      expect(summary.failures).toEqual([
        { uri: path, error: `${path} has none of the flow log columns (found a, b)` },
      ]);
    });
  });

  it("refuses numbers stored as text, naming the column and the type expected", async () => {
    const dir = tempDir();
    await withStore(dir, async (store) => {
      const path = join(dir, "text-bytes.parquet");
      await writeParquet(store, path, row("'1000'"));
      const summary = await ingestFiles(store, [path]);
      expect(summary.failures).toEqual([
        {
          uri: path,
          error: `${path} has column bytes of type VARCHAR; flowlens expects a whole number (INT32 or INT64) there`,
        },
      ]);
      expect(await store.value("SELECT count(*) FROM flows")).toBe(0);
    });
  });

  it("refuses an object without start whose path names no day", async () => {
    const dir = tempDir();
    await withStore(dir, async (store) => {
      const path = join(dir, "timeless.parquet");
      await writeParquet(store, path, "SELECT 'eni-0a1' AS interface_id, 10::BIGINT AS bytes");
      const summary = await ingestFiles(store, [path]);
      expect(summary.failures).toEqual([
        {
          uri: path,
          error: `${path} has no start field and its path names no day, so its records have no time; flowlens needs \${start} in the log format`,
        },
      ]);
    });
  });

  it("quarantines a row whose text holds a control character", async () => {
    const dir = tempDir();
    await withStore(dir, async (store) => {
      const path = join(dir, "escape.parquet");
      const evil = row("7::BIGINT").replace(
        "'eni-0a1' AS interface_id",
        "'eni-' || chr(27) || '[31m' AS interface_id",
      );
      await writeParquet(store, path, `${row("1000::BIGINT")} UNION ALL ${evil}`);
      expect(await ingestFiles(store, [path])).toMatchObject({
        objectsFailed: 0,
        rowsLoaded: 1,
        rowsRejected: 1,
      });
      expect((await rejectsOf(store))[0]?.reason).toBe("a text field holds a control character");
    });
  });

  it("quarantines a row with negative bytes by its row number and loads the others", async () => {
    const dir = tempDir();
    await withStore(dir, async (store) => {
      const path = join(dir, "negative.parquet");
      await writeParquet(
        store,
        path,
        `${row("1000::BIGINT")} UNION ALL ${row("-5::BIGINT")} UNION ALL ${row("7::BIGINT")}`,
      );
      expect(await ingestFiles(store, [path])).toMatchObject({
        objectsFailed: 0,
        rowsLoaded: 2,
        rowsRejected: 1,
      });
      const [reject] = await rejectsOf(store);
      expect(reject).toMatchObject({
        reason: 'field bytes must be a whole number from 0 to 1125899906842624, not "-5"',
      });
      expect(JSON.parse(reject?.text ?? "{}")).toMatchObject({ bytes: -5, interface_id: "eni-0a1" });
      expect(await store.value("SELECT sum(bytes)::BIGINT FROM flows")).toBe(1007);
    });
  });
});

describe("a store written before values were bounded", () => {
  it("is upgraded when opened for writing: rows with refused values move to the quarantine and the rollups sum again", async () => {
    const dir = tempDir();
    writeDefaultLog(join(dir, "a.log.gz"), 3);
    await withStore(dir, async (store) => {
      await ingestFiles(store, [dir]);
      // What flowlens 0.1 stored from a record with bytes of 2^63-1 (in a table named flows), and its
      // BIGINT rollups.
      await withFlowsTableAsBefore(store, 1);
      await store.run("UPDATE flows SET bytes = 9223372036854775807 WHERE srcport = 40001");
      await store.run("DROP TABLE flow_rollup");
      await store.run("DROP TABLE hourly_rollup");
      await store.run(`CREATE TABLE flow_rollup (day DATE, bytes BIGINT)`);
      await store.run(`CREATE TABLE hourly_rollup (day DATE, bytes BIGINT)`);
    });
    await withStore(dir, async (store) => {
      expect(await store.value("SELECT value FROM flowlens_meta WHERE key = 'schema_version'")).toBe("3");
      expect(await store.rows("SELECT row_count, rejected_count FROM sources")).toEqual([
        { row_count: 2, rejected_count: 1 },
      ]);
      const [reject] = await rejectsOf(store);
      expect(reject?.reason).toBe(
        'field bytes must be a whole number from 0 to 1125899906842624, not "9223372036854775807" (found in the store when it was upgraded)',
      );
      await refreshRollups(store);
      expect(await store.value("SELECT sum(bytes)::BIGINT FROM flow_rollup")).toBe(1000 + 1002);
      expect(
        await store.value(
          "SELECT data_type FROM duckdb_columns() WHERE table_name = 'flow_rollup' AND column_name = 'bytes'",
        ),
      ).toBe("HUGEINT");
    });
  });
});
