import { writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { tempDir } from "../helpers/temp-dir.js";
import { thrown } from "./thrown.js";

const NOT_A_SIZE =
  "expected a memory size such as 512MB, 1GB or 2GiB (a number and KB, MB, GB, TB, KiB, MiB, GiB or TiB)";

const CORES = availableParallelism();

function configFile(text: string): string {
  const path = join(tempDir(), "flowlens.yaml");
  writeFileSync(path, text);
  return path;
}

describe("a wrong setting is named as the user wrote it", () => {
  it("a flag by the flag", () => {
    expect(thrown(() => loadConfig({ env: {}, flags: { memoryLimit: "lots" } })).message).toBe(
      `--memory-limit: ${NOT_A_SIZE}, got "lots"`,
    );
  });

  it("an environment variable by its name", () => {
    expect(thrown(() => loadConfig({ env: { FLOWLENS_MEMORY_LIMIT: "lots" } })).message).toBe(
      `FLOWLENS_MEMORY_LIMIT: ${NOT_A_SIZE}, got "lots"`,
    );
  });

  it("a file setting by its line, column and path", () => {
    const file = configFile("db: x.duckdb\nmemoryLimit: lots\n");
    expect(thrown(() => loadConfig({ file, env: {} })).message).toBe(
      `${file}:2:14 (memoryLimit): ${NOT_A_SIZE}, got "lots"`,
    );
  });

  it("a schedule in the file by schedule.timezone, not by the schedule command's --tz", () => {
    const file = configFile("schedule:\n  timezone: Mars/Olympus\n");
    expect(thrown(() => loadConfig({ file, env: {} })).message).toBe(
      `${file}:2:13 (schedule.timezone): expected an IANA time zone such as UTC or Europe/Berlin, got "Mars/Olympus"`,
    );
  });

  it("the flag, not the file, when a wrong flag overrides the file", () => {
    const file = configFile("threads: 1\n");
    expect(thrown(() => loadConfig({ file, env: {}, flags: { threads: "0" } })).message).toMatch(
      /^--threads: expected a whole number of threads/,
    );
  });

  it("every source's problems in one error", () => {
    const file = configFile("memoryLimit: lots\n");
    expect(
      thrown(() => loadConfig({ file, env: { FLOWLENS_THREADS: "many" }, flags: { db: "" } })).message,
    ).toBe(
      [
        "3 settings are invalid:",
        '  --db: expected text, got ""',
        `  ${file}:1:14 (memoryLimit): ${NOT_A_SIZE}, got "lots"`,
        `  FLOWLENS_THREADS: expected a whole number of threads from 1 to ${4 * CORES} (4 × this machine's ${CORES} cores), got "many"`,
      ].join("\n"),
    );
  });
});
