/**
 * Turns whatever an EC2 describe call threw into one FlowlensError sentence that names the call, the
 * region and how to fix it: "cannot describe network interfaces in us-east-1: UnauthorizedOperation —
 * allow ec2:DescribeNetworkInterfaces". Neither the message nor the cause carries credentials: the SDK's
 * error holds the signed request, so it is replaced by a plain cause with its name, status and request id.
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

/** One describe call: what it lists, in words, and its IAM action. */
export interface Ec2Call {
  /** e.g. `network interfaces` */
  readonly what: string;
  /** e.g. `DescribeNetworkInterfaces` */
  readonly action: string;
}

// Access key ids are not secret, but keep them out of logs and tickets all the same.

const CREDENTIALS_HINT =
  "check the AWS credentials in use (--profile, AWS_PROFILE, AWS_ACCESS_KEY_ID, ~/.aws/credentials)";

/** Error names (EC2's error codes, and the SDK's own) mapped to a hint; `{action}`/`{region}` are filled in. */
const HINTS: Readonly<Record<string, string>> = {
  UnauthorizedOperation: "allow ec2:{action}",
  AccessDenied: "allow ec2:{action}",
  AccessDeniedException: "allow ec2:{action}",
  AuthFailure: CREDENTIALS_HINT,
  InvalidClientTokenId: CREDENTIALS_HINT,
  SignatureDoesNotMatch: CREDENTIALS_HINT,
  UnrecognizedClientException: CREDENTIALS_HINT,
  ExpiredToken: "the AWS session has expired; refresh it (for example with aws sso login)",
  RequestExpired:
    "the AWS session has expired or the clock is wrong; refresh the session and check the clock",
  OptInRequired: "region {region} is not enabled for this account; enable it or leave it out of --regions",
  RequestLimitExceeded: "EC2 is throttling this account's API calls; try again in a few minutes",
  CredentialsProviderError:
    "configure AWS credentials (--profile, aws sso login, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)",
};

/**
 * @param error what the describe call (or its paginator) threw
 * @returns a FlowlensError FLOWLENS_EC2_FAILED; a FlowlensError given comes back unchanged
 */
export function ec2Failure(error: unknown, call: Ec2Call, region: string): FlowlensError {
  if (error instanceof FlowlensError) return error;
  const facts = awsErrorFacts(error);
  const detail =
    networkReason(facts, "EC2") ?? (facts.fromService ? facts.name : facts.message || facts.name);
  const hint = hintFor(facts)?.replace("{action}", call.action).replace("{region}", region);
  return new FlowlensError("FLOWLENS_EC2_FAILED", `cannot describe ${call.what} in ${region}: ${detail}`, {
    ...(hint === undefined ? {} : { hint }),
    cause: plainCause(facts),
  });
}

function hintFor(facts: AwsErrorFacts): string | undefined {
  const known = HINTS[facts.name];
  if (known) return known;
  if (facts.status === 403) return HINTS.UnauthorizedOperation;
  if (isNetworkFailure(facts)) {
    const check =
      "check the network connection, any proxy, and the EC2 endpoint (AWS_ENDPOINT_URL_EC2, --endpoint-url)";
    return facts.timedOut ? `${check}; ${TIMEOUT_SETTINGS_HINT}` : check;
  }
  return undefined;
}
