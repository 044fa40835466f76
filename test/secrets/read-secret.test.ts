import { describe, expect, it, vi } from "vitest";
import { readSecret } from "../../src/secrets/read-secret.js";
import { SECRETS_MANAGER_TEST_CREDENTIALS } from "../helpers/secrets-manager-server.js";
import { secretsManager } from "./secrets-manager-environment.js";

const JSON_TEXT = '{"botToken": "xoxb-1-2-read", "channelId": "C0123456789"}';

describe("reading a secret through the AWS SDK", () => {
  it("reaches the endpoint in AWS_ENDPOINT_URL_SECRETS_MANAGER with a request signed by the configured key", async () => {
    const server = await secretsManager({ secrets: [{ name: "flowlens/slack", secretString: JSON_TEXT }] });

    const secret = await readSecret("flowlens/slack");

    expect(secret.text.reveal()).toBe(JSON_TEXT);
    expect(server.requests).toEqual([
      {
        target: "secretsmanager.GetSecretValue",
        contentType: "application/x-amz-json-1.1",
        secretId: "flowlens/slack",
        accessKeyId: SECRETS_MANAGER_TEST_CREDENTIALS.accessKeyId,
        region: "us-east-1",
      },
    ]);
  });

  it("reaches the endpoint in AWS_ENDPOINT_URL when no Secrets Manager endpoint is set", async () => {
    const server = await secretsManager({ secrets: [{ name: "flowlens/slack", secretString: JSON_TEXT }] });
    vi.stubEnv("AWS_ENDPOINT_URL_SECRETS_MANAGER", undefined);
    vi.stubEnv("AWS_ENDPOINT_URL", server.endpoint);

    await readSecret("flowlens/slack");

    expect(server.requests).toHaveLength(1);
  });

  it("prefers an endpoint given as an option over the environment", async () => {
    const server = await secretsManager({ secrets: [{ name: "flowlens/slack", secretString: JSON_TEXT }] });
    vi.stubEnv("AWS_ENDPOINT_URL_SECRETS_MANAGER", "http://127.0.0.1:9");

    await readSecret("flowlens/slack", { endpointUrl: server.endpoint });

    expect(server.requests).toHaveLength(1);
  });

  it("decodes a SecretBinary holding UTF-8 JSON", async () => {
    await secretsManager({
      secrets: [{ name: "flowlens/slack-binary", secretBinary: new TextEncoder().encode(JSON_TEXT) }],
    });

    const secret = await readSecret("flowlens/slack-binary");

    expect(secret).toMatchObject({ storedAs: "SecretBinary", secretId: "flowlens/slack-binary" });
    expect(secret.text.reveal()).toBe(JSON_TEXT);
  });

  it("finds a secret by its ARN and calls the region the ARN names", async () => {
    const arn = "arn:aws:secretsmanager:eu-central-1:123456789012:secret:flowlens/slack-XyZ123";
    const server = await secretsManager({
      secrets: [{ name: "flowlens/slack", arn, secretString: JSON_TEXT }],
    });

    const secret = await readSecret(arn);

    expect(secret).toMatchObject({ arn, region: "eu-central-1" });
    expect(server.requests[0]?.region).toBe("eu-central-1");
  });

  it("uses the region chain (AWS_REGION) for a secret given by name", async () => {
    const server = await secretsManager({ secrets: [{ name: "flowlens/slack", secretString: JSON_TEXT }] });
    vi.stubEnv("AWS_REGION", "ap-southeast-2");

    const secret = await readSecret("flowlens/slack");

    expect(secret.region).toBe("ap-southeast-2");
    expect(server.requests[0]?.region).toBe("ap-southeast-2");
  });

  it("refuses SecretBinary bytes that are not UTF-8 text", async () => {
    await secretsManager({
      secrets: [{ name: "flowlens/blob", secretBinary: Uint8Array.of(0xff, 0xfe, 0x00) }],
    });

    await expect(readSecret("flowlens/blob")).rejects.toThrow(
      'secret "flowlens/blob" holds SecretBinary bytes that are not UTF-8 text',
    );
  });
});
