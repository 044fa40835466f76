/**
 * A local CloudWatch Logs API on 127.0.0.1 for tests: it answers FilterLogEvents in the service's JSON 1.1
 * protocol (POST /, `X-Amz-Target: Logs_20140328.FilterLogEvents`, `application/x-amz-json-1.1`) from log
 * groups → streams → events, honouring logGroupName, logStreamNamePrefix, startTime and endTime (both
 * inclusive, as AWS documents), limit and nextToken, with the documented response shape (`events` of
 * eventId, timestamp, message, ingestionTime, logStreamName; `searchedLogStreams`; `nextToken`) and error
 * shape (HTTP 400, `{"__type": "ResourceNotFoundException", "message": …}`).
 *
 * It can be told to page smaller than asked, to answer empty pages with a nextToken before each page of
 * events, to repeat each page's last event at the start of the next one, to answer the next N requests
 * with an error (ThrottlingException unless told otherwise), and to deny a group (AccessDeniedException). Every request is recorded with the
 * time it arrived and the access key id and region of its SigV4 signature. Events can be added while it
 * runs (late events). The real client reaches it through `endpoint`. Start one per test and close it in
 * the same test; it does not keep the process alive if a test forgets.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface LogEventInput {
  readonly timestamp: number;
  readonly message: string;
  /** @default a 56-digit id, unique in the server, as AWS's are */
  readonly eventId?: string;
  /** @default timestamp + 5 minutes */
  readonly ingestionTime?: number;
}

interface StoredEvent {
  readonly eventId: string;
  readonly timestamp: number;
  readonly message: string;
  readonly ingestionTime: number;
  readonly logStreamName: string;
}

export interface CloudWatchLogsServerOptions {
  /** Events per page at most, whatever `limit` asks for. @default `limit`, else 10,000 */
  readonly pageSize?: number;
  /** Empty pages (with a nextToken) answered before each page of events, and before the end. @default 0 */
  readonly emptyPages?: number;
  /** Each page after the first starts with the last event of the page before. @default false */
  readonly repeatLastEvent?: boolean;
}

/** An error answer in the JSON protocol's shape. */
export interface CloudWatchLogsError {
  readonly type: string;
  readonly message: string;
  /** @default 400 */
  readonly status?: number;
}

export const THROTTLED: CloudWatchLogsError = { type: "ThrottlingException", message: "Rate exceeded" };

export interface FilterLogEventsRequestSeen {
  readonly target: string;
  readonly contentType: string;
  /** The request's JSON body: logGroupName, logStreamNamePrefix, startTime, endTime, limit, nextToken. */
  readonly body: Readonly<Record<string, unknown>>;
  /** Date.now() when the request arrived. */
  readonly arrivedAt: number;
  /** The access key id and region of the SigV4 credential scope; empty when the request was not signed. */
  readonly accessKeyId: string;
  readonly region: string;
}

export interface CloudWatchLogsServer {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  /** Every request answered, in order. */
  readonly requests: FilterLogEventsRequestSeen[];
  /** Adds events to a stream of a group (the group and stream are created when new). */
  putEvents(group: string, stream: string, events: readonly LogEventInput[]): void;
  /** Creates a log group with no streams. */
  createGroup(group: string): void;
  /** The next `count` requests are answered with this error. @default HTTP 400 ThrottlingException */
  failNext(count: number, error?: CloudWatchLogsError): void;
  /** Requests for this group are answered with HTTP 400 AccessDeniedException. */
  deny(group: string): void;
  close(): Promise<void>;
}

/** Credentials the server accepts (it checks none). */
export const CLOUDWATCH_LOGS_TEST_CREDENTIALS = {
  accessKeyId: "AKIAFLOWLENSLOGSTEST",
  secretAccessKey: "flowlens-test-logs-secret-key",
} as const;

export const GROUP_NOT_FOUND_MESSAGE = "The specified log group does not exist.";

const TARGET = "Logs_20140328.FilterLogEvents";
const CREDENTIAL_SCOPE = /Credential=([^/]+)\/\d{8}\/([^/]+)\/logs\//;

interface PageToken {
  readonly offset: number;
  /** Empty pages still to answer before the events at offset. */
  readonly empty: number;
}

