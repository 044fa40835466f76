/**
 * DuckDB's errors on the sandbox path as flowlens sentences: a file the sandbox kept the query from
 * touching is a refusal naming the file; anything else DuckDB refused is a failed query.
 */
import { FlowlensError } from "../errors.js";

/** What the caller's users can do about a limit, in the caller's words (e.g. a CLI flag). */
export interface SandboxHints {
  /** For a query that touches a file. @default "SHOW TABLES lists what queries can read" */
  readonly localFiles?: string;
  /** For a query stopped at its time limit. @default "narrow it: filter on day, or add LIMIT" */
  readonly timeout?: string;
}

const FILE_ACCESS = /Cannot access (?:file|directory) "([^"]*)" - file system operations are disabled/;

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
}

export function sandboxError(error: unknown, hints: SandboxHints = {}): FlowlensError {
  if (error instanceof FlowlensError) return error;
  const message = firstLine(error).replace(/^Failed to extract statements: /, "");
  const file = FILE_ACCESS.exec(message);
  if (file) {
    return new FlowlensError(
      "FLOWLENS_QUERY_REFUSED",
      `the query uses the file ${file[1]}, and queries may use only the store's tables`,
      { hint: hints.localFiles ?? "SHOW TABLES lists what queries can read", cause: error },
    );
  }
  return new FlowlensError("FLOWLENS_QUERY_FAILED", `the query failed: ${message}`, {
    hint: 'check the SQL; `flowlens query "DESCRIBE flows"` lists the columns',
    cause: error,
  });
}
