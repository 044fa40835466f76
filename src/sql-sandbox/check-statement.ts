/**
 * Decides whether user-written SQL is one statement that only reads, using DuckDB's own parser: the
 * text must serialize as a SELECT (`json_serialize_sql` accepts nothing else: SELECT, WITH, FROM-first,
 * VALUES, DESCRIBE, SHOW, SUMMARIZE, PIVOT … IN), or be EXPLAIN [ANALYZE] of one; the extracted
 * statement count must be one; and no function that changes the instance may appear anywhere in it.
 * Nothing is bound (prepared) before the checks pass, because binding some statements already acts
 * (EXPORT DATABASE creates its directory).
 */
import type { DuckDBConnection, DuckDBExtractedStatements } from "@duckdb/node-api";
import { FlowlensError } from "../errors.js";
import { type SandboxHints, sandboxError } from "./sandbox-error.js";
import { leadingKeyword, refusalFor } from "./statement-refusals.js";

/** Table functions that act on the instance although they are called from a SELECT. */
const FORBIDDEN_FUNCTIONS = new Set([
  "enable_logging", // can write log files, and breaks every later query when it cannot
  "disable_logging",
  "truncate_duckdb_logs",
  "enable_profiling",
  "disable_profiling",
  "enable_peg_parser",
  "disable_peg_parser",
  "checkpoint",
  "force_checkpoint",
  "query", // runs SQL text this check never sees
  "json_execute_serialized_sql",
  "arrow_scan", // reads memory at an address it is given
  "arrow_scan_dumb",
]);

export const READ_ONLY_RULE =
  "flowlens runs only queries that read: one SELECT, WITH, FROM, VALUES, DESCRIBE, SHOW, SUMMARIZE or EXPLAIN of one";

const EXPLAIN_PREFIX =
  /^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*EXPLAIN(?:\s+ANALY[SZ]E)?(?:\s*\([^)]*\))?\s/i;

interface Serialized {
  readonly error: boolean;
  readonly error_type?: string;
  readonly error_message?: string;
  readonly statements?: unknown[];
}

async function serialize(connection: DuckDBConnection, sql: string): Promise<Serialized> {
  const reader = await connection.runAndReadAll("SELECT json_serialize_sql($sql::VARCHAR) AS tree", { sql });
  return JSON.parse(String(reader.getRowObjectsJson()[0]?.tree)) as Serialized;
}

/** Every function name in a parse tree, lower-case. */
function functionNames(tree: unknown, names = new Set<string>()): Set<string> {
  if (Array.isArray(tree)) for (const node of tree) functionNames(node, names);
  else if (tree && typeof tree === "object") {
    const name = (tree as { function_name?: unknown }).function_name;
    if (typeof name === "string") names.add(name.toLowerCase());
    for (const value of Object.values(tree)) functionNames(value, names);
  }
  return names;
}

function refuse(sql: string, prefix = ""): never {
  const { what, hint } = refusalFor(sql);
  throw new FlowlensError("FLOWLENS_QUERY_REFUSED", `the query is ${prefix}${what}, and ${READ_ONLY_RULE}`, {
    hint,
  });
}

/** The parse tree of a read, or of the statement an EXPLAIN reads; refuses anything else. */
async function readTree(connection: DuckDBConnection, sql: string, parsed: Serialized): Promise<unknown> {
  if (!parsed.error) return parsed.statements;
  const explained = EXPLAIN_PREFIX.exec(sql);
  if (!explained) refuse(sql);
  const inner = sql.slice(explained[0].length);
  const innerParsed = await serialize(connection, inner);
  if (innerParsed.error || innerParsed.statements?.length !== 1) refuse(inner, "an EXPLAIN of ");
  return innerParsed.statements;
}

/**
 * The one statement of `sql`, extracted and not yet prepared, if it only reads.
 * @throws FlowlensError FLOWLENS_USAGE (empty), FLOWLENS_QUERY_FAILED (syntax), FLOWLENS_QUERY_REFUSED
 */
export async function checkStatement(
  connection: DuckDBConnection,
  sql: string,
  hints: SandboxHints = {},
): Promise<DuckDBExtractedStatements> {
  const parsed = await serialize(connection, sql);
  if (parsed.error && parsed.error_type === "parser") {
    throw new FlowlensError(
      "FLOWLENS_QUERY_FAILED",
      `the query failed: Parser Error: ${parsed.error_message}`,
      {
        hint: 'check the SQL; `flowlens query "DESCRIBE flows"` lists the columns',
      },
    );
  }
  if (!parsed.error && parsed.statements?.length === 0) {
    throw new FlowlensError("FLOWLENS_USAGE", "the query is empty", {
      hint: "give one SQL statement, e.g. SELECT count(*) FROM flows",
    });
  }
  let extracted: DuckDBExtractedStatements;
  try {
    extracted = await connection.extractStatements(sql);
  } catch (error) {
    throw sandboxError(error, hints);
  }
  if (extracted.count !== 1) {
    if (leadingKeyword(sql) === "PIVOT") refuse(sql);
    throw new FlowlensError(
      "FLOWLENS_QUERY_REFUSED",
      `the query has ${extracted.count} statements, and flowlens runs one statement at a time`,
      { hint: "run them one by one" },
    );
  }
  const tree = await readTree(connection, sql, parsed);
  const forbidden = [...functionNames(tree)].filter((name) => FORBIDDEN_FUNCTIONS.has(name));
  if (forbidden.length > 0) {
    throw new FlowlensError(
      "FLOWLENS_QUERY_REFUSED",
      `the query calls ${forbidden.map((f) => `${f}()`).join(", ")}, which changes the database instead of reading it`,
      { hint: "queries may only read" },
    );
  }
  return extracted;
}
