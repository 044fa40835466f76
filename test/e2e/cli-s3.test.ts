import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it, onTestFinished } from "vitest";
import { DEFAULT_HEADER, defaultRecord } from "../helpers/flow-log-files.js";
import { runCli, runCliJson } from "../helpers/run-cli.js";
import { S3RVER_CREDENTIALS, startS3Server } from "../helpers/s3-server.js";
import { tempDir } from "../helpers/temp-dir.js";
import { flowLogKey } from "../sources/s3/flow-log-keys.js";

const BUCKET = "flow-logs";

function gzipLog(records: number, first: number, start: number): Buffer {
  const lines = [DEFAULT_HEADER];
  for (let i = first; i < first + records; i++) lines.push(defaultRecord(i, start));
  return gzipSync(`${lines.join("\n")}\n`);
}

/** Three days, two objects a day, in the default layout; account 222… in the Hive layout on one day. */
async function seedBucket() {
  const server = await startS3Server();
  onTestFinished(() => server.close());
  const days = ["2026-11-19", "2026-11-20", "2026-11-21"];
  for (const [d, day] of days.entries()) {
    const start = Date.parse(`${day}T00:00:00Z`) / 1000;
    for (const minute of [5, 10]) {
      await server.put(
        BUCKET,
        flowLogKey({ layout: "default", day, minute, prefix: "vpc/" }),
        gzipLog(100, d * 1000 + minute * 10, start),
      );
    }
  }
  const start = Date.parse("2026-11-20T00:00:00Z") / 1000;
  await server.put(
    BUCKET,
    flowLogKey({ layout: "hive", day: "2026-11-20", hour: 3, account: "222222222222", prefix: "vpc/" }),
    gzipLog(50, 0, start),
  );
  return server;
}

function s3Env(endpoint: string): NodeJS.ProcessEnv {
  return {
    AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
    AWS_REGION: "us-east-1",
    AWS_ENDPOINT_URL_S3: endpoint,
  };
}

describe("flowlens ingest s3:// through the CLI against a local S3 server", () => {
  it("loads only the days asked for, from both key layouts, with the account and day from each key", async () => {
    const server = await seedBucket();
    const dir = tempDir();
    const db = join(dir, "s.duckdb");
    const { code, json } = await runCliJson(
      ["ingest", `s3://${BUCKET}/vpc/`, "--from", "2026-11-20", "--to", "2026-11-21", "--db", db],
      { env: s3Env(server.endpoint) },
    );
    expect(code).toBe(0);
    expect(json).toMatchObject({ objectsSeen: 5, objectsLoaded: 5, rowsLoaded: 450, objectsFailed: 0 });
    const perKey = await runCliJson([
      "query",
      "SELECT account_id, key_date, count(*) AS objects, sum(row_count) AS rows FROM sources GROUP BY ALL ORDER BY ALL",
      "--db",
      db,
    ]);
    expect(perKey.json).toEqual([
      { account_id: "111111111111", key_date: "2026-11-20", objects: 2, rows: 200 },
      { account_id: "111111111111", key_date: "2026-11-21", objects: 2, rows: 200 },
      { account_id: "222222222222", key_date: "2026-11-20", objects: 1, rows: 50 },
    ]);
  });

  it("--account limits the accounts and --endpoint-url works without the environment variable", async () => {
    const server = await seedBucket();
    const dir = tempDir();
    const env = { ...s3Env(server.endpoint), AWS_ENDPOINT_URL_S3: undefined };
    const { json } = await runCliJson(
      [
        "ingest",
        `s3://${BUCKET}/vpc`,
        "--from",
        "2026-11-20",
        "--account",
        "222222222222",
        "--endpoint-url",
        server.endpoint,
        "--db",
        join(dir, "s.duckdb"),
      ],
      { env },
    );
    expect(json).toMatchObject({ objectsSeen: 1, objectsLoaded: 1, rowsLoaded: 50 });
  });

  it("a second run loads only new or changed objects", async () => {
    const server = await seedBucket();
    const dir = tempDir();
    const db = join(dir, "s.duckdb");
    const args = ["ingest", `s3://${BUCKET}/vpc/`, "--from", "2026-11-20", "--to", "2026-11-21", "--db", db];
    const env = s3Env(server.endpoint);
    await runCli(args, { env });
    const start = Date.parse("2026-11-21T00:00:00Z") / 1000;
    await server.put(
      BUCKET,
      flowLogKey({ layout: "default", day: "2026-11-21", minute: 10, prefix: "vpc/" }),
      gzipLog(7, 0, start),
    );
    await server.put(
      BUCKET,
      flowLogKey({ layout: "default", day: "2026-11-21", minute: 15, prefix: "vpc/" }),
      gzipLog(3, 0, start),
    );
    const again = await runCliJson(args, { env });
    expect(again.json).toMatchObject({ objectsSeen: 6, objectsSkipped: 4, objectsLoaded: 2, rowsLoaded: 10 });
    const total = await runCliJson(["query", "SELECT count(*) AS n FROM flows", "--db", db]);
    expect(total.json).toEqual([{ n: 450 - 100 + 7 + 3 }]);
  });

  it("names the bucket when it does not exist", async () => {
    const server = await seedBucket();
    const dir = tempDir();
    const result = await runCli(
      ["ingest", "s3://no-such-bucket/", "--from", "2026-11-20", "--db", join(dir, "s.duckdb")],
      {
        env: s3Env(server.endpoint),
      },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("no-such-bucket");
    expect(result.stderr).toContain("NoSuchBucket");
    expect(result.stderr).not.toContain(S3RVER_CREDENTIALS.secretAccessKey);
  });
});
