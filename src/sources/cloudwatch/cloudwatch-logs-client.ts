/**
 * Builds the CloudWatchLogsClient a cloudwatch:// pull reads with. Credentials and region come from the
 * standard AWS chain (environment, AWS_PROFILE or `profile`, ~/.aws files, SSO, instance and container
 * roles); AWS_ENDPOINT_URL_CLOUDWATCH_LOGS and AWS_ENDPOINT_URL keep working, because only what the caller
 * asked for is set.
 *
 * FilterLogEvents has a quota of 5 requests per second per account and region. Every client of this process
 * shares one pacer, which every attempt passes (it sits inside the SDK's retry loop, so retries count too);
 * throttling that still happens (other programs on the same account) is retried by the SDK's standard
 * strategy: exponential backoff with full jitter from 500 ms, up to `aws.maxAttempts` attempts.
 */
import { CloudWatchLogsClient, type CloudWatchLogsClientConfig } from "@aws-sdk/client-cloudwatch-logs";
import { awsClientConfig } from "../../aws/aws-client-config.js";
import { type AwsNetworkSettings, buildAwsClient } from "../../aws/aws-network.js";
import { RequestPacer } from "./request-pacer.js";

export interface CloudWatchLogsClientOptions {
  /** @default the SDK's resolution: AWS_REGION, then the profile's `region` */
  readonly region?: string;
  /**
   * Endpoint of a CloudWatch Logs-compatible API, e.g. `http://127.0.0.1:4566` (LocalStack).
   * @default AWS_ENDPOINT_URL_CLOUDWATCH_LOGS or AWS_ENDPOINT_URL when set, else AWS's endpoint for the region
   */
  readonly endpointUrl?: string;
  /**
   * Named profile in ~/.aws/config and ~/.aws/credentials.
   * @default AWS_PROFILE, then `default`
   */
  readonly profile?: string;
  /** Credentials to use instead of the chain, for programs that already hold some. @default the chain */
  readonly credentials?: CloudWatchLogsClientConfig["credentials"];
  /** Timeouts and attempts (the config's `aws` section). @default DEFAULT_AWS_NETWORK */
  readonly network?: AwsNetworkSettings;
}

/** FilterLogEvents' quota per account and region (AWS's default; it can be raised, never exceeded here). */
export const FILTER_LOG_EVENTS_PER_SECOND = 5;

/**
 * The pacer every client shares. Its window is 10% longer than a second, so that requests bunched by the
 * network on their way still arrive at most 5 in any second.
 */
const PACER = new RequestPacer(FILTER_LOG_EVENTS_PER_SECOND, 1100);

type Handler = (args: unknown) => Promise<unknown>;

/** @throws FlowlensError FLOWLENS_USAGE when endpointUrl is not an http(s) URL or the profile is a credential */
export function createCloudWatchLogsClient(options: CloudWatchLogsClientOptions = {}): CloudWatchLogsClient {
  const config = awsClientConfig(options, {
    what: "CloudWatch Logs-compatible API",
    example: "http://127.0.0.1:4566",
  });
  const client = buildAwsClient(
    (shared) => new CloudWatchLogsClient({ ...shared, ...config }),
    options.network,
  );
  client.middlewareStack.add(
    ((next: Handler): Handler =>
      async (args) => {
        await PACER.take();
        return next(args);
      }) as never,
    { step: "finalizeRequest", priority: "low", name: "flowlensRequestPacer" },
  );
  return client;
}
