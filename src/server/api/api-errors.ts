/**
 * How the dashboard's API answers a failure: `{"error", "code", "hint"?}` (the CLI's `--json` error shape)
 * with an HTTP status by the error's code. Parameters that do not validate are 400 naming the parameter;
 * anything that is not a FlowlensError is 500 with a generic sentence (the log has the details).
 */
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { type ErrorCode, FlowlensError } from "../../errors.js";

const STATUS_OF: Partial<Record<ErrorCode, number>> = {
  FLOWLENS_USAGE: 400,
  FLOWLENS_QUERY_REFUSED: 400,
  FLOWLENS_QUERY_FAILED: 400,
  FLOWLENS_QUERY_TIMEOUT: 400,
  FLOWLENS_UNAUTHORIZED: 401,
  FLOWLENS_HOST_REFUSED: 403,
  FLOWLENS_NOT_FOUND: 404,
  FLOWLENS_STORE_LOCKED: 503,
  FLOWLENS_STORE_OPEN_FAILED: 503,
  FLOWLENS_STORE_UNREACHABLE: 503,
  // A feature the store's backend does not have yet (the trends on ClickHouse).
  FLOWLENS_STORE_UNSUPPORTED: 501,
};

export interface ApiErrorBody {
  readonly error: string;
  readonly code: string;
  readonly hint?: string;
}

export function apiErrorHandler(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof FlowlensError) {
    const status = STATUS_OF[error.code] ?? 500;
    if (status === 503) reply.header("retry-after", "2");
    if (status >= 500) request.log.error({ err: error }, "dashboard API request failed");
    return reply
      .code(status)
      .send({ error: error.message, code: error.code, ...(error.hint ? { hint: error.hint } : {}) });
  }
  const { statusCode, code } = error as FastifyError;
  if (typeof statusCode === "number" && statusCode >= 400 && statusCode < 500) {
    // Fastify's own refusals (a body that is not JSON, too large, a wrong content type).
    return reply.code(statusCode).send({ error: error.message, code: code ?? "FLOWLENS_USAGE" });
  }
  request.log.error({ err: error }, "dashboard API request failed");
  return reply
    .code(500)
    .send({ error: "flowlens could not answer: see the server's log", code: "FLOWLENS_INTERNAL" });
}
