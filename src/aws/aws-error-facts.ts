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
  /**
   * What the endpoint did wrong when it did answer: closed the connection before answering (`closed`) or in
   * the middle of its answer (`cut-short`), answered in something that is not HTTP (`not-http`), or sent a
   * body the SDK could not parse (`unparsable`).
   */
  readonly fault?: AwsFault;
  /** The parser's own words for a `not-http` or `unparsable` answer, e.g. `expected ">" not found`. */
  readonly faultDetail?: string;
}

export type AwsFault = "closed" | "cut-short" | "not-http" | "unparsable";

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
  const code = typeof extra.code === "string" ? extra.code : undefined;
  const { fault, faultDetail } = faultOf(error.message, code);
  // The SDK names a connection closed before the answer a TimeoutError too ("socket hang up", ECONNRESET).
  const timedOut =
    error.name !== "TimeoutError" || fault !== undefined
      ? undefined
      : /establish a connection/.test(error.message)
        ? "connect"
        : "answer";
  return {
    name: error.name,
    message: error.message.replace(ACCESS_KEY_ID, "[access key id]"),
    status,
    code,
    requestId: extra.$metadata?.requestId,
    fromService: extra.$fault !== undefined && status !== undefined && error.name !== "Error",
    ...(context === undefined ? {} : { endpoint: context.endpoint, network: context.network }),
    ...(typeof attempts === "number" ? { attempts } : {}),
    ...(timedOut === undefined ? {} : { timedOut }),
    ...(fault === undefined ? {} : { fault }),
    ...(faultDetail === undefined ? {} : { faultDetail }),
  } as AwsErrorFacts;
}

const SDK_PARSE_ERROR = /^@aws-sdk \w+ parse error: (.*)$|Deserialization error: to see the raw response/m;

function faultOf(message: string, code: string | undefined): { fault?: AwsFault; faultDetail?: string } {
  // Node's HTTP parser (llhttp) codes: HPE_INVALID_CONSTANT for a reply that does not start with HTTP/.
  if (code?.startsWith("HPE_"))
    return { fault: "not-http", faultDetail: message.replace(/^Parse Error: /, "") };
  const parse = SDK_PARSE_ERROR.exec(message);
  if (parse) {
    const detail = (parse[1] ?? message.split("\n")[0] ?? "").replace(/\.$/, "").trim();
    return { fault: "unparsable", ...(detail ? { faultDetail: detail } : {}) };
  }
  // `aborted`: the response had started; `socket hang up` or a reset: it had not.
  if (message === "aborted" || code === "ERR_STREAM_PREMATURE_CLOSE") return { fault: "cut-short" };
  if (/socket hang up/.test(message) || code === "ECONNRESET" || code === "EPIPE") return { fault: "closed" };
  return {};
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

/** A network failure: no answer at all or none in time, a connection closed, or an answer that is not the service's. */
export function isNetworkFailure(facts: AwsErrorFacts): boolean {
  return (
    facts.timedOut !== undefined ||
    facts.fault !== undefined ||
    (facts.code !== undefined && NETWORK_CODES.test(facts.code))
  );
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
 * `cannot reach EC2 at https://ec2.us-east-1.amazonaws.com (connect ECONNREFUSED …), after 2 retries`,
 * `S3 at http://127.0.0.1:9000 closed the connection without answering, after 2 retries`.
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
  switch (facts.fault) {
    case "closed":
      return `${at} closed the connection without answering${after}`;
    case "cut-short":
      return `${at} closed the connection before its answer was complete${after}`;
    case "not-http":
      return `${at} answered with something that is not HTTP (${facts.faultDetail}): the endpoint's scheme (http or https) or port may be wrong${after}`;
    case "unparsable": {
      const why = facts.faultDetail === undefined ? "" : ` (${facts.faultDetail})`;
      return `${at} sent an answer that cannot be read${why}: something other than ${service} may be answering at that address${after}`;
    }
  }
  return `cannot reach ${at} (${facts.message || facts.name})${after}`;
}
