import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import {
  CLOUDWATCH_LOGS_TEST_CREDENTIALS,
  type CloudWatchLogsServer,
  startCloudWatchLogsServer,
} from "../helpers/cloudwatch-logs-server.js";
import { expectNoCredentials } from "../helpers/no-credentials.js";
import { runCli, runCliJson } from "../helpers/run-cli.js";
import { tempDir } from "../helpers/temp-dir.js";
import { DAY, GROUP, putRecords } from "../sources/cloudwatch/cloudwatch-environment.js";

async function logsServer(): Promise<CloudWatchLogsServer> {
  const server = await startCloudWatchLogsServer({ pageSize: 10 });
  onTestFinished(() => server.close());
  putRecords(server, "eni-0a1-all", 2, 15);
  putRecords(server, "eni-0b2-all", 14, 12, 100);
  return server;
}

function logsEnv(endpoint: string): NodeJS.ProcessEnv {
  return {
    AWS_ACCESS_KEY_ID: CLOUDWATCH_LOGS_TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CLOUDWATCH_LOGS_TEST_CREDENTIALS.secretAccessKey,
    AWS_REGION: "us-east-1",
    AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: endpoint,
    AWS_PROFILE: undefined,
    AWS_ENDPOINT_URL: undefined,
  };
}

describe("flowlens ingest cloudwatch:// through the CLI against a local CloudWatch Logs API", () => {
  it("loads the day's hours, then skips them all on a second run", async () => {
    const server = await logsServer();
    const db = join(tempDir(), "s.duckdb");
    const args = ["ingest", `cloudwatch://${GROUP}`, "--from", DAY, "--db", db];
    const first = await runCliJson(args, { env: logsEnv(server.endpoint) });
    expect(first.code).toBe(0);
    expect(first.json).toMatchObject({
      objectsSeen: 24,
      objectsLoaded: 24,
      rowsLoaded: 27,
      objectsFailed: 0,
    });
    const again = await runCliJson(args, { env: logsEnv(server.endpoint) });
    expect(again.json).toMatchObject({
      objectsSeen: 24,
      objectsSkipped: 24,
      objectsLoaded: 0,
      rowsLoaded: 0,
    });
    const total = await runCliJson(["query", "SELECT count(*) AS n FROM flows", "--db", db]);
    expect(total.json).toEqual([{ n: 27 }]);
    expect(server.requests.every((r) => r.accessKeyId === CLOUDWATCH_LOGS_TEST_CREDENTIALS.accessKeyId)).toBe(
      true,
    );
  });

  it("reads the log group in the region --region names, and --endpoint-url reaches the API", async () => {
    const server = await logsServer();
    const db = join(tempDir(), "s.duckdb");
    const env = { ...logsEnv(server.endpoint), AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: undefined };
    const args = ["ingest", `cloudwatch://${GROUP}?stream-prefix=eni-0b2`, "--from", DAY, "--to", DAY];
    const { code, stdout } = await runCli(
      [...args, "--region", "eu-west-1", "--endpoint-url", server.endpoint, "--db", db, "--no-progress"],
      { env },
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Loaded 12 records from 24 object\(s\) in /);
    expect(new Set(server.requests.map((r) => r.region))).toEqual(new Set(["eu-west-1"]));
    const loaded = await runCliJson(["query", "SELECT uri FROM sources WHERE row_count > 0", "--db", db]);
    expect(loaded.json).toEqual([
      { uri: `cloudwatch://${GROUP}/${DAY}T14?region=eu-west-1&stream-prefix=eni-0b2` },
    ]);
  });

  it("names a log group that does not exist, exits 1 and shows no credential", async () => {
    const server = await logsServer();
    const dir = tempDir();
    const result = await runCli(
      ["ingest", "cloudwatch:///aws/vpc/missing", "--from", DAY, "--db", join(dir, "s.duckdb")],
      { env: logsEnv(server.endpoint) },
    );
    expect(result.code).toBe(1);
    // The line stands alone (the SDK may warn about the Node.js version before it).
    expect(result.stderr.split("\n")).toContain(
      'flowlens: cannot read log group "/aws/vpc/missing" in us-east-1: ResourceNotFoundException (The specified log group does not exist.) — check the log group\'s name and the region (--region, AWS_REGION): `aws logs describe-log-groups --region us-east-1` lists them',
    );
    expectNoCredentials(result, [CLOUDWATCH_LOGS_TEST_CREDENTIALS.secretAccessKey]);
  });

  it("refuses one --endpoint-url for both an s3:// and a cloudwatch:// source", async () => {
    const dir = tempDir();
    const result = await runCli([
      "ingest",
      "s3://bucket/",
      `cloudwatch://${GROUP}`,
      "--endpoint-url",
      "http://127.0.0.1:9",
      "--db",
      join(dir, "s.duckdb"),
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "flowlens: --endpoint-url names one endpoint, and both s3:// and cloudwatch:// sources were given — set AWS_ENDPOINT_URL_S3 and AWS_ENDPOINT_URL_CLOUDWATCH_LOGS instead, one for each service\n",
    );
  });
});
