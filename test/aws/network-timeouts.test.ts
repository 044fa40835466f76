import { join } from "node:path";
import { describe, expect, it, onTestFinished, vi } from "vitest";
import type { AwsNetworkSettings } from "../../src/aws/aws-network.js";
import { describeRegion } from "../../src/enrich/inventory/describe-region.js";
import { createEc2Client } from "../../src/enrich/inventory/ec2-client.js";
import { readSecret } from "../../src/secrets/read-secret.js";
import { downloadObject } from "../../src/sources/s3/download-object.js";
import { listPrefix } from "../../src/sources/s3/list-prefix.js";
import { createS3Client } from "../../src/sources/s3/s3-client.js";
import { failureOf } from "../helpers/flowlens-failure.js";
import { tempDir } from "../helpers/temp-dir.js";
import { startSilentServer, startStallingServer } from "../helpers/unanswering-servers.js";

/** Small limits, so a call to a server that never answers ends quickly; the test timeout is the bound. */
const NETWORK: AwsNetworkSettings = { connectTimeoutMs: 1000, requestTimeoutMs: 300, maxAttempts: 2 };
const CREDENTIALS = { accessKeyId: "AKIDLOCALTEST", secretAccessKey: "local-test-secret" };
const SETTINGS_HINT =
  "aws.connectTimeoutMs, aws.requestTimeoutMs and aws.maxAttempts in the config (or FLOWLENS_AWS_CONNECT_TIMEOUT_MS, FLOWLENS_AWS_REQUEST_TIMEOUT_MS, FLOWLENS_AWS_MAX_ATTEMPTS) set how long to wait and how often to try";

function s3Client(endpoint: string) {
  onTestFinished(() => {
    vi.unstubAllEnvs();
  });
  vi.stubEnv("AWS_ACCESS_KEY_ID", CREDENTIALS.accessKeyId);
  vi.stubEnv("AWS_SECRET_ACCESS_KEY", CREDENTIALS.secretAccessKey);
  vi.stubEnv("AWS_REGION", "us-east-1");
  return createS3Client({ endpointUrl: endpoint, network: NETWORK });
}

describe("every AWS call ends when the service accepts connections and never answers", {
  timeout: 15_000,
}, () => {
  it("fails an S3 listing with the endpoint, the wait and the retries", async () => {
    const server = await startSilentServer();
    const client = s3Client(server.endpoint);
    const failure = await failureOf(listPrefix(client, { bucket: "flow-logs", prefix: "AWSLogs/" }));
    client.destroy();
    expect(failure.code).toBe("FLOWLENS_S3_FAILED");
    expect(failure.sentence).toBe(
      `cannot list s3://flow-logs/AWSLogs/: no answer from S3 at ${server.endpoint} within 0.3 s, after 1 retry — check the network connection, any proxy, and the S3 endpoint (AWS_ENDPOINT_URL_S3, --endpoint-url); ${SETTINGS_HINT}`,
    );
    expect(server.connections()).toBe(2);
  });

  it("fails an S3 download that gets no answer", async () => {
    const server = await startSilentServer();
    const client = s3Client(server.endpoint);
    const dest = join(tempDir(), "object.log.gz");
    const failure = await failureOf(downloadObject(client, "s3://flow-logs/a.log.gz", dest));
    client.destroy();
    expect(failure.message).toBe(
      `cannot read s3://flow-logs/a.log.gz: no answer from S3 at ${server.endpoint} within 0.3 s, after 1 retry`,
    );
  });

  it("fails an S3 download whose body stops arriving", async () => {
    const server = await startStallingServer(100, 1000);
    const client = s3Client(server.endpoint);
    const dest = join(tempDir(), "object.log.gz");
    const failure = await failureOf(downloadObject(client, "s3://flow-logs/a.log.gz", dest));
    client.destroy();
    expect(failure.sentence).toBe(
      `cannot read s3://flow-logs/a.log.gz: the download stalled after 100 of 1000 bytes: S3 sent nothing more in time — check the network connection and the S3 endpoint, then run again (only objects not yet loaded are fetched); ${SETTINGS_HINT}`,
    );
  });

  it("fails a Secrets Manager read with the endpoint, the wait and the retries", async () => {
    const server = await startSilentServer();
    const failure = await failureOf(
      readSecret("flowlens/slack", {
        endpointUrl: server.endpoint,
        region: "us-east-1",
        credentials: CREDENTIALS,
        network: NETWORK,
      }),
    );
    expect(failure.code).toBe("FLOWLENS_SECRET_FAILED");
    expect(failure.sentence).toBe(
      `cannot read secret "flowlens/slack" in us-east-1: no answer from Secrets Manager at ${server.endpoint} within 0.3 s, after 1 retry — check the network connection, any proxy, and the Secrets Manager endpoint (AWS_ENDPOINT_URL_SECRETS_MANAGER, AWS_ENDPOINT_URL); ${SETTINGS_HINT}`,
    );
  });

  it("fails an EC2 describe call with the endpoint, the wait and the retries", async () => {
    const server = await startSilentServer();
    const client = createEc2Client({
      endpointUrl: server.endpoint,
      region: "us-east-1",
      credentials: CREDENTIALS,
      network: NETWORK,
    });
    const failure = await failureOf(describeRegion(client, "us-east-1"));
    client.destroy();
    expect(failure.code).toBe("FLOWLENS_EC2_FAILED");
    expect(failure.sentence).toMatch(
      new RegExp(
        `^cannot describe [a-z ]+ in us-east-1: no answer from EC2 at ${server.endpoint} within 0\\.3 s, after 1 retry — check the network connection, any proxy, and the EC2 endpoint`,
      ),
    );
  });
});
