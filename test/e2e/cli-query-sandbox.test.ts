import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { writeDefaultLog } from "../helpers/flow-log-files.js";
import { runCli, runCliJson } from "../helpers/run-cli.js";
import { sharedTempDir } from "../helpers/temp-dir.js";

const RULE =
  "flowlens runs only queries that read: one SELECT, WITH, FROM, VALUES, DESCRIBE, SHOW, SUMMARIZE or EXPLAIN of one";
const CHANGES = "the store changes only through flowlens commands (ingest, inventory, ip-ranges)";
const SETTINGS =
  "settings such as the memory limit and threads come from the config file, environment or flags";

let dir: string;
let db: string;

beforeAll(async () => {
  dir = sharedTempDir();
  db = join(dir, "s.duckdb");
  writeDefaultLog(join(dir, "a.log.gz"), 20);
  const ingest = await runCli(["ingest", join(dir, "a.log.gz"), "--db", db]);
  expect(ingest.code).toBe(0);
});

function query(sql: string, ...flags: string[]) {
  return runCli(["query", sql, "--db", db, ...flags]);
}

function fileRefusal(path: string): string {
  return `flowlens: the query uses the file ${path}, and queries may use only the store's tables — to read files on this machine, pass --allow-local-files\n`;
}

describe("flowlens query refuses, exit 1", () => {
  it("read_text('/etc/passwd')", async () => {
    const result = await query("SELECT * FROM read_text('/etc/passwd')");
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(fileRefusal("/etc/passwd"));
    expect(result.stdout).toBe("");
  });

  it("read_csv('/etc/passwd')", async () => {
    const result = await query("SELECT * FROM read_csv('/etc/passwd')");
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(fileRefusal("/etc/passwd"));
  });

  it("glob('/root/*')", async () => {
    const result = await query("SELECT * FROM glob('/root/*')");
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(fileRefusal("/root/*"));
  });

  it("COPY … TO, and the file is not written", async () => {
    const target = join(dir, "copied.csv");
    const result = await query(`COPY flows TO '${target}'`);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `flowlens: the query is a COPY statement, and ${RULE} — to save rows in a file, write the query's csv or json output to it\n`,
    );
    expect(existsSync(target)).toBe(false);
  });

  it("EXPORT DATABASE, and no folder is created", async () => {
    const target = join(dir, "exported");
    const result = await query(`EXPORT DATABASE '${target}'`);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `flowlens: the query is an EXPORT statement, and ${RULE} — copy the store file instead, while nothing writes it\n`,
    );
    expect(existsSync(target)).toBe(false);
  });

  it("ATTACH", async () => {
    const result = await query(`ATTACH '${join(dir, "other.duckdb")}' AS other`);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `flowlens: the query is an ATTACH statement, and ${RULE} — queries read only this store\n`,
    );
    expect(existsSync(join(dir, "other.duckdb"))).toBe(false);
  });

  it("INSTALL", async () => {
    const result = await query("INSTALL httpfs");
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `flowlens: the query is an INSTALL statement, and ${RULE} — extensions are not available to queries\n`,
    );
  });

  it("LOAD", async () => {
    const result = await query("LOAD httpfs");
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `flowlens: the query is a LOAD statement, and ${RULE} — extensions are not available to queries\n`,
    );
  });

  it.each([
    ["SET", "SET enable_external_access = true"],
    ["RESET", "RESET memory_limit"],
  ])("%s of a setting", async (keyword, sql) => {
    const result = await query(sql);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`flowlens: the query is a ${keyword} statement, and ${RULE} — ${SETTINGS}\n`);
  });

  it("a PRAGMA that changes a setting", async () => {
    const result = await query("PRAGMA threads = 64");
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `flowlens: the query is a PRAGMA statement, and ${RULE} — use DESCRIBE, SHOW TABLES or the duckdb_*() and pragma_*() table functions in a SELECT\n`,
    );
  });

  it.each([
    ["a CREATE", "CREATE TABLE notes (x INTEGER)"],
    ["an INSERT", "INSERT INTO rejects SELECT * FROM rejects"],
    ["an UPDATE", "UPDATE flows SET bytes = 0"],
    ["a DELETE", "DELETE FROM flows"],
    ["a DROP", "DROP TABLE flows"],
  ])("%s statement: %s", async (what, sql) => {
    const result = await query(sql);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`flowlens: the query is ${what} statement, and ${RULE} — ${CHANGES}\n`);
  });

  it("SELECT 1; COPY …: neither statement runs and nothing is shown", async () => {
    const target = join(dir, "second.csv");
    const result = await query(`SELECT 1; COPY (SELECT 1) TO '${target}'`);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "flowlens: the query has 2 statements, and flowlens runs one statement at a time — run them one by one\n",
    );
    expect(result.stdout).toBe("");
    expect(existsSync(target)).toBe(false);
  });

  it("--json: a refusal is {error, code}", async () => {
    const { code, json } = await runCliJson(["query", "DROP TABLE flows", "--db", db]);
    expect(code).toBe(1);
    expect(json).toEqual({
      error: `the query is a DROP statement, and ${RULE} — ${CHANGES}`,
      code: "FLOWLENS_QUERY_REFUSED",
    });
  });
});

