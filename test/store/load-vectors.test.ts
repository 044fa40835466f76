import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { parseLogFormat, toHeaderLine } from "../../src/records/log-format.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { storeColumnOf } from "../../src/store/schema.js";
import { ingestFiles } from "../helpers/ingest-files.js";
import { tempDir } from "../helpers/temp-dir.js";
import { VECTORS } from "../records/vectors.js";

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

describe("loading record vectors through DuckDB", () => {
  for (const vector of VECTORS) {
    for (const compression of ["plain", "gzip"] as const) {
      it(`stores ${vector.name} (${compression} text with a header) with the same typed values`, async () => {
        const dir = tempDir();
        const text = `${toHeaderLine(parseLogFormat(vector.format))}\n${vector.line}\n`;
        // A key that names a day: formats without ${start} take their records' day from it.
        const folder = join(dir, "AWSLogs/123456789010/vpcflowlogs/us-east-1/2026/11/20");
        mkdirSync(folder, { recursive: true });
        const path = join(folder, compression === "gzip" ? "v.log.gz" : "v.log");
        writeFileSync(path, compression === "gzip" ? gzipSync(text) : text);
        const store = await DuckDbStore.open(join(dir, "s.duckdb"));
        try {
          const summary = await ingestFiles(store, [path]);
          expect(summary).toMatchObject({
            objectsLoaded: 1,
            rowsLoaded: 1,
            rowsRejected: 0,
            objectsFailed: 0,
          });
          expect(await storedRecord(store, vector.format)).toEqual([vector.expected]);
        } finally {
          store.close();
        }
      });
    }
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
