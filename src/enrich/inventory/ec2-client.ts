/**
 * Builds the EC2Client an inventory sync describes one region with. Credentials come from the standard
 * AWS chain (environment, AWS_PROFILE or `profile`, ~/.aws files, SSO, instance and container roles);
 * AWS_ENDPOINT_URL_EC2 and AWS_ENDPOINT_URL keep working, because only what the caller asked for is set.
 */

import { EC2Client, type EC2ClientConfig } from "@aws-sdk/client-ec2";
import { awsClientConfig } from "../../aws/aws-client-config.js";
import { type AwsNetworkSettings, buildAwsClient } from "../../aws/aws-network.js";
import { FlowlensError } from "../../errors.js";

export interface Ec2ClientOptions {
  /** @default the SDK's resolution: AWS_REGION, then the profile's `region` */
  readonly region?: string;
  /**
   * Endpoint of an EC2-compatible API, e.g. `http://127.0.0.1:4566` (LocalStack).
   * @default AWS_ENDPOINT_URL_EC2 or AWS_ENDPOINT_URL when set, else AWS's endpoint for the region
   */
  readonly endpointUrl?: string;
  /**
   * Named profile in ~/.aws/config and ~/.aws/credentials.
   * @default AWS_PROFILE, then `default`
   */
  readonly profile?: string;
  /** Credentials to use instead of the chain, for programs that already hold some. @default the chain */
  readonly credentials?: EC2ClientConfig["credentials"];
  /** Timeouts and attempts (the config's `aws` section). @default DEFAULT_AWS_NETWORK */
  readonly network?: AwsNetworkSettings;
}

/** @throws FlowlensError FLOWLENS_USAGE when endpointUrl is not an http(s) URL */
export function createEc2Client(options: Ec2ClientOptions = {}): EC2Client {
  const config = awsClientConfig(options, { what: "EC2-compatible API", example: "http://127.0.0.1:4566" });
  return buildAwsClient((shared) => new EC2Client({ ...shared, ...config }), options.network);
}

/**
 * The region the SDK would use when none is given (AWS_REGION, then the profile's `region`).
 * @throws FlowlensError FLOWLENS_USAGE when none is configured
 */
export async function configuredRegion(options: Ec2ClientOptions = {}): Promise<string> {
  const client = createEc2Client(options);
  try {
    return await client.config.region();
  } catch (error) {
    throw new FlowlensError("FLOWLENS_USAGE", "no AWS region is configured to sync the inventory of", {
      hint: "pass --regions us-east-1,eu-west-1, set AWS_REGION, or set region in the profile",
      cause: error,
    });
  } finally {
    client.destroy();
  }
}
