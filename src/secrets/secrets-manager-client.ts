/**
 * Builds the SecretsManagerClient a secret is read with. Credentials and region come from the standard AWS
 * chains (environment, AWS_PROFILE, ~/.aws files, SSO, instance and container roles);
 * AWS_ENDPOINT_URL_SECRETS_MANAGER and AWS_ENDPOINT_URL keep working, because the SDK reads them itself and
 * only what the caller asked for is set.
 */
import { SecretsManagerClient, type SecretsManagerClientConfig } from "@aws-sdk/client-secrets-manager";
import { awsClientConfig } from "../aws/aws-client-config.js";
import { type AwsNetworkSettings, buildAwsClient } from "../aws/aws-network.js";

export interface SecretsManagerOptions {
  /** @default the SDK's resolution: AWS_REGION, then the profile's `region` */
  readonly region?: string;
  /**
   * Endpoint of a Secrets Manager-compatible API, e.g. `http://127.0.0.1:4566` (LocalStack).
   * @default AWS_ENDPOINT_URL_SECRETS_MANAGER or AWS_ENDPOINT_URL when set, else AWS's endpoint for the region
   */
  readonly endpointUrl?: string;
  /**
   * Named profile in ~/.aws/config and ~/.aws/credentials.
   * @default AWS_PROFILE, then `default`
   */
  readonly profile?: string;
  /** Credentials to use instead of the chain, for programs that already hold some. @default the chain */
  readonly credentials?: SecretsManagerClientConfig["credentials"];
  /** Timeouts and attempts (the config's `aws` section). @default DEFAULT_AWS_NETWORK */
  readonly network?: AwsNetworkSettings;
}

/** @throws FlowlensError FLOWLENS_USAGE when endpointUrl is not an http(s) URL */
export function createSecretsManagerClient(options: SecretsManagerOptions = {}): SecretsManagerClient {
  const config = awsClientConfig(options, {
    what: "Secrets Manager-compatible API",
    example: "http://127.0.0.1:4566",
  });
  return buildAwsClient((shared) => new SecretsManagerClient({ ...shared, ...config }), options.network);
}
