/**
 * What an AWS SDK error says, without what it must not: the SDK attaches the signed request (with the
 * Authorization header) to its errors, so errors shown to users are rebuilt from these plain facts, and
 * access key ids in messages are masked. Shared by the S3 and EC2 error catalogs.
 */

export interface AwsErrorFacts {
  readonly name: string;
  readonly message: string;
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly requestId: string | undefined;
  /** True for an error the service answered with, false for network or SDK errors. */
  readonly fromService: boolean;
}

const ACCESS_KEY_ID = /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g;
const NETWORK_CODES = /^(?:ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|ETIMEDOUT|EPIPE)$/;

export function awsErrorFacts(error: unknown): AwsErrorFacts {
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

/** A cause safe to attach to a user-facing error: name, message, HTTP status, code and request id only. */
export function plainCause(facts: AwsErrorFacts): Error {
  const details = [
    facts.status === undefined ? "" : `HTTP ${facts.status}`,
    facts.code ?? "",
    facts.requestId === undefined ? "" : `request id ${facts.requestId}`,
  ].filter(Boolean);
  const cause = new Error(`${facts.message}${details.length > 0 ? ` (${details.join(", ")})` : ""}`);
  cause.name = facts.name;
  return cause;
}

/** A network failure (no answer from the service at all). */
export function isNetworkFailure(facts: AwsErrorFacts): boolean {
  return facts.code !== undefined && NETWORK_CODES.test(facts.code);
}
