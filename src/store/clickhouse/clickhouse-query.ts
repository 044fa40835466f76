/**
 * `flowlens query` on ClickHouse. The server is the sandbox: every statement runs with `readonly = 1`,
 * which refuses writes, DDL, settings and table functions (file, url, remote …: no files or hosts can be
 * reached through it), and `max_execution_time` is the time limit. Rows stream as the server sends them;
 * the first row's keys name the columns (a result with no rows has none).
 */
import { FlowlensError } from "../../errors.js";
import type { SandboxedQuery } from "../../sql-sandbox/run-sandboxed-query.js";
import type { JsonRow } from "../store.js";
import type { ClickHouseStore } from "./clickhouse-store.js";

export interface ClickHouseQueryOptions {
  /** Hand over at most this many rows; `cut` then says whether there were more. @default every row */
  readonly maxRows?: number;
  /** @default 300 s */
  readonly timeoutMs?: number;
  /** How to allow more time, said when the query is stopped. */
  readonly timeoutHint?: string;
}

const TIMEOUT_CODE = /^Code: 159\b|Timeout exceeded/;

export async function runClickHouseQuery(
  store: ClickHouseStore,
  sql: string,
  options: ClickHouseQueryOptions = {},
): Promise<SandboxedQuery> {
  const timeoutMs = options.timeoutMs ?? 300_000;
  const rows = store.streamRows(sql, {
    readonly: 1,
    max_execution_time: Math.max(1, Math.ceil(timeoutMs / 1000)),
  });
  // The first chunk is read here, so a refused statement fails before anything is printed.
  let first: IteratorResult<JsonRow[]>;
  try {
    first = await rows.next();
  } catch (error) {
    throw refusal(error, timeoutMs, options.timeoutHint);
  }
  const columns = first.done ? [] : Object.keys(first.value[0] ?? {});
  const state = { cut: false };
  async function* chunks(): AsyncGenerator<JsonRow[]> {
    let left = options.maxRows ?? Number.POSITIVE_INFINITY;
    try {
      for (let next = first; !next.done; next = await rows.next()) {
        if (next.value.length > left) {
          state.cut = true;
          if (left > 0) yield next.value.slice(0, left);
          return;
        }
        left -= next.value.length;
        if (next.value.length > 0) yield next.value;
        if (left === 0) {
          const more = await rows.next();
          state.cut = !more.done && more.value.length > 0;
          return;
        }
      }
    } catch (error) {
      throw refusal(error, timeoutMs, options.timeoutHint);
    } finally {
      await rows.return(undefined);
    }
  }
  return {
    columns,
    columnTypes: columns.map(() => ""),
    chunks: chunks(),
    get cut() {
      return state.cut;
    },
  };
}

function refusal(error: unknown, timeoutMs: number, hint?: string): unknown {
  if (error instanceof FlowlensError && TIMEOUT_CODE.test(error.message.replace(/^.*?: /, ""))) {
    return new FlowlensError(
      "FLOWLENS_QUERY_TIMEOUT",
      `the query ran longer than its time limit of ${timeoutMs / 1000} s and was stopped`,
      { hint: hint ?? "narrow it: filter on day, or add LIMIT" },
    );
  }
  if (error instanceof FlowlensError && /readonly mode/.test(error.message)) {
    return new FlowlensError(
      "FLOWLENS_QUERY_REFUSED",
      `${error.message.replace(/^.*DB::Exception: /, "").replace(/, e\.what\(\).*$/, "")}: queries on the ClickHouse store only read its tables`,
      { hint: "write a SELECT over flows, flow_rollup, hourly_rollup, sources, rejects or ingest_runs" },
    );
  }
  return error;
}
