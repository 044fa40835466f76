/**
 * A gzip batch holding one object whose text is not strict: the check's verdict keeps that object off the
 * fast path (its whole numbers would be read as DuckDB types them), it is loaded line by line, and the
 * objects around it load whole.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { DEFAULT_HEADER, defaultRecord } from "../helpers/flow-log-files.js";
import { ingestFiles } from "../helpers/ingest-files.js";
import { withStoreIn } from "../helpers/store-in-dir.js";
import { tempDir } from "../helpers/temp-dir.js";

const text = (from: number, count: number) =>
  `${DEFAULT_HEADER}\n${Array.from({ length: count }, (_, i) => defaultRecord(from + i)).join("\n")}\n`;

describe("a gzip batch with one object that is not strict", () => {
  it("loads an object whose text is not strict line by line, in the middle of a batch, and the objects around it whole", async () => {
    const [dir, storeDir] = [tempDir(), tempDir()];
    writeFileSync(join(dir, "a.log.gz"), gzipSync(text(0, 3000)));
    const lenient = defaultRecord(3000).split(" ").with(9, "0x10").join(" ");
    writeFileSync(join(dir, "b.log.gz"), gzipSync(`${text(3001, 2999)}${lenient}\n`));
    writeFileSync(join(dir, "c.log.gz"), gzipSync(text(6000, 3000)));
    await withStoreIn(storeDir, async (store) => {
      const summary = await ingestFiles(store, [dir]);
      expect(summary).toMatchObject({
        objectsLoaded: 3,
        objectsFailed: 0,
        rowsLoaded: 8999,
        rowsRejected: 1,
      });
      expect(await store.rows("SELECT line, reason FROM rejects")).toEqual([
        { line: 3001, reason: 'field bytes must be a whole number from 0 to 1125899906842624, not "0x10"' },
      ]);
    });
  });
});
