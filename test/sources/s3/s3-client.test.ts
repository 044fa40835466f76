import { afterEach, describe, expect, it, onTestFinished, vi } from "vitest";
import { listFlowLogObjects } from "../../../src/sources/s3/list-flow-log-objects.js";
import { createS3Client } from "../../../src/sources/s3/s3-client.js";
import { S3RVER_CREDENTIALS, startS3Server } from "../../helpers/s3-server.js";
import { flowLogKey } from "./flow-log-keys.js";

const DAY = "2024-03-01";

/** Credentials and region the way a user's shell provides them, with no endpoint configured. */
function awsEnvironment(): void {
  vi.stubEnv("AWS_ACCESS_KEY_ID", S3RVER_CREDENTIALS.accessKeyId);
  vi.stubEnv("AWS_SECRET_ACCESS_KEY", S3RVER_CREDENTIALS.secretAccessKey);
  vi.stubEnv("AWS_REGION", "us-east-1");
  for (const name of ["AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3"]) {
    vi.stubEnv(name, undefined);
  }
}

async function serverWithOneObject() {
  const server = await startS3Server();
  onTestFinished(() => server.close());
  await server.put("flow-logs", flowLogKey({ layout: "default", day: DAY }), "x");
  return server;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("createS3Client", () => {
  it("reaches an S3-compatible endpoint path-style with credentials from the environment", async () => {
    awsEnvironment();
    const server = await serverWithOneObject();
    const client = createS3Client({ endpointUrl: server.endpoint });
    onTestFinished(() => client.destroy());

    const objects = await listFlowLogObjects(client, { bucket: "flow-logs", from: DAY, to: DAY });

    expect(objects).toHaveLength(1);
    expect(client.config.forcePathStyle).toBe(true);
  });

  it("honours AWS_ENDPOINT_URL_S3 when no endpoint is given", async () => {
    awsEnvironment();
    const server = await serverWithOneObject();
    vi.stubEnv("AWS_ENDPOINT_URL_S3", server.endpoint);
    const client = createS3Client();
    onTestFinished(() => client.destroy());

    const objects = await listFlowLogObjects(client, { bucket: "flow-logs", from: DAY, to: DAY });

    expect(objects).toHaveLength(1);
  });

  it("addresses AWS itself virtual-hosted unless told otherwise", () => {
    awsEnvironment();

    const client = createS3Client({ region: "eu-west-1", profile: "logs-reader" });
    onTestFinished(() => client.destroy());

    expect(client.config.forcePathStyle).toBe(false);
    expect(client.config.profile).toBe("logs-reader");
  });

  it("lets path-style be turned off for an endpoint", () => {
    const client = createS3Client({ endpointUrl: "https://s3.example.com", forcePathStyle: false });
    onTestFinished(() => client.destroy());

    expect(client.config.forcePathStyle).toBe(false);
  });

  it("does not repeat a password written into a rejected endpoint URL", () => {
    expect(() => createS3Client({ endpointUrl: "ftp://user:secret@store.example:21" })).toThrow(
      'endpoint URL "ftp://store.example:21" is not an http(s) URL',
    );
  });

  it("rejects an endpoint URL that is not http or https", () => {
    expect(() => createS3Client({ endpointUrl: "127.0.0.1:9000" })).toThrow(
      expect.objectContaining({
        code: "FLOWLENS_USAGE",
        sentence:
          'endpoint URL "127.0.0.1:9000" is not an http(s) URL: expected e.g. http://127.0.0.1:9000 — give the S3-compatible store\'s address including http:// or https://',
      }),
    );
  });
});
