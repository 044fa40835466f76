/**
 * What the sandbox tells a user whose statement is not a read: the statement named by its leading
 * keyword, and what to do instead. Plain data; the decision itself is made by DuckDB's parser
 * (`check-statement.ts`), the keyword only words the sentence.
 */

interface Refusal {
  readonly what: string;
  readonly hint: string;
}

const CHANGES_THE_STORE = "the store changes only through flowlens commands (ingest, inventory, ip-ranges)";
const OTHER_DATABASES = "queries read only this store";
const EXTENSIONS = "extensions are not available to queries";
const SETTINGS =
  "settings such as the memory limit and threads come from the config file, environment or flags";
const TRANSACTIONS = "every query runs on its own";
const PREPARED = "give the query itself";

/** The hint for each statement's leading keyword. */
const HINTS: Readonly<Record<string, string>> = {
  COPY: "to save rows in a file, write the query's csv or json output to it",
  EXPORT: "copy the store file instead, while nothing writes it",
  IMPORT: CHANGES_THE_STORE,
  ATTACH: OTHER_DATABASES,
  DETACH: OTHER_DATABASES,
  USE: OTHER_DATABASES,
  INSTALL: EXTENSIONS,
  FORCE: EXTENSIONS,
  LOAD: EXTENSIONS,
  INSERT: CHANGES_THE_STORE,
  UPDATE: CHANGES_THE_STORE,
  DELETE: CHANGES_THE_STORE,
  TRUNCATE: CHANGES_THE_STORE,
  MERGE: CHANGES_THE_STORE,
  CREATE: CHANGES_THE_STORE,
  DROP: CHANGES_THE_STORE,
  ALTER: CHANGES_THE_STORE,
  COMMENT: CHANGES_THE_STORE,
  CHECKPOINT: CHANGES_THE_STORE,
  VACUUM: CHANGES_THE_STORE,
  ANALYZE: CHANGES_THE_STORE,
  SET: SETTINGS,
  RESET: SETTINGS,
  PRAGMA: "use DESCRIBE, SHOW TABLES or the duckdb_*() and pragma_*() table functions in a SELECT",
  CALL: "call table functions in a SELECT: SELECT * FROM f(…)",
  PIVOT:
    "a PIVOT without an IN list is two statements for DuckDB; name the values: PIVOT … ON column IN ('a', 'b')",
  UNPIVOT: "write it as one SELECT",
  BEGIN: TRANSACTIONS,
  START: TRANSACTIONS,
  COMMIT: TRANSACTIONS,
  END: TRANSACTIONS,
  ROLLBACK: TRANSACTIONS,
  ABORT: TRANSACTIONS,
  PREPARE: PREPARED,
  EXECUTE: PREPARED,
  DEALLOCATE: PREPARED,
};

/** The statement's leading keyword, after comments and spaces; "" if none. */
export function leadingKeyword(sql: string): string {
  const rest = sql.replace(/^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/, "");
  return /^[A-Za-z_]+/.exec(rest)?.[0]?.toUpperCase() ?? "";
}

/** How to word the refusal of a statement that is not a read: "a COPY statement" and what to do. */
export function refusalFor(sql: string): Refusal {
  const keyword = leadingKeyword(sql);
  const hint = HINTS[keyword];
  if (!hint) return { what: "not a query", hint: "give one SELECT" };
  const article = /^[AEIO]|^U[NP]/.test(keyword) ? "an" : "a";
  return { what: `${article} ${keyword} statement`, hint };
}