describe("flowlens query limits", () => {
  it("stops a cross join at --timeout with a sentence and exit 1", async () => {
    const result = await query(
      "SELECT count(*) FROM range(100000000) a, range(100000000) b WHERE a.range + b.range = -1",
      "--timeout",
      "1",
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "flowlens: the query ran longer than its time limit of 1 s and was stopped — narrow it (filter on day, add LIMIT), or allow more time with --timeout SECONDS\n",
    );
  });

  it("a table shows at most 1000 rows and says the query has more", async () => {
    const result = await query("SELECT range AS n FROM range(5000)");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("│ 999 │");
    expect(result.stdout).not.toContain("│ 1000 │");
    expect(result.stdout.trimEnd().split("\n").at(-1)).toBe(
      "(the first 1000 rows; the query has more — add LIMIT or --max-rows N, or use --output csv or json for every row)",
    );
  });

  it("--max-rows sets the table's cap", async () => {
    const result = await query("SELECT range AS n FROM range(5000)", "--max-rows", "3");
    expect(result.stdout).toContain("│ 2 │");
    expect(result.stdout).not.toContain("│ 3 │");
    expect(result.stdout).toContain("(the first 3 rows; the query has more");
  });

  it("a table of fewer rows than the cap has no footer", async () => {
    const result = await query("SELECT range AS n FROM range(1000)");
    expect(result.stdout).not.toContain("the query has more");
  });

  it("csv prints every row by default", async () => {
    const result = await query("SELECT range AS n FROM range(5000)", "--output", "csv");
    expect(result.stdout.split("\n")).toHaveLength(5002);
    expect(result.stderr).toBe("");
  });

  it("csv with --max-rows stops there and says so on stderr", async () => {
    const result = await query("SELECT range AS n FROM range(5000)", "--output", "csv", "--max-rows", "2");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("n\n0\n1\n");
    expect(result.stderr).toBe("flowlens: printed the first 2 rows (--max-rows 2); the query has more\n");
  });

  it("json with --max-rows is still one array", async () => {
    const result = await query("SELECT range AS n FROM range(5000)", "--output", "json", "--max-rows", "2");
    expect(JSON.parse(result.stdout)).toEqual([{ n: 0 }, { n: 1 }]);
  });

  it("--timeout that is not a positive whole number is a usage error", async () => {
    const result = await query("SELECT 1", "--timeout", "0");
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'flowlens: --timeout: expected a whole number of seconds from 1 to 86400 (one day), got "0"\n',
    );
  });

  it("--timeout and --max-rows read plain digits only: no hex, binary, octal, exponent, sign or fraction", async () => {
    for (const flag of ["--timeout", "--max-rows"]) {
      for (const value of ["0x10", "0b11", "0o7", "1e3", "+4", "4.0", "1_000"]) {
        const result = await query("SELECT range AS n FROM range(50)", "--output", "csv", flag, value);
        expect(result.code, `${flag} ${value}`).toBe(2);
        expect(result.stdout).toBe("");
        expect(result.stderr).toContain(`flowlens: ${flag}: expected a whole number of `);
        expect(result.stderr).toContain(`got "${value}"`);
      }
    }
  });

  it("--timeout longer than one day is a usage error naming the flag, not a query stopped after 1 ms", async () => {
    const result = await query("SELECT 1", "--timeout", "2147484");
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'flowlens: --timeout: expected a whole number of seconds from 1 to 86400 (one day), got "2147484"\n',
    );
  });

  it("--timeout of one day runs the query", async () => {
    const result = await query("SELECT 42 AS n", "--output", "csv", "--timeout", "86400");
    expect(result.stderr).toBe("");
    expect(result.stdout).toBe("n\n42\n");
  });

  it("--max-rows that is not a positive whole number is a usage error", async () => {
    const result = await query("SELECT 1", "--max-rows", "all");
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'flowlens: --max-rows: expected a whole number of rows of at least 1, got "all"\n',
    );
  });

  it("an empty query is a usage error, exit 2", async () => {
    const result = await query("");
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "flowlens: the query is empty — give one SQL statement, e.g. SELECT count(*) FROM flows\n",
    );
  });

  it("a query of only whitespace and comments is a usage error", async () => {
    const result = await query("  \n -- nothing\n");
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "flowlens: the query is empty — give one SQL statement, e.g. SELECT count(*) FROM flows\n",
    );
  });
});

