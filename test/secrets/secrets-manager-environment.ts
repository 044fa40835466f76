/**
 * Test setup for reading secrets through the real SDK: a local Secrets Manager, reached through
 * AWS_ENDPOINT_URL_SECRETS_MANAGER with static credentials and a region in the environment, the way a
 * user's shell provides them. Both the server and the environment are restored when the test ends.
 */
import { join } from "node:path";
import { onTestFinished, vi } from "vitest";
import {
  SECRETS_MANAGER_TEST_CREDENTIALS,
  type SecretsManagerServer,
  type SecretsManagerServerOptions,
  startSecretsManagerServer,
} from "../helpers/secrets-manager-server.js";
import { tempDir } from "../helpers/temp-dir.js";

/** Every variable the SDK's chains read that a developer's shell might set. */
const AWS_VARIABLES = [
  "AWS_PROFILE",
  "AWS_DEFAULT_PROFILE",
  "AWS_SESSION_TOKEN",
  "AWS_CREDENTIAL_EXPIRATION",
  "AWS_ENDPOINT_URL",
  "AWS_ENDPOINT_URL_SECRETS_MANAGER",
  "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
  "AWS_WEB_IDENTITY_TOKEN_FILE",
  "AWS_ROLE_ARN",
  "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
  "AWS_CONTAINER_CREDENTIALS_FULL_URI",
  "SLACK_BOT_TOKEN",
  "SLACK_CHANNEL_ID",
  "SLACK_API_URL",
];

/** No AWS settings at all: no credentials, region, profile files or instance metadata. */
export function emptyAwsEnvironment(): void {
  onTestFinished(() => {
    vi.unstubAllEnvs();
  });
  for (const name of [...AWS_VARIABLES, "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION"]) {
    vi.stubEnv(name, undefined);
  }
  const home = tempDir();
  vi.stubEnv("AWS_CONFIG_FILE", join(home, "config"));
  vi.stubEnv("AWS_SHARED_CREDENTIALS_FILE", join(home, "credentials"));
  vi.stubEnv("AWS_EC2_METADATA_DISABLED", "true");
}

/** Static test credentials and a region in the environment. */
export function awsEnvironment(region = "us-east-1"): void {
  emptyAwsEnvironment();
  vi.stubEnv("AWS_ACCESS_KEY_ID", SECRETS_MANAGER_TEST_CREDENTIALS.accessKeyId);
  vi.stubEnv("AWS_SECRET_ACCESS_KEY", SECRETS_MANAGER_TEST_CREDENTIALS.secretAccessKey);
  vi.stubEnv("AWS_REGION", region);
}

/** A local Secrets Manager named by AWS_ENDPOINT_URL_SECRETS_MANAGER, closed when the test ends. */
export async function secretsManager(options: SecretsManagerServerOptions): Promise<SecretsManagerServer> {
  awsEnvironment();
  const server = await startSecretsManagerServer(options);
  onTestFinished(() => server.close());
  vi.stubEnv("AWS_ENDPOINT_URL_SECRETS_MANAGER", server.endpoint);
  return server;
}
