import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { parseLogFormat, toHeaderLine } from "../../src/records/log-format.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { storeColumnOf } from "../../src/store/schema.js";
import { ingestFiles } from "../helpers/ingest-files.js";
import { withStoreIn } from "../helpers/store-in-dir.js";
import { tempDir } from "../helpers/temp-dir.js";
import { LOOSE_VECTORS, MALFORMED_VECTORS, VECTORS } from "../records/vectors.js";

/** What the store holds for a vector's fields, with timestamps back as Unix seconds. */
async function storedRecord(store: DuckDbStore, format: string) {
  const fields = parseLogFormat(format).fields;
  const select = fields.map((f) =>
    f.name === "start" || f.name === "end"
      ? `epoch(${storeColumnOf(f)})::BIGINT AS "${f.column}"`
      : `${storeColumnOf(f)} AS "${f.column}"`,
  );
  return store.rows(`SELECT ${select.join(", ")} FROM flows`);
}

/**
 * Writes a text object with a header line, under a key that names a day: formats without ${start} take
 * their records' day from it.
 */
function writeVectorObject(dir: string, format: string, lines: readonly string[], gzip = false): string {
  const text = `${toHeaderLine(parseLogFormat(format))}\n${lines.join("\n")}\n`;
  const folder = join(dir, "AWSLogs/123456789010/vpcflowlogs/us-east-1/2026/11/20");
  mkdirSync(folder, { recursive: true });
  const path = join(folder, gzip ? "v.log.gz" : "v.log");
  writeFileSync(path, gzip ? gzipSync(text) : text);
  return path;
}

/** Writes a line as a Parquet object under a dated key, each field of the catalog's type (as AWS does). */
async function writeVectorParquet(store: DuckDbStore, dir: string, format: string, line: string) {
  const text = join(dir, "typed.txt");
  writeFileSync(text, `${line}\n`);
  const types = { int32: "INTEGER", int64: "BIGINT", string: "VARCHAR" } as const;
  const columns = parseLogFormat(format).fields.map((f) => `'${f.column}': '${types[f.type]}'`);
  const folder = join(dir, "AWSLogs/123456789010/vpcflowlogs/us-east-1/2026/11/20");
  mkdirSync(folder, { recursive: true });
  const path = join(folder, "v.parquet");
  await store.run(
    `COPY (SELECT * FROM read_csv('${text}', columns = {${columns.join(", ")}}, delim = ' ', header = false, nullstr = '-', auto_detect = false)) TO '${path}' (FORMAT parquet)`,
  );
  return path;
}

const rejectsOf = (store: DuckDbStore) =>
  store.rows<{ line: number; reason: string }>("SELECT line, reason FROM rejects ORDER BY line");

describe("loading record vectors through DuckDB", () => {
  for (const vector of VECTORS) {
    for (const compression of ["plain", "gzip"] as const) {
      it(`stores ${vector.name} (${compression} text with a header) with the same typed values`, async () => {
        const dir = tempDir();
        const path = writeVectorObject(dir, vector.format, [vector.line], compression === "gzip");
        await withStoreIn(dir, async (store) => {
          expect(await ingestFiles(store, [path])).toMatchObject({
            objectsLoaded: 1,
            rowsLoaded: 1,
            rowsRejected: 0,
            objectsFailed: 0,
          });
          expect(await storedRecord(store, vector.format)).toEqual([vector.expected]);
        });
      });
    }
  }

  for (const vector of LOOSE_VECTORS) {
    it(`stores ${vector.name} (text with a header) with the same typed values`, async () => {
      const dir = tempDir();
      const path = writeVectorObject(dir, vector.format, [vector.line]);
      await withStoreIn(dir, async (store) => {
        expect(await ingestFiles(store, [path])).toMatchObject({ rowsLoaded: 1, rowsRejected: 0 });
        expect(await storedRecord(store, vector.format)).toEqual([vector.expected]);
      });
    });
  }

  for (const vector of VECTORS) {
    it(`stores ${vector.name} (Parquet) with the same typed values`, async () => {
      const dir = tempDir();
      await withStoreIn(dir, async (store) => {
        const path = await writeVectorParquet(store, dir, vector.format, vector.line);
        expect(await ingestFiles(store, [path])).toMatchObject({ rowsLoaded: 1, rowsRejected: 0 });
        expect(await storedRecord(store, vector.format)).toEqual([vector.expected]);
      });
    });
  }

  it("stores a headerless record in a --log-format, with the CloudWatch export timestamp dropped", async () => {
    const dir = tempDir();
    const vector = VECTORS[3];
    if (!vector) throw new Error("missing vector");
    const path = join(dir, "export.txt");
    writeFileSync(path, `2026-11-20T10:00:00.000Z ${vector.line}\n`);
    const store = await DuckDbStore.open(join(dir, "s.duckdb"));
    try {
      await ingestFiles(store, [path], { logFormat: parseLogFormat(vector.format) });
      expect(await storedRecord(store, vector.format)).toEqual([vector.expected]);
    } finally {
      store.close();
    }
  });
});

describe("quarantining malformed vectors through DuckDB", () => {
  for (const vector of MALFORMED_VECTORS) {
    it(`quarantines ${vector.name} (text) with its reason, and loads the record beside it`, async () => {
      const dir = tempDir();
      const good = VECTORS.find((v) => v.format === vector.format);
      const lines = good ? [good.line, vector.line] : [vector.line];
      const path = writeVectorObject(dir, vector.format, lines, true);
      await withStoreIn(dir, async (store) => {
        expect(await ingestFiles(store, [path])).toMatchObject({
          objectsFailed: 0,
          rowsLoaded: lines.length - 1,
          rowsRejected: 1,
        });
        expect(await rejectsOf(store)).toEqual([{ line: lines.length + 1, reason: vector.reason }]);
      });
    });
  }

  for (const vector of MALFORMED_VECTORS.filter((v) => v.typed)) {
    it(`quarantines ${vector.name} (Parquet) with its reason`, async () => {
      const dir = tempDir();
      await withStoreIn(dir, async (store) => {
        const path = await writeVectorParquet(store, dir, vector.format, vector.line);
        expect(await ingestFiles(store, [path])).toMatchObject({ rowsLoaded: 0, rowsRejected: 1 });
        expect(await rejectsOf(store)).toEqual([{ line: 1, reason: vector.reason }]);
      });
    });
  }
});