describe("flowlens query still answers reads", () => {
  it("a SELECT over flows", async () => {
    const result = await query(
      "SELECT count(*) AS records, sum(bytes) AS bytes FROM flows",
      "--output",
      "csv",
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("records,bytes\n20,20190\n");
  });

  it("DESCRIBE flows", async () => {
    const result = await query("DESCRIBE flows", "--output", "csv");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("\nsrcaddr,VARCHAR,");
  });

  it("a CTE with the ipv4_to_int macro", async () => {
    const result = await query(
      "WITH a AS (SELECT DISTINCT srcaddr FROM flows WHERE srcaddr = '10.0.1.3') SELECT srcaddr, ipv4_to_int(srcaddr) AS n FROM a",
      "--output",
      "csv",
    );
    expect(result.stdout).toBe("srcaddr,n\n10.0.1.3,167772419\n");
  });

  it("json output is one array of row objects", async () => {
    const result = await query(
      "SELECT range AS n, [range::INTEGER, 1] AS pair FROM range(2)",
      "--output",
      "json",
    );
    expect(result.stdout).toBe(
      `${JSON.stringify(
        [
          { n: 0, pair: [0, 1] },
          { n: 1, pair: [1, 1] },
        ],
        null,
        2,
      )}\n`,
    );
  });

  it("an empty result as json is []", async () => {
    const result = await query("SELECT 1 AS n WHERE false", "--output", "json");
    expect(result.stdout).toBe("[]\n");
  });
});

describe("flowlens query --allow-local-files", () => {
  it("reads a file on this machine", async () => {
    writeFileSync(join(dir, "hosts.csv"), "name,address\nweb,10.0.1.5\n");
    const result = await query(
      `SELECT name FROM read_csv('${join(dir, "hosts.csv")}')`,
      "--allow-local-files",
      "--output",
      "csv",
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("name\nweb\n");
  });

  it("still refuses to write a file", async () => {
    const target = join(dir, "written.csv");
    const result = await query(`COPY flows TO '${target}'`, "--allow-local-files");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("flowlens: the query is a COPY statement");
    expect(existsSync(target)).toBe(false);
  });
});
