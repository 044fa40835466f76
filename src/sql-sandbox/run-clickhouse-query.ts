/**
 * User-written SQL on a ClickHouse store (`flowlens query`, the dashboard's SQL console): the server is
 * the sandbox. The statement runs with `readonly = 1` (only reads; no SET or SETTINGS, so the limits
 * cannot be lifted from the SQL; no table functions, so no file(), url() or remote()), under
 * `max_execution_time` (the server stops it) and, with `maxRows`, `max_result_rows` with
 * `result_overflow_mode = 'break'` (the server stops producing rows near the cap). HTTP takes one statement
 * per request. Rows are handed over chunk by chunk as the server sends them, in the same shape as DuckDB's
 * sandbox (run-sandboxed-query.ts), so callers print or answer them the same way.
 */
import type { ClickHouseSettings } from "@clickhouse/client";
import { FlowlensError } from "../errors.js";
import { type ClickHouseStore, serverCode } from "../store/clickhouse/clickhouse-store.js";
import type { JsonRow } from "../store/store.js";
import {
  DEFAULT_TIMEOUT_MS,
  type SandboxedQuery,
  type SandboxedQueryOptions,
} from "./run-sandboxed-query.js";
import { queryTimeoutError } from "./time-limit.js";

/** ClickHouse's error codes the sandbox words itself. */
const TIMEOUT_EXCEEDED = "159";
const READONLY = "164";
const SYNTAX_ERROR = "62";

export const CLICKHOUSE_READ_ONLY_RULE =
  "flowlens runs only queries that read on ClickHouse: one SELECT, SHOW, DESCRIBE or EXISTS, with the server's readonly mode";

function serverMessage(error: unknown): string {
  const cause = error instanceof Error && error.cause !== undefined ? error.cause : error;
  const text = cause instanceof Error ? cause.message : String(cause);
  return (text.split("\n")[0] ?? "")
    .replace(/^Code: \d+, e\.displayText\(\) = DB::Exception: /, "")
    .replace(/, e\.what\(\) = DB::Exception$/, "");
}

function sandboxFailure(error: unknown, timeoutMs: number, options: SandboxedQueryOptions): FlowlensError {
  const code = serverCode(error);
  const message = serverMessage(error);
  const hints = options.hints ?? {};
  if (code === TIMEOUT_EXCEEDED)
    return queryTimeoutError(timeoutMs, hints.timeout ?? "narrow it: filter on day, or add LIMIT");
  if (code === READONLY && /table functions/i.test(message)) {
    return new FlowlensError(
      "FLOWLENS_QUERY_REFUSED",
      "the query uses a table function, and queries may use only the store's tables",
      { hint: hints.localFiles ?? "SHOW TABLES lists what queries can read", cause: error },
    );
  }
  if (code === READONLY) {
    return new FlowlensError(
      "FLOWLENS_QUERY_REFUSED",
      `the query is not a read (${message}), and ${CLICKHOUSE_READ_ONLY_RULE}`,
      {
        hint: "queries may only read",
        cause: error,
      },
    );
  }
  if (code === SYNTAX_ERROR && /Multi-statements/.test(message)) {
    return new FlowlensError(
      "FLOWLENS_QUERY_REFUSED",
      "the query has more than one statement, and flowlens runs one statement at a time",
      { hint: "run them one by one", cause: error },
    );
  }
  if (error instanceof FlowlensError && error.code !== "FLOWLENS_QUERY_FAILED") return error;
  return new FlowlensError("FLOWLENS_QUERY_FAILED", `the query failed: ${message}`, {
    hint: 'check the SQL; `flowlens query "DESCRIBE flows"` lists the columns',
    cause: error,
  });
}

export async function runClickHouseQuery(
  store: ClickHouseStore,
  sql: string,
  options: SandboxedQueryOptions = {},
): Promise<SandboxedQuery> {
  const text = sql.trim().replace(/;\s*$/, "");
  if (text === "") {
    throw new FlowlensError("FLOWLENS_USAGE", "the query is empty", {
      hint: "give one SQL statement, e.g. SELECT count() FROM flows",
    });
  }
  if (options.params && Object.keys(options.params).length > 0) {
    throw new Error("runClickHouseQuery takes no parameters: 18.16 binds none on the server");
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxRows = options.maxRows ?? Number.POSITIVE_INFINITY;
  const settings = {
    max_execution_time: Math.max(1, Math.ceil(timeoutMs / 1000)),
    ...(Number.isFinite(maxRows)
      ? { max_result_rows: String(maxRows + 1), result_overflow_mode: "break" }
      : {}),
    // Last, so the limits above are set before the session turns read-only.
    readonly: "1",
  } as ClickHouseSettings;
  // The columns and their types, from the server's description of the query (under the same limits).
  const describe = store
    .streamRows(`DESCRIBE (${text})`, settings)
    .then(async (described) => {
      const rows: JsonRow[] = [];
      for await (const chunk of described.chunks) rows.push(...chunk);
      return rows as { name: string; type: string }[];
    })
    .catch(() => undefined);
  let stream: Awaited<ReturnType<ClickHouseStore["streamRows"]>>;
  try {
    stream = await store.streamRows(text, settings);
  } catch (error) {
    throw sandboxFailure(error, timeoutMs, options);
  }
  const described = await describe;
  const reader = stream.chunks;
  // The first chunk is read now: without DESCRIBE's answer (SHOW, EXISTS), it names the columns.
  let first: IteratorResult<JsonRow[]>;
  try {
    first = await reader.next();
  } catch (error) {
    throw sandboxFailure(error, timeoutMs, options);
  }
  const columns = described?.map((c) => c.name) ?? Object.keys(first.done ? {} : (first.value[0] ?? {}));
  const columnTypes = described?.map((c) => c.type) ?? columns.map(() => "");
  const state = { cut: false };
  async function* chunks(): AsyncGenerator<JsonRow[]> {
    let handed = 0;
    let next = first;
    try {
      while (!next.done) {
        const rows = next.value;
        if (handed + rows.length > maxRows) {
          state.cut = true;
          if (handed < maxRows) yield rows.slice(0, maxRows - handed);
          return;
        }
        handed += rows.length;
        if (rows.length > 0) yield rows;
        try {
          next = await reader.next();
        } catch (error) {
          throw sandboxFailure(error, timeoutMs, options);
        }
      }
    } finally {
      if (!next.done) stream.cancel();
    }
  }
  return {
    columns,
    columnTypes,
    chunks: chunks(),
    get cut() {
      return state.cut;
    },
  };
}
