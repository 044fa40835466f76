/**
 * Turns whatever GetSecretValue threw into one FlowlensError sentence that names the secret, the region and
 * how to fix it: `cannot read secret "flowlens/slack" in eu-west-1: access denied — allow
 * secretsmanager:GetSecretValue …`. The SDK's error carries the signed request and the raw response, so it
 * is replaced by a plain cause; anything shaped like a Slack token is masked in what is kept.
 */
import {
  type AwsErrorFacts,
  awsErrorFacts,
  isNetworkFailure,
  networkReason,
  plainCause,
  TIMEOUT_SETTINGS_HINT,
} from "../aws/aws-error-facts.js";
import { FlowlensError } from "../errors.js";
import { redactSecrets } from "./secret-value.js";

/** The read that failed. */
export interface SecretRead {
  /** The name or ARN asked for. */
  readonly secretId: string;
  readonly region: string;
}

const GET_SECRET_VALUE_HINT =
  "allow secretsmanager:GetSecretValue on the secret, and kms:Decrypt on its KMS key if it is encrypted " +
  "with a customer managed key";
const KMS_HINT =
  "allow kms:Decrypt on the secret's customer managed KMS key (secretsmanager:GetSecretValue alone is not enough)";
const CREDENTIALS_HINT =
  "check the AWS credentials in use (AWS_PROFILE, AWS_ACCESS_KEY_ID, ~/.aws/credentials, aws sso login)";
const NO_CREDENTIALS_HINT =
  "provide AWS credentials the standard way: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE " +
  "(with aws sso login for SSO), ~/.aws/credentials, or an instance or task role";

const ENDPOINT_HINT =
  "check the network connection, any proxy, and the Secrets Manager endpoint (AWS_ENDPOINT_URL_SECRETS_MANAGER, AWS_ENDPOINT_URL)";
const UNREADABLE = "the answer is not Secrets Manager's JSON";

/** Error names (Secrets Manager's, and the SDK's own) mapped to a hint. */
const HINTS: Readonly<Record<string, string>> = {
  AccessDeniedException: GET_SECRET_VALUE_HINT,
  DecryptionFailure: KMS_HINT,
  UnrecognizedClientException: CREDENTIALS_HINT,
  InvalidSignatureException: CREDENTIALS_HINT,
  IncompleteSignature: CREDENTIALS_HINT,
  ExpiredTokenException: "the AWS session has expired; refresh it (for example with aws sso login)",
  InvalidRequestException:
    "a secret scheduled for deletion cannot be read; restore it (aws secretsmanager restore-secret)",
  ThrottlingException: "Secrets Manager is throttling this account's calls; try again in a minute",
};

/**
 * @param error what GetSecretValue (or the client's credential or region resolution) threw
 * @returns a FlowlensError FLOWLENS_SECRET_FAILED; a FlowlensError given comes back unchanged
 */
export function secretFailure(error: unknown, read: SecretRead): FlowlensError {
  if (error instanceof FlowlensError) return error;
  const raw = awsErrorFacts(error);
  // The SDK's deserialization errors quote the start of the body, which would be the secret's answer.
  const unreadable = raw.message.includes("Deserialization error");
  const facts: AwsErrorFacts = {
    ...raw,
    message: unreadable ? UNREADABLE : redactSecrets(raw.message, []),
  };
  const { secretId, region } = read;
  const cause = plainCause(facts);
  if (facts.name === "ResourceNotFoundException") {
    return new FlowlensError(
      "FLOWLENS_SECRET_FAILED",
      `secret "${secretId}" does not exist in Secrets Manager in ${region}`,
      {
        hint: "check the secret's name or ARN and the region (AWS_REGION, the profile's region, or the region in a full ARN)",
        cause,
      },
    );
  }
  if (facts.name === "CredentialsProviderError") {
    return new FlowlensError(
      "FLOWLENS_SECRET_FAILED",
      `cannot read secret "${secretId}": no AWS credentials found`,
      { hint: NO_CREDENTIALS_HINT, cause },
    );
  }
  const denied = facts.name === "AccessDeniedException" || (facts.fromService && facts.status === 403);
  const detail = denied
    ? "access denied"
    : unreadable
      ? `${UNREADABLE} (HTTP ${facts.status ?? "status unknown"})`
      : (networkReason(facts, "Secrets Manager") ??
        (facts.fromService ? facts.name : facts.message || facts.name));
  const hint = denied && /\bKMS\b/i.test(facts.message) ? KMS_HINT : hintFor(facts, denied, unreadable);
  return new FlowlensError(
    "FLOWLENS_SECRET_FAILED",
    `cannot read secret "${secretId}" in ${region}: ${detail}`,
    {
      ...(hint === undefined ? {} : { hint }),
      cause,
    },
  );
}

function hintFor(facts: AwsErrorFacts, denied: boolean, unreadable: boolean): string | undefined {
  if (denied) return GET_SECRET_VALUE_HINT;
  if (facts.timedOut) return `${ENDPOINT_HINT}; ${TIMEOUT_SETTINGS_HINT}`;
  if (unreadable || isNetworkFailure(facts)) return ENDPOINT_HINT;
  return HINTS[facts.name];
}
