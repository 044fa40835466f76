/**
 * The one way user-written SQL runs (the CLI's `query` now; the web console and SQL alert rules later):
 * on a store opened by `openSandboxedStore`, one statement that only reads (`check-statement.ts`), under
 * a time limit (DuckDB has no per-query timeout: the connection is interrupted), with the rows handed
 * over chunk by chunk as DuckDB produces them, so no result is ever held whole in memory.
 *
 * @example
 * const store = await openSandboxedStore("flowlens.duckdb");
 * const query = await runSandboxedQuery(store, "SELECT day, count(*) FROM flows GROUP BY day", { maxRows: 100 });
 * for await (const rows of query.chunks) for (const row of rows) console.log(row);
 * if (query.cut) console.log("more than 100 rows");
 */
import { type DuckDBResult, type DuckDBValue, listValue, StatementType } from "@duckdb/node-api";
import { FlowlensError } from "../errors.js";
import { type DuckDbStore, type JsonRow, plainRows } from "../store/duckdb/duckdb-store.js";
import { checkStatement, READ_ONLY_RULE } from "./check-statement.js";
import { sandboxSettings } from "./open-sandboxed-store.js";
import { type SandboxHints, sandboxError } from "./sandbox-error.js";
import { TimeLimit } from "./time-limit.js";

/** @default 300 s */
export const DEFAULT_TIMEOUT_MS = 300_000;

export interface SandboxedQueryOptions {
  /** Hand over at most this many rows; `cut` then says whether there were more. @default every row */
  readonly maxRows?: number;
  /** Stop the query after this long, reading its rows included. @default DEFAULT_TIMEOUT_MS */
  readonly timeoutMs?: number;
  /** Values for `$name` parameters in the SQL. @default none */
  readonly params?: Readonly<Record<string, DuckDBValue>>;
  /** How the caller's users can lift a limit, appended to the refusal. @default generic hints */
  readonly hints?: SandboxHints;
}

export interface SandboxedQuery {
  /** The result's column names (a repeated name gets a `:1` suffix, as in the row objects). */
  readonly columns: readonly string[];
  /** DuckDB's type of each column (`BIGINT`, `VARCHAR`, `DATE` …), in the same order. */
  readonly columnTypes: readonly string[];
  /** The rows as plain objects (see DuckDbStore.rows), in chunks of at most 2048, fetched as read. */
  readonly chunks: AsyncIterable<JsonRow[]>;
  /** After `chunks` ended: whether rows beyond maxRows were left out. */
  readonly cut: boolean;
}

const READS = new Set<StatementType>([StatementType.SELECT, StatementType.EXPLAIN]);

/** The settings a sandboxed store must have, whichever way it treats local files. */
const REQUIRED: Readonly<Record<string, string>> = {
  ...Object.fromEntries(
    Object.entries(sandboxSettings(false)).filter(([name]) => name !== "enable_external_access"),
  ),
  access_mode: "read_only",
};

/** A store not opened by openSandboxedStore is a programming error, not the user's. */
async function assertSandboxed(store: DuckDbStore): Promise<void> {
  const settings = await store.rows<{ name: string; value: string }>(
    "SELECT name, lower(value) AS value FROM duckdb_settings() WHERE list_contains($names, name)",
    { names: listValue(Object.keys(REQUIRED)) },
  );
  const wrong = Object.entries(REQUIRED).filter(
    ([name, value]) => settings.find((s) => s.name === name)?.value !== value,
  );
  if (wrong.length > 0) {
    throw new Error(
      `runSandboxedQuery needs a store opened by openSandboxedStore; ${wrong.map(([n, v]) => `${n} is not ${v}`).join(", ")}`,
    );
  }
}

export async function runSandboxedQuery(
  store: DuckDbStore,
  sql: string,
  options: SandboxedQueryOptions = {},
): Promise<SandboxedQuery> {
  await assertSandboxed(store);
  const hints = options.hints ?? {};
  const limit = new TimeLimit(store.connection, options.timeoutMs ?? DEFAULT_TIMEOUT_MS, hints.timeout);
  let result: DuckDBResult;
  try {
    const extracted = await checkStatement(store.connection, sql, hints);
    const prepared = await extracted.prepare(0);
    try {
      if (!READS.has(prepared.statementType)) {
        throw new FlowlensError("FLOWLENS_QUERY_REFUSED", `the query is not a read, and ${READ_ONLY_RULE}`);
      }
      if (options.params) prepared.bind({ ...options.params });
      result = await prepared.stream();
    } finally {
      prepared.destroySync();
    }
  } catch (error) {
    limit.stop();
    throw limit.expired ? limit.error() : sandboxError(error, hints);
  }
  const columns = result.deduplicatedColumnNames();
  const toRows = plainRows(columns, result.columnTypes());
  const state = { cut: false };
  const maxRows = options.maxRows ?? Number.POSITIVE_INFINITY;
  async function* chunks(): AsyncGenerator<JsonRow[]> {
    const source = result.yieldRowObjectJson();
    let handed = 0;
    try {
      while (true) {
        if (limit.expired) throw limit.error();
        let next: IteratorResult<Record<string, unknown>[]>;
        try {
          next = await source.next();
        } catch (error) {
          throw limit.expired ? limit.error() : sandboxError(error, hints);
        }
        if (next.done) return;
        const rows = next.value;
        if (rows.length === 0) continue;
        if (handed + rows.length > maxRows) {
          state.cut = true;
          if (handed < maxRows) yield toRows(rows.slice(0, maxRows - handed));
          return;
        }
        handed += rows.length;
        yield toRows(rows);
        if (handed === maxRows) {
          // One more chunk says whether anything was left out.
          const more = await source.next().catch(() => ({ done: true, value: [] }));
          state.cut = !more.done && more.value.length > 0;
          return;
        }
      }
    } finally {
      limit.stop();
    }
  }
  return {
    columns,
    columnTypes: result.columnTypes().map((type) => type.toString()),
    chunks: chunks(),
    get cut() {
      return state.cut;
    },
  };
}