export async function startCloudWatchLogsServer(
  options: CloudWatchLogsServerOptions = {},
): Promise<CloudWatchLogsServer> {
  const groups = new Map<string, StoredEvent[]>();
  const denied = new Set<string>();
  const requests: FilterLogEventsRequestSeen[] = [];
  let failing = 0;
  let failure = THROTTLED;
  let nextId = 0;

  const answer = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    let text = "";
    for await (const chunk of request) text += chunk;
    const arrivedAt = Date.now();
    const body = JSON.parse(text || "{}") as Record<string, unknown>;
    const target = String(request.headers["x-amz-target"] ?? "");
    const [, accessKeyId = "", region = ""] =
      CREDENTIAL_SCOPE.exec(request.headers.authorization ?? "") ?? [];
    const contentType = String(request.headers["content-type"] ?? "");
    requests.push({ target, contentType, body, arrivedAt, accessKeyId, region });
    if (target !== TARGET)
      return sendError(response, "UnknownOperationException", `Unknown operation ${target}`);
    if (failing > 0) {
      failing--;
      return sendError(response, failure.type, failure.message, failure.status);
    }
    const group = String(body.logGroupName ?? "");
    const events = groups.get(group);
    if (events === undefined)
      return sendError(response, "ResourceNotFoundException", GROUP_NOT_FOUND_MESSAGE);
    if (denied.has(group)) {
      return sendError(
        response,
        "AccessDeniedException",
        `User: arn:aws:iam::123456789012:user/flowlens is not authorized to perform: logs:FilterLogEvents on resource: arn:aws:logs:${region}:123456789012:log-group:${group}:log-stream: because no identity-based policy allows the logs:FilterLogEvents action`,
      );
    }
    const prefix = typeof body.logStreamNamePrefix === "string" ? body.logStreamNamePrefix : "";
    const start = typeof body.startTime === "number" ? body.startTime : Number.NEGATIVE_INFINITY;
    const end = typeof body.endTime === "number" ? body.endTime : Number.POSITIVE_INFINITY;
    const matching = events
      .filter((e) => e.logStreamName.startsWith(prefix) && e.timestamp >= start && e.timestamp <= end)
      .sort((a, b) => a.timestamp - b.timestamp || a.eventId.localeCompare(b.eventId));
    const emptyPages = options.emptyPages ?? 0;
    const token: PageToken =
      typeof body.nextToken === "string"
        ? (JSON.parse(Buffer.from(body.nextToken, "base64url").toString()) as PageToken)
        : { offset: 0, empty: emptyPages };
    const streams = [...new Set(matching.map((e) => e.logStreamName))].map((logStreamName) => ({
      logStreamName,
      searchedCompletely: true,
    }));
    if (token.empty > 0) {
      const next: PageToken = { offset: token.offset, empty: token.empty - 1 };
      return send(response, { events: [], searchedLogStreams: streams, nextToken: encode(next) });
    }
    const asked = typeof body.limit === "number" ? body.limit : 10_000;
    const size = Math.max(1, Math.min(asked, options.pageSize ?? asked));
    const from = options.repeatLastEvent && token.offset > 0 ? token.offset - 1 : token.offset;
    const page = matching.slice(from, token.offset + size);
    const offset = token.offset + size;
    const more = offset < matching.length;
    send(response, {
      events: page,
      searchedLogStreams: streams,
      ...(more ? { nextToken: encode({ offset, empty: emptyPages }) } : {}),
    });
  };

  const server = createServer((request, response) => {
    answer(request, response).catch((error: unknown) => {
      response.writeHead(500, { "content-type": "text/plain" }).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  server.unref();
  const { port } = server.address() as AddressInfo;
  let closed = false;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    putEvents: (group, stream, events) => {
      const stored = groups.get(group) ?? [];
      groups.set(group, stored);
      for (const e of events) {
        stored.push({
          eventId: e.eventId ?? String(++nextId).padStart(56, "3"),
          timestamp: e.timestamp,
          message: e.message,
          ingestionTime: e.ingestionTime ?? e.timestamp + 300_000,
          logStreamName: stream,
        });
      }
    },
    createGroup: (group) => {
      if (!groups.has(group)) groups.set(group, []);
    },
    failNext: (count, error = THROTTLED) => {
      failing = count;
      failure = error;
    },
    deny: (group) => {
      denied.add(group);
    },
    close: async () => {
      if (closed) return;
      closed = true;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function encode(token: PageToken): string {
  return Buffer.from(JSON.stringify(token)).toString("base64url");
}

function send(response: ServerResponse, body: Record<string, unknown>): void {
  response
    .writeHead(200, { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": randomUUID() })
    .end(JSON.stringify(body));
}

function sendError(response: ServerResponse, type: string, message: string, status = 400): void {
  response
    .writeHead(status, { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": randomUUID() })
    .end(JSON.stringify({ __type: type, message }));
}
