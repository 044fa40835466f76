import { describe, expect, it, onTestFinished } from "vitest";
import { listFlowLogObjects } from "../../../src/sources/s3/list-flow-log-objects.js";
import { startS3Server, testClient } from "../../helpers/s3-server.js";
import { flowLogKey } from "./flow-log-keys.js";

const DAY = "2024-03-01";

async function s3() {
  const server = await startS3Server();
  onTestFinished(() => server.close());
  return server;
}

describe("listFlowLogObjects failures", () => {
  it("names the bucket when it does not exist", async () => {
    const server = await s3();

    const listing = listFlowLogObjects(server.client, { bucket: "no-such-bucket", from: DAY, to: DAY });

    await expect(listing).rejects.toMatchObject({
      code: "FLOWLENS_S3_FAILED",
      sentence:
        'cannot list s3://no-such-bucket/AWSLogs/: NoSuchBucket (The specified bucket does not exist) — check the bucket name "no-such-bucket"',
    });
  });

  it("says where it looked when the prefix holds no AWSLogs/ account folders", async () => {
    const server = await s3();
    await server.put("flow-logs", flowLogKey({ layout: "default", day: DAY, prefix: "vpc/" }), "x");

    const listing = listFlowLogObjects(server.client, {
      bucket: "flow-logs",
      prefix: "elb/",
      from: DAY,
      to: DAY,
    });

    await expect(listing).rejects.toMatchObject({
      code: "FLOWLENS_SOURCE_NOT_FOUND",
      sentence:
        "no flow logs under s3://flow-logs/elb/AWSLogs/: expected account folders such as elb/AWSLogs/123456789012/ or elb/AWSLogs/aws-account-id=123456789012/ — check the prefix: it is the part of the flow log's S3 destination that comes before AWSLogs/",
    });
  });

  it("rejects a prefix that reaches into AWSLogs/ before calling S3", async () => {
    const server = await s3();

    const listing = listFlowLogObjects(server.client, {
      bucket: "flow-logs",
      prefix: "vpc/AWSLogs/111111111111/",
      from: DAY,
      to: DAY,
    });

    await expect(listing).rejects.toMatchObject({
      code: "FLOWLENS_USAGE",
      sentence:
        'prefix "vpc/AWSLogs/111111111111/" goes into AWSLogs/: expected only the part before AWSLogs/ ("vpc/") — use s3://flow-logs/vpc/ and choose accounts, regions and days with their own options',
    });
    expect(server.commands).toEqual([]);
  });

  it("reports an unreachable endpoint as a network problem", async () => {
    const server = await startS3Server();
    await server.close();
    const client = testClient(server.endpoint);
    onTestFinished(() => client.destroy());

    const listing = listFlowLogObjects(client, { bucket: "flow-logs", from: DAY, to: DAY });

    await expect(listing).rejects.toMatchObject({
      code: "FLOWLENS_S3_FAILED",
      sentence: `cannot list s3://flow-logs/AWSLogs/: cannot reach S3 at ${server.endpoint} (connect ECONNREFUSED ${server.endpoint.slice("http://".length)}), after 2 retries — check the network connection, any proxy, and the S3 endpoint (AWS_ENDPOINT_URL_S3, --endpoint-url)`,
    });
  });

  it("points at the credentials when S3 does not know the access key", async () => {
    const server = await s3();
    await server.put("flow-logs", flowLogKey({ layout: "default", day: DAY }), "x");
    const stranger = testClient(server.endpoint, {
      accessKeyId: "AKIAIOSFODNN7EXAMPLE",
      secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    });
    onTestFinished(() => stranger.destroy());

    const failure = await listFlowLogObjects(stranger, { bucket: "flow-logs", from: DAY, to: DAY }).catch(
      (e) => e,
    );

    expect(failure).toMatchObject({
      code: "FLOWLENS_S3_FAILED",
      sentence:
        "cannot list s3://flow-logs/AWSLogs/: InvalidAccessKeyId (The AWS Access Key Id you provided does not exist in our records.) — check the AWS credentials in use (AWS_PROFILE, AWS_ACCESS_KEY_ID, ~/.aws/credentials)",
    });
    const everything =
      JSON.stringify(failure, Object.getOwnPropertyNames(failure)) + String(failure.cause?.stack);
    expect(everything).not.toContain("AKIAIOSFODNN7EXAMPLE");
    expect(everything).not.toContain("wJalrXUtnFEMI");
  });

  it("stops with the caller's reason when cancelled", async () => {
    const server = await s3();
    await server.put("flow-logs", flowLogKey({ layout: "default", day: DAY }), "x");
    const reason = new Error("user pressed Ctrl-C");

    const listing = listFlowLogObjects(server.client, {
      bucket: "flow-logs",
      from: DAY,
      to: DAY,
      signal: AbortSignal.abort(reason),
    });

    await expect(listing).rejects.toBe(reason);
  });
});
