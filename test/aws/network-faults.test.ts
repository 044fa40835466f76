import { join } from "node:path";
import { describe, expect, it, onTestFinished, vi } from "vitest";
import type { AwsNetworkSettings } from "../../src/aws/aws-network.js";
import { downloadObject } from "../../src/sources/s3/download-object.js";
import { listPrefix } from "../../src/sources/s3/list-prefix.js";
import { createS3Client } from "../../src/sources/s3/s3-client.js";
import { failureOf } from "../helpers/flowlens-failure.js";
import { tempDir } from "../helpers/temp-dir.js";
import {
  startBrokenXmlServer,
  startClosingServer,
  startCuttingServer,
  startNotHttpServer,
  startTricklingServer,
} from "../helpers/unanswering-servers.js";

const CHECK =
  "check the network connection, any proxy, and the S3 endpoint (AWS_ENDPOINT_URL_S3, --endpoint-url)";

function s3Client(endpoint: string, network: AwsNetworkSettings) {
  onTestFinished(() => {
    vi.unstubAllEnvs();
  });
  vi.stubEnv("AWS_ACCESS_KEY_ID", "AKIDLOCALTEST");
  vi.stubEnv("AWS_SECRET_ACCESS_KEY", "local-test-secret");
  vi.stubEnv("AWS_REGION", "us-east-1");
  const client = createS3Client({ endpointUrl: endpoint, network });
  onTestFinished(() => client.destroy());
  return client;
}

const NETWORK: AwsNetworkSettings = { connectTimeoutMs: 1000, requestTimeoutMs: 3000, maxAttempts: 2 };

describe("an S3 endpoint that answers wrongly is named for what it did", { timeout: 20_000 }, () => {
  it("says the endpoint closed the connection, not that it did not answer in time", async () => {
    const server = await startClosingServer();
    const client = s3Client(server.endpoint, NETWORK);
    const failure = await failureOf(listPrefix(client, { bucket: "flow-logs", prefix: "AWSLogs/" }));
    expect(failure.sentence).toBe(
      `cannot list s3://flow-logs/AWSLogs/: S3 at ${server.endpoint} closed the connection without answering, after 1 retry — ${CHECK}`,
    );
  });

  it("says an answer that is not HTTP is not HTTP, and that the scheme or port may be wrong", async () => {
    const server = await startNotHttpServer();
    const client = s3Client(server.endpoint, NETWORK);
    const failure = await failureOf(listPrefix(client, { bucket: "flow-logs", prefix: "AWSLogs/" }));
    expect(failure.sentence).toBe(
      `cannot list s3://flow-logs/AWSLogs/: S3 at ${server.endpoint} answered with something that is not HTTP (Expected HTTP/, RTSP/ or ICE/): the endpoint's scheme (http or https) or port may be wrong — ${CHECK}`,
    );
  });

  it("says an answer whose XML cannot be read may not come from S3", async () => {
    const server = await startBrokenXmlServer();
    const client = s3Client(server.endpoint, NETWORK);
    const failure = await failureOf(listPrefix(client, { bucket: "flow-logs", prefix: "AWSLogs/" }));
    expect(failure.sentence).toBe(
      `cannot list s3://flow-logs/AWSLogs/: S3 at ${server.endpoint} sent an answer that cannot be read (expected ">" not found): something other than S3 may be answering at that address — ${CHECK}`,
    );
  });

  it("says how many bytes of a download arrived before the connection closed", async () => {
    const server = await startCuttingServer(100, 1000);
    const client = s3Client(server.endpoint, NETWORK);
    const failure = await failureOf(
      downloadObject(client, "s3://flow-logs/a.log.gz", join(tempDir(), "a.log.gz")),
    );
    expect(failure.sentence).toBe(
      "cannot read s3://flow-logs/a.log.gz: the connection closed after 100 of 1000 bytes — the network or S3 dropped the connection; run again (only objects not yet loaded are fetched)",
    );
  });
});

describe("an S3 download has an overall deadline", { timeout: 20_000 }, () => {
  it("fails a body that trickles a byte before each idle timeout, naming the bytes and the rule", async () => {
    // 1000 bytes may take 0.3 s plus 1000 / 32768 s; one byte every 0.1 s never trips the idle timeout.
    const server = await startTricklingServer(1000, 100);
    const client = s3Client(server.endpoint, { ...NETWORK, requestTimeoutMs: 300 });
    const failure = await failureOf(
      downloadObject(client, "s3://flow-logs/a.log.gz", join(tempDir(), "a.log.gz")),
    );
    expect(failure.sentence).toMatch(
      /^cannot read s3:\/\/flow-logs\/a\.log\.gz: the download is too slow: \d of 1000 bytes arrived in [\d.]+ s, and a download may take 0\.3 s \(aws\.requestTimeoutMs\) plus 1 s per 32 KiB, 0\.3 s for this object — check the network connection and the S3 endpoint, then run again \(only objects not yet loaded are fetched\); a larger aws\.requestTimeoutMs \(FLOWLENS_AWS_REQUEST_TIMEOUT_MS\) allows slower downloads$/,
    );
  });

  it("gives a large object one second per 32 KiB on top of the request timeout", async () => {
    const { downloadDeadlineMs } = await import("../../src/aws/aws-network.js");
    expect(downloadDeadlineMs({ ...NETWORK, requestTimeoutMs: 30_000 }, 1024 ** 3)).toBe(30_000 + 32_768_000);
  });
});
