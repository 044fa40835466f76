/**
 * The parse limit: DuckDB's CSV reader on the same files with the column types given (no detection),
 * every column materialised (an aggregate over each one, so nothing is pushed down or skipped) and nothing
 * kept, with the options flow logs need (no quoting, no hive columns). No loader that parses with DuckDB
 * can be faster. Run as its own process by the benchmark.
 * Usage: parse-limit <file or glob> <{"column": "DUCKDB TYPE", …} as JSON>
 */
import { DuckDBInstance } from "@duckdb/node-api";

const [source, columnsJson] = process.argv.slice(2);
if (!source || !columnsJson) throw new Error("usage: parse-limit <file or glob> <columns JSON>");
const columns = Object.entries(JSON.parse(columnsJson));
const quote = (text) => `'${text.replaceAll("'", "''")}'`;
const struct = `{${columns.map(([name, type]) => `${quote(name)}: ${quote(type)}`).join(", ")}}`;
const instance = await DuckDBInstance.create(":memory:");
const connection = await instance.connect();
const reader = await connection.runAndReadAll(
  `SELECT count(*), max(COLUMNS(*)) FROM read_csv(${quote(source)}, columns = ${struct}, delim = ' ', header = true, quote = '', escape = '', nullstr = '-', auto_detect = false, hive_partitioning = false)`,
);
process.stdout.write(`${JSON.stringify({ rows: Number(reader.getRows()[0]?.[0]) })}\n`);
connection.closeSync();
instance.closeSync();
