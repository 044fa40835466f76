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
  it("defaults to ./flowlens.duckdb, a 600MB memory limit, 8 S3 downloads at once, a 06:00 UTC schedule and serve on 127.0.0.1:8080", () => {
    expect(loadConfig({ env: {} })).toEqual({
      db: "./flowlens.duckdb",
      memoryLimit: "600MB",
      storeLockWaitSeconds: 30,
      s3: { concurrency: 8 },
      schedule: { cron: "0 6 * * *", timezone: "UTC", catchUpDays: 7 },
      serve: {
        host: "127.0.0.1",
        port: 8080,
        firehosePath: "/firehose",
        maxSpoolMiB: 2048,
        maxConcurrentRequests: 4,
        loadEveryMs: 2000,
        dedupHours: 3,
        streams: [],
        dashboard: { enabled: true },
        console: { maxRows: 1000, timeoutSeconds: 30 },
      },
    });
  });

  it("serve's settings come from the file, FLOWLENS_SERVE_* and serve's flags, in that order", () => {
    const file = configFile("serve:\n  host: 0.0.0.0\n  port: 9000\n");
    expect(loadConfig({ file, env: {} }).serve).toMatchObject({ host: "0.0.0.0", port: 9000 });
    expect(loadConfig({ file, env: { FLOWLENS_SERVE_PORT: "9001" } }).serve.port).toBe(9001);
    expect(
      loadConfig({ file, env: { FLOWLENS_SERVE_PORT: "9001" }, flags: { serve: { port: "9002" } } }).serve
        .port,
    ).toBe(9002);
    expect(loadConfig({ env: { FLOWLENS_SERVE_ACCESS_KEY: "k" } }).serve.accessKey).toBe("k");
  });

  it("a wrong serve setting is named as the user wrote it", () => {
    expect(() => loadConfig({ env: { FLOWLENS_SERVE_PORT: "0x10" } })).toThrow(
      'FLOWLENS_SERVE_PORT: expected a whole number from 0 to 65535, got "0x10"',
    );
    expect(() => loadConfig({ env: {}, flags: { serve: { port: "70000" } } })).toThrow(
      '--port: expected a whole number from 0 to 65535, got "70000"',
    );
    expect(() => loadConfig({ env: {}, flags: { serve: { tlsCert: "cert.pem" } } })).toThrow(
      "serve.tlsKey: tlsCert and tlsKey go together: give both, or neither",
    );
    expect(() => loadConfig({ file: configFile("serve:\n  firehosePath: /healthz\n"), env: {} })).toThrow(
      "a path other than /awslogs, /healthz, /readyz",
    );
    expect(() =>
      loadConfig({ env: { FLOWLENS_SERVE_ACCESS_KEY: "k", FLOWLENS_SERVE_ACCESS_KEY_SECRET: "s" } }),
    ).toThrow(
      "give the access key once: accessKey (or FLOWLENS_SERVE_ACCESS_KEY) or accessKeySecret, not both",
    );
  });

  it("a serve access key that does not validate is not shown", () => {
    const key = "k".repeat(5000);
    let message = "";
    try {
      loadConfig({ env: { FLOWLENS_SERVE_ACCESS_KEY: key } });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain("FLOWLENS_SERVE_ACCESS_KEY");
    expect(message).not.toContain("kkkkkkkk");
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
