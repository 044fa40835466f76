import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { tempDir } from "../helpers/temp-dir.js";
import { startSilentServer } from "../helpers/unanswering-servers.js";

function awsEnv(endpoint: string): NodeJS.ProcessEnv {
  return {
    AWS_ACCESS_KEY_ID: "AKIDLOCALTEST",
    AWS_SECRET_ACCESS_KEY: "local-test-secret",
    AWS_REGION: "us-east-1",
    AWS_ENDPOINT_URL_S3: endpoint,
    AWS_PROFILE: undefined,
  };
}

/** An ingest of one day, account and region from the bucket on the test's endpoint. */
const INGEST_ONE_DAY = [
  ...["ingest", "s3://flow-logs/", "--from", "2025-11-20"],
  ...["--account", "111111111111", "--region", "us-east-1"],
];

describe("flowlens ingest from an S3 endpoint that never answers", { timeout: 30_000 }, () => {
  it("ends with a sentence naming the endpoint, using the timeout and attempts from the environment", async () => {
    const server = await startSilentServer();
    const dir = tempDir();
    const { code, stderr } = await runCli([...INGEST_ONE_DAY, "--db", join(dir, "s.duckdb")], {
      env: {
        ...awsEnv(server.endpoint),
        FLOWLENS_AWS_REQUEST_TIMEOUT_MS: "300",
        FLOWLENS_AWS_MAX_ATTEMPTS: "1",
      },
    });
    expect(code).toBe(1);
    expect(stderr).toContain(
      `flowlens: cannot list s3://flow-logs/AWSLogs/: no answer from S3 at ${server.endpoint} within 0.3 s — check the network connection`,
    );
    expect(server.connections()).toBe(1);
  });

  it("takes the timeout from the config file's aws section", async () => {
    const server = await startSilentServer();
    const dir = tempDir();
    const config = join(dir, "flowlens.yaml");
    writeFileSync(config, "aws:\n  requestTimeoutMs: 400\n  maxAttempts: 2\n");
    const { code, stderr } = await runCli(
      [...INGEST_ONE_DAY, "--db", join(dir, "s.duckdb"), "--config", config],
      { env: awsEnv(server.endpoint) },
    );
    expect(code).toBe(1);
    expect(stderr).toContain(`no answer from S3 at ${server.endpoint} within 0.4 s, after 1 retry`);
  });
});

describe("the aws section of the config is validated", () => {
  it("refuses a request timeout below 100 ms", async () => {
    const dir = tempDir();
    const config = join(dir, "flowlens.yaml");
    writeFileSync(config, "aws:\n  requestTimeoutMs: 5\n");
    const { code, stderr } = await runCli(["ingest", dir, "--config", config, "--db", join(dir, "s.duckdb")]);
    expect(code).toBe(2);
    expect(stderr).toContain(
      `${config}:2:21 (aws.requestTimeoutMs): expected a whole number of milliseconds from 100 to 3600000, got 5`,
    );
  });

  it("refuses FLOWLENS_AWS_MAX_ATTEMPTS that is not a number", async () => {
    const dir = tempDir();
    const { code, stderr } = await runCli(["ingest", dir, "--db", join(dir, "s.duckdb")], {
      env: { FLOWLENS_AWS_MAX_ATTEMPTS: "many" },
    });
    expect(code).toBe(2);
    expect(stderr).toContain(
      'FLOWLENS_AWS_MAX_ATTEMPTS: expected a whole number of attempts from 1 to 10, got "many"',
    );
  });
});
