import { availableParallelism, totalmem } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { exitCodeFor } from "../../src/errors.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { tempDir } from "../helpers/temp-dir.js";
import { thrown } from "./thrown.js";

const NOT_A_SIZE =
  "expected a memory size such as 512MB, 1GB or 2GiB (a number and KB, MB, GB, TB, KiB, MiB, GiB or TiB)";
const CORES = availableParallelism();
const MAX_THREADS = 4 * CORES;
const MACHINE_GIB = `${Math.floor((totalmem() / 2 ** 30) * 10) / 10}GiB`;

function memoryLimitError(memoryLimit: string) {
  return thrown(() => loadConfig({ env: {}, flags: { memoryLimit } }));
}

describe("memoryLimit", () => {
  it("accepts DuckDB's sizes, and DuckDB opens a store with each", async () => {
    for (const size of ["64MiB", "512MB", "1 gb", ".5GB", "1.5GB", "2GiB"]) {
      const { memoryLimit } = loadConfig({ env: {}, flags: { memoryLimit: size } });
      expect(memoryLimit).toBe(size);
      const store = await DuckDbStore.open(join(tempDir(), "s.duckdb"), { memoryLimit });
      store.close();
    }
  });

  it("refuses a value that is not a size as a usage error naming --memory-limit", () => {
    const error = memoryLimitError("banana");
    expect(error.message).toBe(`--memory-limit: ${NOT_A_SIZE}, got "banana"`);
    expect(exitCodeFor(error)).toBe(2);
  });

  it("refuses 0, which DuckDB cannot run with", () => {
    expect(memoryLimitError("0").message).toBe(`--memory-limit: ${NOT_A_SIZE}, got "0"`);
  });

  it("refuses a percentage and a number without a unit, which DuckDB does not take", () => {
    expect(memoryLimitError("80%").message).toBe(`--memory-limit: ${NOT_A_SIZE}, got "80%"`);
    expect(memoryLimitError("512").message).toBe(`--memory-limit: ${NOT_A_SIZE}, got "512"`);
  });

  it("refuses less than 64MiB", () => {
    expect(memoryLimitError("1MB").message).toBe(
      '--memory-limit: expected a memory size of at least 64MiB, got "1MB"',
    );
  });

  it("refuses more than this machine's memory", () => {
    expect(memoryLimitError("100TB").message).toBe(
      `--memory-limit: expected a memory size of at most ${MACHINE_GIB}, this machine's memory, got "100TB"`,
    );
  });
});

describe("threads", () => {
  it("accepts 1 to 4 × the cores, from a flag's text", () => {
    expect(loadConfig({ env: {}, flags: { threads: "1" } }).threads).toBe(1);
    expect(loadConfig({ env: {}, flags: { threads: String(MAX_THREADS) } }).threads).toBe(MAX_THREADS);
  });

  it("refuses more than 4 × the cores as a usage error naming --threads", () => {
    const error = thrown(() => loadConfig({ env: {}, flags: { threads: String(MAX_THREADS + 1) } }));
    expect(error.message).toBe(
      `--threads: expected a whole number of threads from 1 to ${MAX_THREADS} (4 × this machine's ${CORES} cores), got "${MAX_THREADS + 1}"`,
    );
    expect(exitCodeFor(error)).toBe(2);
  });

  it("refuses 0, fractions and words", () => {
    for (const threads of ["0", "1.5", "many", ""]) {
      expect(thrown(() => loadConfig({ env: {}, flags: { threads } })).message).toBe(
        `--threads: expected a whole number of threads from 1 to ${MAX_THREADS} (4 × this machine's ${CORES} cores), got ${JSON.stringify(threads)}`,
      );
    }
  });
});
