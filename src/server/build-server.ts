/**
 * The HTTP side of `flowlens serve`, built by one factory so that tests can `inject` requests or listen on
 * a real socket: `POST <firehosePath>` (the Firehose HTTP endpoint contract), `POST /awslogs` (a CloudWatch
 * Logs subscription payload from a forwarder, e.g. a Lambda function's `{"awslogs": {"data": …}}` event),
 * `GET /healthz` (the process answers) and `GET /readyz` (it can take deliveries now).
 */
import { createHash } from "node:crypto";
import { PassThrough, type Readable, type Transform } from "node:stream";
import { createGunzip } from "node:zlib";
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from "fastify";
import type { AccessCheck } from "./access-key.js";
import { badRequest, DeliveryError } from "./delivery-error.js";
import { readFirehoseRequest } from "./firehose/firehose-request.js";
import type { StreamReceiver } from "./stream-receiver.js";

/** Firehose sends at most 64 MiB before compression. */
export const MAX_BODY_BYTES = 64 * 2 ** 20;
/** Firehose waits 3 minutes for an answer; 64 MiB in a minute is about 9 Mbit/s. */
export const BODY_TIMEOUT_MS = 60_000;

export interface Readiness {
  readonly ready: boolean;
  /** Why not, when not. */
  readonly reason?: string;
  readonly [detail: string]: unknown;
}

export interface ServerOptions {
  readonly firehosePath: string;
  readonly accessCheck: AccessCheck;
  readonly receiver: StreamReceiver;
  /** Whether a delivery can be taken now (spool below its limit, store loading). */
  readonly readiness: () => Readiness;
  readonly maxConcurrentRequests: number;
  /** @default MAX_BODY_BYTES */
  readonly maxBodyBytes?: number;
  /** How long a body may take to arrive. @default BODY_TIMEOUT_MS */
  readonly bodyTimeoutMs?: number;
  /** Passed to Fastify: its logger (never given the access key), https, timeouts. */
  readonly fastify?: FastifyServerOptions & { https?: { key: Buffer; cert: Buffer } };
}

const ACCESS_HEADERS = ['req.headers["x-amz-firehose-access-key"]', "req.headers.authorization"];

/**
 * The body as the parser reads it: gunzipped when it is gzip, and cut off with a 408 when it has not all
 * arrived within `deadlineMs` (a client that trickles its body would otherwise hold a request slot).
 */
function bodyStream(payload: Readable, gzip: boolean, deadlineMs: number): Readable {
  const body = (gzip ? createGunzip() : new PassThrough()) as Transform & { receivedEncodedLength: number };
  body.receivedEncodedLength = 0;
  payload.on("data", (chunk: Buffer) => {
    body.receivedEncodedLength += chunk.length;
  });
  payload.on("error", (error) => body.destroy(error));
  const timer = setTimeout(() => {
    payload.unpipe(body);
    body.destroy(new DeliveryError(408, `the body did not arrive within ${deadlineMs / 1000} s`));
  }, deadlineMs);
  body.once("close", () => clearTimeout(timer));
  payload.once("end", () => clearTimeout(timer));
  return payload.pipe(body);
}

/** The Firehose response: `{"requestId", "timestamp", "errorMessage"?}`, JSON, never compressed. */
function answer(reply: FastifyReply, status: number, requestId: string, errorMessage?: string): FastifyReply {
  return reply
    .code(status)
    .type("application/json")
    .send({ requestId, timestamp: Date.now(), ...(errorMessage === undefined ? {} : { errorMessage }) });
}

const requestIdOf = (request: FastifyRequest): string => {
  const id = request.headers["x-amz-firehose-request-id"];
  return typeof id === "string" ? id : "";
};

const sizeText = (bytes: number) => (bytes % 2 ** 20 === 0 ? `${bytes / 2 ** 20} MiB` : `${bytes} bytes`);

/** A Fastify or zlib error as the status and sentence a sender is told. */
function deliveryErrorOf(error: unknown, maxBodyBytes: number): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const { code, statusCode } = error as { code?: string; statusCode?: number };
  if (code === "FST_ERR_CTP_BODY_TOO_LARGE" || code === "ERR_BUFFER_TOO_LARGE")
    return new DeliveryError(413, `the body is larger than ${sizeText(maxBodyBytes)}`);
  if (code === "FST_ERR_CTP_INVALID_MEDIA_TYPE")
    return new DeliveryError(415, "the body must be Content-Type application/json");
  if (code === "Z_DATA_ERROR" || code === "Z_BUF_ERROR")
    return badRequest("the body is Content-Encoding gzip but not a complete gzip stream");
  if (code === "FST_ERR_CTP_EMPTY_JSON_BODY") return badRequest("the body is empty");
  if (typeof statusCode === "number" && statusCode >= 400 && statusCode < 500)
    return new DeliveryError(statusCode, (error as Error).message);
  return new DeliveryError(500, `flowlens could not store the records: ${(error as Error).message}`);
}

