/**
 * `flowlens query`: run one read-only SQL statement on the store in the query sandbox
 * (`sql-sandbox/`) and stream its rows to stdout as a table, CSV or JSON.
 */
import type { Command } from "commander";
import { wholeNumberFlag } from "../config/whole-number.js";
import { FlowlensError } from "../errors.js";
import { openSandboxedStore } from "../sql-sandbox/open-sandboxed-store.js";
import {
  DEFAULT_TIMEOUT_MS,
  runSandboxedQuery,
  type SandboxedQuery,
} from "../sql-sandbox/run-sandboxed-query.js";
import { backendOf, openStore } from "../store/backends.js";
import type { ClickHouseStore } from "../store/clickhouse/clickhouse-store.js";
import type { CliContext } from "./context.js";
import { OUTPUT_FORMATS, type OutputFormat } from "./format-output.js";
import { outputSink } from "./output-sink.js";
import { action } from "./program.js";
import { writeQueryRows } from "./write-query-rows.js";

interface QueryFlags {
  readonly output?: string;
  readonly maxRows?: string;
  readonly timeout?: string;
  readonly allowLocalFiles?: boolean;
}

/** Rows a table shows unless --max-rows says otherwise (a table is laid out from all its rows). */
export const DEFAULT_TABLE_ROWS = 1000;

/** The longest --timeout: one day (Node's timers end at about 24.8 days, and a query has no business longer). */
export const MAX_TIMEOUT_S = 86_400;

export function registerQuery(program: Command, setExitCode: (code: number) => void): void {
  program
    .command("query")
    .description(
      "Run one read-only SQL statement on the store. Tables: flows, flow_rollup and hourly_rollup (partial sums per day: GROUP BY and sum), sources, rejects, ingest_runs, addresses, inventory_*.",
    )
    .argument("<sql>", "the SQL statement, quoted")
    .option("-o, --output <format>", `table, csv or json (default: table, or json with --json)`)
    .option(
      "--max-rows <n>",
      `print at most n rows (default: ${DEFAULT_TABLE_ROWS} for a table, all for csv and json)`,
    )
    .option(
      "--timeout <seconds>",
      `stop the query after this long, 1 to ${MAX_TIMEOUT_S} (default: ${DEFAULT_TIMEOUT_MS / 1000})`,
    )
    .option(
      "--allow-local-files",
      "let DuckDB's file functions (read_csv, read_parquet, read_text, glob …) read files on this machine; the query still cannot write",
    )
    .addHelpText(
      "after",
      `
Queries only read: one SELECT (or WITH, FROM, VALUES, DESCRIBE, SHOW, SUMMARIZE, or EXPLAIN of one).
Files, extensions, settings and writes are refused; rows stream to stdout as they are read.

Examples:
  flowlens query "SELECT day, count(*) AS records, sum(bytes) AS bytes FROM flows GROUP BY day ORDER BY day"
  flowlens query "SELECT * FROM flows WHERE action = 'REJECT'" --output csv > rejects.csv
  flowlens query "SELECT * FROM read_csv('hosts.csv')" --allow-local-files`,
    )
    .action(action<QueryFlags>(queryCommand, setExitCode));
}

async function queryCommand(ctx: CliContext, flags: QueryFlags, args: string[]): Promise<number> {
  const format = (flags.output ?? (ctx.json ? "json" : "table")) as OutputFormat;
  if (!OUTPUT_FORMATS.includes(format)) {
    throw new FlowlensError("FLOWLENS_USAGE", `--output ${flags.output} is not a format`, {
      hint: `use one of ${OUTPUT_FORMATS.join(", ")}`,
    });
  }
  const maxRows =
    flags.maxRows === undefined
      ? format === "table"
        ? DEFAULT_TABLE_ROWS
        : undefined
      : wholeNumberFlag("--max-rows", flags.maxRows, { unit: "rows" });
  const timeoutMs =
    flags.timeout === undefined
      ? DEFAULT_TIMEOUT_MS
      : wholeNumberFlag("--timeout", flags.timeout, { max: MAX_TIMEOUT_S, unit: "seconds", why: "one day" }) *
        1000;
  const options = {
    maxRows,
    timeoutMs,
    hints: {
      localFiles: "to read files on this machine, pass --allow-local-files",
      timeout: "narrow it (filter on day, add LIMIT), or allow more time with --timeout SECONDS",
    },
  };
  if (backendOf(ctx.config) === "clickhouse") {
    if (flags.allowLocalFiles) {
      throw new FlowlensError(
        "FLOWLENS_USAGE",
        `--allow-local-files reads files on this machine with DuckDB, and the store is the ClickHouse store ${ctx.config.store}`,
        { hint: "on ClickHouse, queries read only the store's tables; drop the flag" },
      );
    }
    // Loaded only for a ClickHouse store, so the client costs DuckDB users no startup time.
    const { runClickHouseQuery } = await import("../sql-sandbox/run-clickhouse-query.js");
    // The server stops the query at its limit; the request waits a little longer for that answer.
    const store = await openStore(ctx.config, { requestTimeoutMs: timeoutMs + 30_000 });
    try {
      const query = await runClickHouseQuery(store as ClickHouseStore, args[0] ?? "", {
        ...options,
        hints: { ...options.hints, localFiles: "on ClickHouse, queries read only the store's tables" },
      });
      return await printRows(ctx, format, query, maxRows);
    } finally {
      await store.close();
    }
  }
  const store = await openSandboxedStore(ctx.config.db, {
    memoryLimit: ctx.config.memoryLimit,
    threads: ctx.config.threads,
    allowLocalFiles: flags.allowLocalFiles,
    ...ctx.storeLockWait,
  });
  try {
    return await printRows(ctx, format, await runSandboxedQuery(store, args[0] ?? "", options), maxRows);
  } finally {
    store.close();
  }
}

async function printRows(
  ctx: CliContext,
  format: OutputFormat,
  query: SandboxedQuery,
  maxRows: number | undefined,
): Promise<number> {
  const rows = await writeQueryRows(format, query, outputSink(process.stdout));
  if (query.cut && format === "table") {
    ctx.out(
      `(the first ${rows} rows; the query has more — add LIMIT or --max-rows N, or use --output csv or json for every row)`,
    );
  } else if (query.cut) {
    ctx.err(`flowlens: printed the first ${rows} rows (--max-rows ${maxRows}); the query has more`);
  }
  return 0;
}
