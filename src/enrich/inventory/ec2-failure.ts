/**
 * Turns whatever an EC2 describe call threw into one FlowlensError sentence that names the call, the
 * region and how to fix it: "cannot describe network interfaces in us-east-1: UnauthorizedOperation —
 * allow ec2:DescribeNetworkInterfaces". Neither the message nor the cause carries credentials: the SDK's
 * error holds the signed request, so it is replaced by a plain cause with its name, status and request id.
 */
import { FlowlensError } from "../../errors.js";

/** One describe call: what it lists, in words, and its IAM action. */
export interface Ec2Call {
  /** e.g. `network interfaces` */
  readonly what: string;
  /** e.g. `DescribeNetworkInterfaces` */
  readonly action: string;
}

// Access key ids are not secret, but keep them out of logs and tickets all the same.
const ACCESS_KEY_ID = /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g;

const NETWORK_CODES = /^(?:ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|ETIMEDOUT|EPIPE)$/;

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

interface ErrorFacts {
  readonly name: string;
  readonly message: string;
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly requestId: string | undefined;
  /** True for an error EC2 answered with (it has an error code), false for network or SDK errors. */
  readonly fromService: boolean;
}

/**
 * @param error what the describe call (or its paginator) threw
 * @returns a FlowlensError FLOWLENS_EC2_FAILED; a FlowlensError given comes back unchanged
 */
export function ec2Failure(error: unknown, call: Ec2Call, region: string): FlowlensError {
  if (error instanceof FlowlensError) return error;
  const facts = factsOf(error);
  const detail = facts.fromService ? facts.name : facts.message || facts.name;
  const hint = hintFor(facts)?.replace("{action}", call.action).replace("{region}", region);
  return new FlowlensError("FLOWLENS_EC2_FAILED", `cannot describe ${call.what} in ${region}: ${detail}`, {
    ...(hint === undefined ? {} : { hint }),
    cause: plainCause(facts),
  });
}

function hintFor(facts: ErrorFacts): string | undefined {
  const known = HINTS[facts.name];
  if (known) return known;
  if (facts.status === 403) return HINTS.UnauthorizedOperation;
  if (facts.code && NETWORK_CODES.test(facts.code)) {
    return "check the network connection and the EC2 endpoint (AWS_ENDPOINT_URL_EC2, --endpoint-url)";
  }
  return undefined;
}

function plainCause(facts: ErrorFacts): Error {
  const details = [
    facts.status === undefined ? "" : `HTTP ${facts.status}`,
    facts.code ?? "",
    facts.requestId === undefined ? "" : `request id ${facts.requestId}`,
  ].filter(Boolean);
  const cause = new Error(`${facts.message}${details.length > 0 ? ` (${details.join(", ")})` : ""}`);
  cause.name = facts.name;
  return cause;
}

function factsOf(error: unknown): ErrorFacts {
  if (!(error instanceof Error)) {
    return {
      name: "Error",
      message: String(error),
      status: undefined,
      code: undefined,
      requestId: undefined,
      fromService: false,
    };
  }
  const extra = error as Error & {
    $fault?: unknown;
    $metadata?: { httpStatusCode?: number; requestId?: string };
    code?: unknown;
  };
  const status = extra.$metadata?.httpStatusCode;
  return {
    name: error.name,
    message: error.message.replace(ACCESS_KEY_ID, "[access key id]"),
    status,
    code: typeof extra.code === "string" ? extra.code : undefined,
    requestId: extra.$metadata?.requestId,
    fromService: extra.$fault !== undefined && status !== undefined && error.name !== "Error",
  };
}
