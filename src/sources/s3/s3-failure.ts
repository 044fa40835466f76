/**
 * Turns whatever an S3 call threw (a service error such as NoSuchBucket or AccessDenied, a network error, a
 * missing region or credentials) into one FlowlensError that names the S3 location and says how to fix it.
 * Cancellation is not a failure: an abort comes back unchanged. Neither the message nor the cause carries
 * credentials: the SDK's error holds the signed request (Authorization, X-Amz-Security-Token), so it is
 * replaced by a plain cause with just its name, status, code and request id.
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

/** What the failed call was doing, which decides the IAM permission a hint points to. */
export type S3Action = "list" | "read";

const PERMISSION: Record<S3Action, string> = {
  list: "check the role's s3:ListBucket permission on the bucket",
  read: "check the role's s3:GetObject permission (and kms:Decrypt if the bucket uses SSE-KMS)",
};

// Access key ids are not secret, but keep them out of logs and tickets all the same.

/**
 * @param error what the S3 call threw
 * @param action `list` for ListObjectsV2, `read` for GetObject
 * @param uri the s3:// location the call was about, named in the message
 * @param signal the call's abort signal; when it has fired, its reason is returned as is
 * @returns the error to throw: a FlowlensError FLOWLENS_S3_FAILED, or the abort reason
 */
export function s3Failure(error: unknown, action: S3Action, uri: string, signal?: AbortSignal): unknown {
  if (signal?.aborted) return signal.reason;
  if (error instanceof FlowlensError || (error instanceof Error && error.name === "AbortError")) return error;
  const facts = awsErrorFacts(error);
  const plain = facts.name === "Error" || facts.message === "" || facts.message === facts.name;
  const detail =
    networkReason(facts, "S3") ?? (plain ? facts.message || facts.name : `${facts.name} (${facts.message})`);
  return new FlowlensError("FLOWLENS_S3_FAILED", `cannot ${action} ${uri}: ${detail}`, {
    hint: hintFor(facts, action, uri),
    cause: plainCause(facts),
  });
}

function hintFor(facts: AwsErrorFacts, action: S3Action, uri: string): string | undefined {
  const bucket = uri.slice("s3://".length).split("/")[0];
  switch (facts.name) {
    case "NoSuchBucket":
      return `check the bucket name "${bucket}"`;
    case "NoSuchKey":
      return "check the key; an object listed earlier may have been deleted or renamed since";
    case "AccessDenied":
    case "AllAccessDisabled":
      return PERMISSION[action];
    case "InvalidAccessKeyId":
    case "SignatureDoesNotMatch":
    case "InvalidToken":
      return "check the AWS credentials in use (AWS_PROFILE, AWS_ACCESS_KEY_ID, ~/.aws/credentials)";
    case "ExpiredToken":
    case "TokenRefreshRequired":
      return "the AWS session has expired; refresh it (for example with aws sso login)";
    case "CredentialsProviderError":
      return "configure AWS credentials (AWS_PROFILE, aws sso login, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)";
    case "PermanentRedirect":
    case "AuthorizationHeaderMalformed":
      return `the bucket "${bucket}" is in another region; set AWS_REGION to that region`;
  }
  if (/region is missing/i.test(facts.message)) return "set AWS_REGION to the bucket's region";
  if (facts.status === 403) return PERMISSION[action];
  if (facts.status === 404) return action === "list" ? `check the bucket name "${bucket}"` : undefined;
  if (isNetworkFailure(facts)) {
    const check =
      "check the network connection, any proxy, and the S3 endpoint (AWS_ENDPOINT_URL_S3, --endpoint-url)";
    return facts.timedOut ? `${check}; ${TIMEOUT_SETTINGS_HINT}` : check;
  }
  return undefined;
}
