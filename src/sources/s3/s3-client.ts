/**
 * Builds the one S3Client flowlens talks to S3 with. Credentials and region come from the standard AWS
 * chain (environment, AWS_PROFILE, ~/.aws files, SSO, instance and container roles); endpoints set with
 * AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL keep working, because we only set what the caller asked for.
 */

import { S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";
import { awsClientConfig } from "../../aws/aws-client-config.js";
import { type AwsNetworkSettings, buildAwsClient } from "../../aws/aws-network.js";

export interface S3ClientOptions {
  /**
   * Region of the bucket. A wrong region still works: the client follows S3's region redirects.
   * @default the SDK's resolution: AWS_REGION, then the profile's `region`
   */
  readonly region?: string;
  /**
   * Endpoint of an S3-compatible store (MinIO, LocalStack, s3rver), e.g. `http://127.0.0.1:9000`.
   * @default AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL when set, else AWS's endpoint for the region
   */
  readonly endpointUrl?: string;
  /**
   * Address objects as `host/bucket/key` rather than `bucket.host/key`, as most S3-compatible stores need.
   * @default true when an endpoint is set (endpointUrl, AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL), else false
   */
  readonly forcePathStyle?: boolean;
  /**
   * Named profile in ~/.aws/config and ~/.aws/credentials.
   * @default AWS_PROFILE, then `default`
   */
  readonly profile?: string;
  /** Timeouts and attempts (the config's `aws` section). @default DEFAULT_AWS_NETWORK */
  readonly network?: AwsNetworkSettings;
}

/** Sockets per client: enough for the listing and download concurrency, few enough to be polite. */
const MAX_SOCKETS = 16;

/** @throws FlowlensError FLOWLENS_USAGE when endpointUrl is not an http(s) URL */
export function createS3Client(options: S3ClientOptions = {}): S3Client {
  const forcePathStyle =
    options.forcePathStyle ?? (options.endpointUrl !== undefined || endpointFromEnvironment());
  const config: S3ClientConfig = {
    followRegionRedirects: true,
    ...awsClientConfig(options, { what: "S3-compatible store", example: "http://127.0.0.1:9000" }),
    ...(forcePathStyle ? { forcePathStyle } : {}),
  };
  return buildAwsClient((shared) => new S3Client({ ...shared, ...config }), options.network, MAX_SOCKETS);
}

function endpointFromEnvironment(): boolean {
  const env = process.env;
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS === "true") return false;
  return Boolean(env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL);
}
