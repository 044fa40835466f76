/**
 * Turns whatever a FilterLogEvents call threw into one FlowlensError that names the log group and region
 * and says how to fix it: `cannot read log group "/aws/vpc/flow" in us-east-1: ResourceNotFoundException
 * (The specified log group does not exist.) — check the log group's name and the region …`. Neither the
 * message nor the cause carries credentials: the SDK's error holds the signed request, so it is replaced by
 * a plain cause with its name, status, code and request id.
 */
import {
  type AwsErrorFacts,
  awsErrorFacts,
  isNetworkFailure,
  networkReason,
  plainCause,
  TIMEOUT_SETTINGS_HINT,
} from "../../aws/aws-error-facts.js";
import { FlowlensError } from "../../errors.js";

/** What the failed call was about. */
export interface LogGroupCall {
  readonly group: string;
  readonly region: string;
}

const CREDENTIALS_HINT =
  "check the AWS credentials in use (--profile, AWS_PROFILE, AWS_ACCESS_KEY_ID, ~/.aws/credentials)";
const PERMISSION_HINT = "allow logs:FilterLogEvents on the log group";

/** Error names (CloudWatch Logs' error types, and the SDK's own) mapped to a hint; `{region}` is filled in. */
const HINTS: Readonly<Record<string, string>> = {
  ResourceNotFoundException:
    "check the log group's name and the region (--region, AWS_REGION): `aws logs describe-log-groups --region {region}` lists them",
  AccessDeniedException: PERMISSION_HINT,
  AccessDenied: PERMISSION_HINT,
  UnrecognizedClientException: CREDENTIALS_HINT,
  InvalidSignatureException: CREDENTIALS_HINT,
  ExpiredTokenException: "the AWS session has expired; refresh it (for example with aws sso login)",
  ThrottlingException:
    "CloudWatch Logs is throttling this account's calls (FilterLogEvents allows 5 a second per account and region, shared with other programs); try again later, or raise aws.maxAttempts",
  ServiceUnavailableException: "CloudWatch Logs is unavailable for now; run the same command again later",
  CredentialsProviderError:
    "configure AWS credentials (--profile, aws sso login, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)",
};

/**
 * @param error what the FilterLogEvents call threw
 * @returns a FlowlensError FLOWLENS_CLOUDWATCH_FAILED; a FlowlensError given comes back unchanged
 */
export function cloudWatchFailure(error: unknown, call: LogGroupCall): FlowlensError {
  if (error instanceof FlowlensError) return error;
  const facts = awsErrorFacts(error);
  const serviceSays = facts.message && facts.message !== facts.name ? ` (${facts.message})` : "";
  const detail =
    networkReason(facts, "CloudWatch Logs") ??
    (facts.fromService ? `${facts.name}${serviceSays}` : facts.message || facts.name);
  const hint = hintFor(facts)?.replace("{region}", call.region);
  return new FlowlensError(
    "FLOWLENS_CLOUDWATCH_FAILED",
    `cannot read log group "${call.group}" in ${call.region}: ${detail}`,
    { ...(hint === undefined ? {} : { hint }), cause: plainCause(facts) },
  );
}

function hintFor(facts: AwsErrorFacts): string | undefined {
  const known = HINTS[facts.name];
  if (known) return known;
  if (facts.status === 403) return PERMISSION_HINT;
  if (facts.status === 429) return HINTS.ThrottlingException;
  if (isNetworkFailure(facts)) {
    const check =
      "check the network connection, any proxy, and the CloudWatch Logs endpoint (AWS_ENDPOINT_URL_CLOUDWATCH_LOGS, --endpoint-url)";
    return facts.timedOut ? `${check}; ${TIMEOUT_SETTINGS_HINT}` : check;
  }
  return undefined;
}
