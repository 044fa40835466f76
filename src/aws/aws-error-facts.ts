/**
 * What an AWS SDK error says, without what it must not: the SDK attaches the signed request (with the
 * Authorization header) to its errors, so errors shown to users are rebuilt from these plain facts, and
 * access key ids in messages are masked. Shared by the S3, EC2 and Secrets Manager error catalogs, which
 * also share the sentence for a call the network failed (`networkReason`).
 */
import { AWS_CALL_CONTEXT, type AwsCallContext, type AwsNetworkSettings } from "./aws-network.js";

export interface AwsErrorFacts {
  readonly name: string;
  readonly message: string;
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly requestId: string | undefined;
  /** True for an error the service answered with, false for network or SDK errors. */
  readonly fromService: boolean;
  /** Where the call went, when the client was built with buildAwsClient. */
  readonly endpoint?: string;
  /** The limits the call ran under, when the client was built with buildAwsClient. */
  readonly network?: AwsNetworkSettings;
  /** How many times the call was sent, retries included, when the SDK says. */
  readonly attempts?: number;
  /** Which timeout ended the call: no connection, or no answer (or no next bytes of a body). */
  readonly timedOut?: "connect" | "answer";
}

const ACCESS_KEY_ID = /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g;
const NETWORK_CODES =
  /^(?:ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENETUNREACH)$/;

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
    $metadata?: { httpStatusCode?: number; requestId?: string; attempts?: number };
    code?: unknown;
    [AWS_CALL_CONTEXT]?: AwsCallContext;
  };
  const status = extra.$metadata?.httpStatusCode;
  const context = extra[AWS_CALL_CONTEXT];
  const attempts = extra.$metadata?.attempts;
  const timedOut =
    error.name !== "TimeoutError"
      ? undefined
      : /establish a connection/.test(error.message)
        ? "connect"
        : "answer";
  return {
    name: error.name,
    message: error.message.replace(ACCESS_KEY_ID, "[access key id]"),
    status,
    code: typeof extra.code === "string" ? extra.code : undefined,
    requestId: extra.$metadata?.requestId,
    fromService: extra.$fault !== undefined && status !== undefined && error.name !== "Error",
    ...(context === undefined ? {} : { endpoint: context.endpoint, network: context.network }),
    ...(typeof attempts === "number" ? { attempts } : {}),
    ...(timedOut === undefined ? {} : { timedOut }),
  } as AwsErrorFacts;
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

/** A network failure (no answer from the service at all, or none in time). */
export function isNetworkFailure(facts: AwsErrorFacts): boolean {
  return facts.timedOut !== undefined || (facts.code !== undefined && NETWORK_CODES.test(facts.code));
}

/** Seconds as people write them: `30 s`, `0.5 s`. */
export function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

/** What to add to a network hint when a timeout ended the call. */
export const TIMEOUT_SETTINGS_HINT =
  "aws.connectTimeoutMs, aws.requestTimeoutMs and aws.maxAttempts in the config (or FLOWLENS_AWS_CONNECT_TIMEOUT_MS, FLOWLENS_AWS_REQUEST_TIMEOUT_MS, FLOWLENS_AWS_MAX_ATTEMPTS) set how long to wait and how often to try";

/**
 * The reason of a call the network failed, in the words the Slack client uses too:
 * `no answer from S3 at http://127.0.0.1:9000 within 30 s, after 2 retries`, or
 * `cannot reach EC2 at https://ec2.us-east-1.amazonaws.com (connect ECONNREFUSED …), after 2 retries`.
 * @param service the service in words, e.g. `S3`, `Secrets Manager`
 * @returns undefined when the failure is not the network's
 */
export function networkReason(facts: AwsErrorFacts, service: string): string | undefined {
  if (!isNetworkFailure(facts)) return undefined;
  const at = facts.endpoint === undefined ? service : `${service} at ${facts.endpoint}`;
  const retries = facts.attempts === undefined ? 0 : facts.attempts - 1;
  const after = retries > 0 ? `, after ${retries} ${retries === 1 ? "retry" : "retries"}` : "";
  if (facts.timedOut === "connect") {
    const within = facts.network ? ` within ${seconds(facts.network.connectTimeoutMs)}` : "";
    return `no connection to ${at}${within}${after}`;
  }
  if (facts.timedOut === "answer") {
    const within = facts.network ? ` within ${seconds(facts.network.requestTimeoutMs)}` : " in time";
    return `no answer from ${at}${within}${after}`;
  }
  return `cannot reach ${at} (${facts.message || facts.name})${after}`;
}
