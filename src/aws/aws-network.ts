/**
 * How every AWS client flowlens builds (S3, EC2, Secrets Manager, and any later one such as CloudWatch
 * Logs) reaches its service: a connection timeout, a timeout for the answer (and, while a body streams,
 * for its next bytes), and a bounded number of attempts. Build every client through `buildAwsClient`, so
 * a service that accepts connections and never answers fails with a sentence instead of hanging the run.
 *
 * A download also has an overall deadline (`downloadDeadlineMs`): a body that trickles a byte just before
 * each idle timeout would otherwise never end.
 *
 * The client's errors also learn where the call went (the endpoint) and the limits in force, which
 * `awsErrorFacts` reads to say "no answer from S3 at http://… within 30 s, after 2 retries".
 */
import { z } from "zod";
import { wholeNumber } from "../config/whole-number.js";

export interface AwsNetworkSettings {
  /** How long to wait for a TCP (and TLS) connection. @default 5000 */
  readonly connectTimeoutMs: number;
  /** How long a call waits for its answer, and a download for its next bytes. @default 30000 */
  readonly requestTimeoutMs: number;
  /** Attempts per call, the first included; the SDK retries network errors, timeouts and 5xx. @default 3 */
  readonly maxAttempts: number;
}

export const DEFAULT_AWS_NETWORK: AwsNetworkSettings = {
  connectTimeoutMs: 5000,
  requestTimeoutMs: 30_000,
  maxAttempts: 3,
};

/** The config file's `aws` section (env FLOWLENS_AWS_CONNECT_TIMEOUT_MS, …_REQUEST_TIMEOUT_MS, …_MAX_ATTEMPTS). */
export const awsNetworkSchema = z
  .object({
    connectTimeoutMs: wholeNumber(100, 600_000, "milliseconds")
      .default(DEFAULT_AWS_NETWORK.connectTimeoutMs)
      .describe("Milliseconds to wait for a connection to an AWS service (default 5000)"),
    requestTimeoutMs: wholeNumber(100, 3_600_000, "milliseconds")
      .default(DEFAULT_AWS_NETWORK.requestTimeoutMs)
      .describe(
        "Milliseconds an AWS call waits for its answer, and a download for its next bytes (default 30000)",
      ),
    maxAttempts: wholeNumber(1, 10, "attempts")
      .default(DEFAULT_AWS_NETWORK.maxAttempts)
      .describe("Attempts per AWS call, the first included (default 3)"),
  })
  .strict();

/** Where a failed call went and the limits it ran under, attached to the SDK's error. */
export interface AwsCallContext {
  /** e.g. `https://s3.us-east-1.amazonaws.com` or `http://127.0.0.1:9000` */
  readonly endpoint: string;
  readonly network: AwsNetworkSettings;
}

export const AWS_CALL_CONTEXT = Symbol.for("flowlens.awsCallContext");

const AWS_CLIENT_NETWORK = Symbol.for("flowlens.awsClientNetwork");

/** The slowest average a download may keep once its first requestTimeoutMs have passed: 32 KiB/s. */
export const MIN_DOWNLOAD_BYTES_PER_SECOND = 32 * 1024;

/**
 * How long a download of `size` bytes may take once its answer has begun: requestTimeoutMs, plus one second
 * per 32 KiB (MIN_DOWNLOAD_BYTES_PER_SECOND) — so 1 GiB may take 9 hours on top, and a body that trickles
 * still ends. Raising aws.requestTimeoutMs raises it.
 */
export function downloadDeadlineMs(network: AwsNetworkSettings, size: number): number {
  return network.requestTimeoutMs + Math.ceil((size / MIN_DOWNLOAD_BYTES_PER_SECOND) * 1000);
}

/** The settings a client was built with by buildAwsClient, or the defaults for one built otherwise. */
export function networkSettingsOf(client: object): AwsNetworkSettings {
  return (client as { [AWS_CLIENT_NETWORK]?: AwsNetworkSettings })[AWS_CLIENT_NETWORK] ?? DEFAULT_AWS_NETWORK;
}

/** What buildAwsClient gives a client's constructor: spread it into the client's config. */
export interface AwsNetworkConfig {
  readonly requestHandler: {
    readonly connectionTimeout: number;
    readonly requestTimeout: number;
    readonly throwOnRequestTimeout: true;
    readonly socketTimeout: number;
    readonly httpAgent?: { readonly maxSockets: number };
    readonly httpsAgent?: { readonly maxSockets: number };
  };
  readonly maxAttempts: number;
}

interface HttpRequestShape {
  readonly protocol?: string;
  readonly hostname?: string;
  readonly port?: number;
}

type Handler = (args: { readonly request?: unknown }) => Promise<unknown>;

/** The one part of an SDK client buildAwsClient touches; each client's stack is generic in its own types. */
interface FinalizeStack {
  add(
    middleware: (next: Handler) => Handler,
    options: { step: "finalizeRequest"; priority: "low"; name: string },
  ): void;
}

/**
 * @example
 * const client = buildAwsClient((network) => new S3Client({ ...network, region }), settings);
 * @param create builds the client with the network config spread into its own
 * @param maxSockets sockets per client, for clients that download in parallel @default the SDK's
 */
export function buildAwsClient<T extends { readonly middlewareStack: unknown }>(
  create: (network: AwsNetworkConfig) => T,
  network: AwsNetworkSettings = DEFAULT_AWS_NETWORK,
  maxSockets?: number,
): T {
  const agents = maxSockets === undefined ? {} : { httpAgent: { maxSockets }, httpsAgent: { maxSockets } };
  const client = create({
    requestHandler: {
      connectionTimeout: network.connectTimeoutMs,
      requestTimeout: network.requestTimeoutMs,
      throwOnRequestTimeout: true,
      // The idle timeout stays on the socket while a response body streams: a stalled download fails too.
      socketTimeout: network.requestTimeoutMs,
      ...agents,
    },
    maxAttempts: network.maxAttempts,
  });
  // Inside the retry middleware (which runs at high priority), so every attempt's error is marked.
  (client.middlewareStack as FinalizeStack).add(
    (next: Handler): Handler =>
      async (args) => {
        try {
          return await next(args);
        } catch (error) {
          const endpoint = endpointOf(args.request as HttpRequestShape | undefined);
          if (endpoint !== undefined && typeof error === "object" && error !== null) {
            const context: AwsCallContext = { endpoint, network };
            Object.defineProperty(error, AWS_CALL_CONTEXT, { value: context, configurable: true });
          }
          throw error;
        }
      },
    { step: "finalizeRequest", priority: "low", name: "flowlensAwsCallContext" },
  );
  Object.defineProperty(client, AWS_CLIENT_NETWORK, { value: network });
  return client;
}

function endpointOf(request: HttpRequestShape | undefined): string | undefined {
  if (!request?.hostname) return undefined;
  const protocol = request.protocol ?? "https:";
  const port = request.port === undefined ? "" : `:${request.port}`;
  return `${protocol}//${request.hostname}${port}`;
}
