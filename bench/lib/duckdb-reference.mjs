/**
 * The reference load: plain DuckDB, `CREATE TABLE AS SELECT * FROM read_csv(...)` of the same files with
 * nothing else — only the options without which DuckDB would not split the fields (space delimiter,
 * header, '-' as NULL); types are auto-detected. Run as its own process by the benchmark.
 */
import { DuckDBInstance } from "@duckdb/node-api";

const [db, source] = process.argv.slice(2);
if (!db || !source) throw new Error("usage: duckdb-reference <db> <file or glob>");
const instance = await DuckDBInstance.create(db);
const connection = await instance.connect();
await connection.run(
  `CREATE TABLE flows AS SELECT * FROM read_csv('${source}', delim = ' ', header = true, nullstr = '-')`,
);
const reader = await connection.runAndReadAll("SELECT count(*) FROM flows");
process.stdout.write(`${JSON.stringify({ rows: Number(reader.getRows()[0]?.[0]) })}\n`);
connection.closeSync();
instance.closeSync();
