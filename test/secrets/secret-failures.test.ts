import { describe, expect, it, vi } from "vitest";
import { readSecret } from "../../src/secrets/read-secret.js";
import { failureOf } from "../helpers/flowlens-failure.js";
import { accessDenied, startSecretsManagerServer } from "../helpers/secrets-manager-server.js";
import { awsEnvironment, emptyAwsEnvironment, secretsManager } from "./secrets-manager-environment.js";

describe("secrets that cannot be read", () => {
  it("names the secret and the region when the secret does not exist", async () => {
    await secretsManager({ secrets: [] });
    vi.stubEnv("AWS_REGION", "eu-west-1");

    const failure = await failureOf(readSecret("flowlens/slack"));

    expect(failure.code).toBe("FLOWLENS_SECRET_FAILED");
    expect(failure.sentence).toBe(
      "secret \"flowlens/slack\" does not exist in Secrets Manager in eu-west-1 — check the secret's name or ARN and the region (AWS_REGION, the profile's region, or the region in a full ARN)",
    );
  });

  it("names the permissions to allow when access is denied", async () => {
    await secretsManager({ secrets: [], failures: { "flowlens/slack": accessDenied("flowlens/slack") } });

    const failure = await failureOf(readSecret("flowlens/slack"));

    expect(failure.sentence).toBe(
      'cannot read secret "flowlens/slack" in us-east-1: access denied — allow secretsmanager:GetSecretValue on the secret, and kms:Decrypt on its KMS key if it is encrypted with a customer managed key',
    );
  });

  it("names kms:Decrypt when Secrets Manager may not use the secret's KMS key", async () => {
    await secretsManager({
      secrets: [],
      failures: {
        "flowlens/slack": { type: "AccessDeniedException", message: "Access to KMS is not allowed" },
      },
    });

    const failure = await failureOf(readSecret("flowlens/slack"));

    expect(failure.hint).toBe(
      "allow kms:Decrypt on the secret's customer managed KMS key (secretsmanager:GetSecretValue alone is not enough)",
    );
  });

  it("names kms:Decrypt when the secret cannot be decrypted", async () => {
    await secretsManager({
      secrets: [],
      failures: {
        "flowlens/slack": {
          type: "DecryptionFailure",
          message: "Secrets Manager can't decrypt the protected secret text using the provided KMS key.",
        },
      },
    });

    const failure = await failureOf(readSecret("flowlens/slack"));

    expect(failure.sentence).toMatch(
      /^cannot read secret "flowlens\/slack" in us-east-1: DecryptionFailure — allow kms:Decrypt/,
    );
  });

  it("says how to provide credentials when the standard chain finds none", async () => {
    emptyAwsEnvironment();
    const server = await startSecretsManagerServer({ secrets: [] });
    vi.stubEnv("AWS_REGION", "us-east-1");
    vi.stubEnv("AWS_ENDPOINT_URL_SECRETS_MANAGER", server.endpoint);

    const failure = await failureOf(readSecret("flowlens/slack"));
    await server.close();

    expect(failure.sentence).toBe(
      'cannot read secret "flowlens/slack": no AWS credentials found — provide AWS credentials the standard way: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE (with aws sso login for SSO), ~/.aws/credentials, or an instance or task role',
    );
    expect(server.requests).toEqual([]);
  });

  it("says how to set a region when none is configured", async () => {
    awsEnvironment();
    vi.stubEnv("AWS_REGION", undefined);

    const failure = await failureOf(readSecret("flowlens/slack"));

    expect(failure.code).toBe("FLOWLENS_USAGE");
    expect(failure.sentence).toBe(
      'no AWS region is configured to read secret "flowlens/slack" from — set AWS_REGION, set region in the AWS profile, or give the secret\'s full ARN',
    );
  });

  it("names the endpoint settings when Secrets Manager cannot be reached", async () => {
    awsEnvironment();
    const server = await startSecretsManagerServer({ secrets: [] });
    await server.close();
    vi.stubEnv("AWS_ENDPOINT_URL_SECRETS_MANAGER", server.endpoint);

    const failure = await failureOf(readSecret("flowlens/slack"));

    expect(failure.hint).toBe(
      "check the network connection, any proxy, and the Secrets Manager endpoint (AWS_ENDPOINT_URL_SECRETS_MANAGER, AWS_ENDPOINT_URL)",
    );
  });

  it("says the answer is not Secrets Manager's when the endpoint answers something else", async () => {
    await secretsManager({
      secrets: [],
      failures: { "flowlens/slack": { status: 502, rawBody: "<html>Bad Gateway</html>" } },
    });

    const failure = await failureOf(readSecret("flowlens/slack"));

    expect(failure.message).toBe(
      'cannot read secret "flowlens/slack" in us-east-1: the answer is not Secrets Manager\'s JSON (HTTP 502)',
    );
  });

  it("keeps the signed request and access key id out of the cause", async () => {
    await secretsManager({ secrets: [], failures: { "flowlens/slack": accessDenied("flowlens/slack") } });

    const failure = await failureOf(readSecret("flowlens/slack"));
    const cause = failure.cause as Error;

    expect(Object.keys(cause)).toEqual(["name"]);
    expect(`${cause.message}${cause.stack}`).not.toMatch(/AKIA|Credential=|Signature=/);
  });
});
