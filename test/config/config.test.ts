import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { tempDir } from "../helpers/temp-dir.js";

function configFile(text: string): string {
  const path = join(tempDir(), "flowlens.yaml");
  writeFileSync(path, text);
  return path;
}

describe("settings", () => {
  it("defaults to ./flowlens.duckdb, a 600MB memory limit, 8 S3 downloads at once and a 06:00 UTC schedule", () => {
    expect(loadConfig({ env: {} })).toEqual({
      db: "./flowlens.duckdb",
      memoryLimit: "600MB",
      s3: { concurrency: 8 },
      schedule: { cron: "0 6 * * *", timezone: "UTC", catchUpDays: 7 },
    });
  });

  it("the environment overrides the config file, and flags override both", () => {
    const file = configFile("db: from-file.duckdb\nmemoryLimit: 2GB\ns3:\n  concurrency: 4\n");
    expect(loadConfig({ file, env: {} })).toMatchObject({
      db: "from-file.duckdb",
      memoryLimit: "2GB",
      s3: { concurrency: 4 },
    });
    expect(loadConfig({ file, env: { FLOWLENS_DB: "from-env.duckdb" } })).toMatchObject({
      db: "from-env.duckdb",
      memoryLimit: "2GB",
    });
    expect(
      loadConfig({ file, env: { FLOWLENS_DB: "from-env.duckdb" }, flags: { db: "from-flag.duckdb" } }),
    ).toMatchObject({
      db: "from-flag.duckdb",
    });
  });

  it("FLOWLENS_CONFIG names the config file", () => {
    const file = configFile("threads: 1\n");
    expect(loadConfig({ env: { FLOWLENS_CONFIG: file } }).threads).toBe(1);
  });

  it("lists every wrong setting of a file, each with its line, column and path", () => {
    const file = configFile("s3:\n  concurrency: many\n  endpoint: http://x\n  bogus: 1\n");
    expect(() => loadConfig({ file, env: {} })).toThrow(
      [
        "3 settings are invalid:",
        `  ${file}:2:16 (s3.concurrency): expected a number, got "many"`,
        `  ${file}:3:13 (s3.endpoint): unknown setting: expected one of region, endpointUrl, forcePathStyle, concurrency`,
        `  ${file}:4:10 (s3.bogus): unknown setting: expected one of region, endpointUrl, forcePathStyle, concurrency`,
      ].join("\n"),
    );
  });

  it("a wrong setting is a usage error (FLOWLENS_CONFIG_INVALID, exit 2)", () => {
    const file = configFile("catchUp: 3\n");
    expect(() => loadConfig({ file, env: {} })).toThrow(
      expect.objectContaining({ code: "FLOWLENS_CONFIG_INVALID" }),
    );
  });

  it("says when an explicit config file does not exist", () => {
    expect(() => loadConfig({ file: "/nonexistent/flowlens.yaml", env: {} })).toThrow(
      "config file /nonexistent/flowlens.yaml does not exist",
    );
  });

  it("says when the config file cannot be read", () => {
    const dir = tempDir();
    expect(() => loadConfig({ file: dir, env: {} })).toThrow(
      `${dir}: cannot read the file: EISDIR: illegal operation on a directory, read`,
    );
  });

  it("explains YAML that does not parse with its line and column", () => {
    const file = configFile("db: [unclosed\n");
    expect(() => loadConfig({ file, env: {} })).toThrow(
      `${file}:2:1: Flow sequence in block collection must be sufficiently indented and end with a ]`,
    );
  });
});
