/**
 * Each gzip byte is inflated once: the content check writes what it inflated to a staging file and DuckDB
 * reads that file. The guarantees of the gzip path hold on the copies (a cut-off stream fails its object,
 * text that is not strict goes line by line), and no copy outlives the ingest.
 */
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import pLimit from "p-limit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ContentCheck } from "../../src/ingest/content-check.js";
import { sniffObject } from "../../src/sources/sniff-object.js";
import { DEFAULT_HEADER, defaultRecord } from "../helpers/flow-log-files.js";
import { ingestFiles } from "../helpers/ingest-files.js";
import { withStoreIn } from "../helpers/store-in-dir.js";
import { tempDir } from "../helpers/temp-dir.js";

const text = (from: number, count: number) =>
  `${DEFAULT_HEADER}\n${Array.from({ length: count }, (_, i) => defaultRecord(from + i)).join("\n")}\n`;

/** The run's temporary directory, where the staging directories of the inflated copies are made. */
let runTmp = "";
const savedTmp = process.env.TMPDIR;
beforeEach(() => {
  runTmp = mkdtempSync(join(tmpdir(), "flowlens-test-tmp-"));
  process.env.TMPDIR = runTmp;
});
afterEach(() => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  rmSync(runTmp, { recursive: true, force: true });
});

const stagingDirs = () => readdirSync(runTmp).filter((name) => name.startsWith("flowlens-staging-"));

async function startCheck(path: string, inflateTo: string): Promise<ContentCheck> {
  const shape = await sniffObject(path, path);
  if (shape.kind !== "text") throw new Error("expected text");
  return ContentCheck.start(pLimit(1), path, path, shape, inflateTo);
}

describe("the inflated copy of a gzip object", () => {
  it("holds exactly the bytes the check inflated, for DuckDB to read", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "a.log.gz"), gzipSync(text(0, 5000)));
    const check = await startCheck(join(dir, "a.log.gz"), join(dir, "a.log"));
    expect(await check.settled()).toEqual({ copied: true });
    expect(check.inflatedPath).toBe(join(dir, "a.log"));
    expect(readFileSync(join(dir, "a.log"), "utf8")).toBe(text(0, 5000));
  });

  it("is removed when the gzip stream turns out to be cut off, and the check names the object", async () => {
    const dir = tempDir();
    const whole = gzipSync(text(0, 20000));
    writeFileSync(join(dir, "cut.log.gz"), whole.subarray(0, Math.floor(whole.length * 0.6)));
    const check = await startCheck(join(dir, "cut.log.gz"), join(dir, "cut.log"));
    expect((await check.settled()).unreadable).toBe(
      `cannot read ${join(dir, "cut.log.gz")}: unexpected end of file — the gzip stream is truncated or corrupt; replace the object and run the same command again`,
    );
    expect(existsSync(join(dir, "cut.log"))).toBe(false);
  });

  it("that cannot be opened is left out, and the object is read from its gzip", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "a.log.gz"), gzipSync(text(0, 10)));
    const check = await startCheck(join(dir, "a.log.gz"), join(dir, "no-such-dir", "a.log"));
    await check.passed();
    expect(check.inflatedPath).toBeUndefined();
  });

  // /dev/full is on every Linux machine; elsewhere there is no disk that fills on demand.
  it.skipIf(!existsSync("/dev/full"))(
    "that fills the disk partway is removed rather than read short",
    async () => {
      const dir = tempDir();
      writeFileSync(join(dir, "a.log.gz"), gzipSync(text(0, 20000)));
      // Every write to /dev/full fails as a full disk does (ENOSPC); the link stands for the copy's file.
      symlinkSync("/dev/full", join(dir, "a.log"));
      const check = await startCheck(join(dir, "a.log.gz"), join(dir, "a.log"));
      await check.passed();
      expect(check.inflatedPath).toBeUndefined();
      expect(existsSync(join(dir, "a.log"))).toBe(false);
      expect(existsSync("/dev/full")).toBe(true);
    },
  );

  it("is removed by discard", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "a.log.gz"), gzipSync(text(0, 10)));
    const check = await startCheck(join(dir, "a.log.gz"), join(dir, "a.log"));
    await check.discard();
    expect(existsSync(join(dir, "a.log"))).toBe(false);
  });
});

describe("an ingest that reads inflated copies", () => {
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

  it("leaves no inflated copy behind when its objects loaded, failed or went line by line", async () => {
    const [dir, storeDir] = [tempDir(), tempDir()];
    writeFileSync(join(dir, "good.log.gz"), gzipSync(text(0, 3000)));
    const whole = gzipSync(text(3000, 3000));
    writeFileSync(join(dir, "cut.log.gz"), whole.subarray(0, Math.floor(whole.length * 0.7)));
    writeFileSync(
      join(dir, "lenient.log.gz"),
      gzipSync(`${text(6000, 10)}2 x eni-1 1.1.1.1 2.2.2.2 1 2 6 1 1e3 1 2 ACCEPT OK\n`),
    );
    await withStoreIn(storeDir, async (store) => {
      const summary = await ingestFiles(store, [dir], { batchObjects: 1 });
      expect(summary).toMatchObject({ objectsLoaded: 2, objectsFailed: 1 });
    });
    expect(stagingDirs()).toEqual([]);
  });

  it("leaves no inflated copy behind when it is stopped between batches", async () => {
    const [dir, storeDir] = [tempDir(), tempDir()];
    for (let f = 0; f < 3; f++) writeFileSync(join(dir, `f${f}.log.gz`), gzipSync(text(f * 1000, 1000)));
    const stop = new AbortController();
    await withStoreIn(storeDir, async (store) => {
      const run = ingestFiles(store, [dir], { batchObjects: 1, signal: stop.signal });
      stop.abort(new Error("stopped"));
      await expect(run).rejects.toThrow("stopped");
    });
    expect(stagingDirs()).toEqual([]);
  });
});