export function buildServer(options: ServerOptions): FastifyInstance {
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const app = Fastify({
    bodyLimit: maxBodyBytes,
    // Firehose waits 3 minutes for an answer; a client that sends slower than this is cut off.
    requestTimeout: 120_000,
    connectionTimeout: 150_000,
    ...options.fastify,
    ...(options.fastify?.logger && typeof options.fastify.logger === "object"
      ? { logger: { ...options.fastify.logger, redact: ACCESS_HEADERS } }
      : {}),
  }) as unknown as FastifyInstance;

  let inFlight = 0;
  const counted = new WeakSet<FastifyRequest>();
  app.get("/healthz", async () => ({ ok: true }));
  app.get("/readyz", async (_request, reply) => {
    const readiness = options.readiness();
    return reply.code(readiness.ready ? 200 : 503).send(readiness);
  });

  app.register(async (deliveries) => {
    deliveries.removeAllContentTypeParsers();
    deliveries.addContentTypeParser(
      ["application/json", "application/json; charset=utf-8"],
      { parseAs: "buffer", bodyLimit: maxBodyBytes },
      (_request, body, done) => done(null, body),
    );
    // Refused before the body is read: a wrong key, more requests than the server decodes at once, a full spool.
    deliveries.addHook("onRequest", async (request, reply) => {
      if (!options.accessCheck(request.headers)) {
        return answer(reply, 401, requestIdOf(request), "the access key is missing or wrong");
      }
      const readiness = options.readiness();
      if (!readiness.ready || inFlight >= options.maxConcurrentRequests) {
        reply.header("retry-after", "5");
        return answer(reply, 503, requestIdOf(request), readiness.reason ?? "flowlens is busy; retry");
      }
      inFlight++;
      counted.add(request);
    });
    const uncount = async (request: FastifyRequest) => {
      if (counted.delete(request)) inFlight--;
    };
    deliveries.addHook("onResponse", uncount);
    deliveries.addHook("onRequestAbort", uncount);
    deliveries.addHook("preParsing", async (request, _reply, payload) => {
      const encoding = request.headers["content-encoding"];
      if (encoding !== undefined && encoding !== "identity" && encoding !== "gzip") {
        throw new DeliveryError(415, `Content-Encoding ${encoding} is not supported; use gzip or none`);
      }
      return bodyStream(payload, encoding === "gzip", options.bodyTimeoutMs ?? BODY_TIMEOUT_MS);
    });
    deliveries.setErrorHandler((error, request, reply) => {
      const failure = deliveryErrorOf(error, maxBodyBytes);
      if (failure.status >= 500) request.log.error({ err: error }, "delivery not stored");
      return answer(reply, failure.status, requestIdOf(request), failure.message);
    });

    deliveries.post(options.firehosePath, async (request, reply) => {
      const delivery = readFirehoseRequest(request.headers, request.body as Buffer);
      const received = await options.receiver.receive(
        {
          key: `firehose:${delivery.requestId}`,
          requestId: delivery.requestId,
          endpoint: "firehose",
          deliveryStream: delivery.deliveryStream,
          sourceArn: delivery.sourceArn,
          commonAttributes: delivery.commonAttributes,
          receivedAt: Date.now(),
        },
        delivery.records,
      );
      request.log.info({ requestId: delivery.requestId, ...received }, "delivery stored");
      return answer(reply, 200, delivery.requestId);
    });

    deliveries.post("/awslogs", async (request, reply) => {
      let data: unknown;
      try {
        data = (JSON.parse((request.body as Buffer).toString("utf8")) as { awslogs?: { data?: unknown } })
          ?.awslogs?.data;
      } catch {
        throw badRequest("the body is not JSON");
      }
      if (typeof data !== "string") throw badRequest('the body is not {"awslogs": {"data": "<base64>"}}');
      // A forwarder's retry sends the same payload: its hash is the request's identity.
      const requestId = createHash("sha256").update(data).digest("hex");
      const received = await options.receiver.receive(
        {
          key: `awslogs:${requestId}`,
          requestId,
          endpoint: "awslogs",
          deliveryStream: null,
          sourceArn: null,
          commonAttributes: null,
          receivedAt: Date.now(),
        },
        [data],
      );
      request.log.info({ requestId, ...received }, "delivery stored");
      return answer(reply, 200, requestId);
    });
  });
  return app;
}
