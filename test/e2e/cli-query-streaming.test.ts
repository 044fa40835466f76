import { spawn } from "node:child_process";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { CLI } from "../helpers/run-cli.js";
import { sharedTempDir } from "../helpers/temp-dir.js";

const REPORT_MAX_RSS = resolve(import.meta.dirname, "../helpers/report-max-rss.mjs");
const ROWS = 3_000_000;
/** Three columns per row: held whole, 3 M rows took 1.3 GB; streamed, under 200 MB. */
const SQL = `SELECT range AS n, range * 2 AS twice, 'host-' || range AS name FROM range(${ROWS})`;
const MAX_RSS_KB = 400 * 1024;

let db: string;

beforeAll(async () => {
  db = join(sharedTempDir(), "s.duckdb");
  // An empty store is enough: the rows come from range().
  (await DuckDbStore.open(db)).close();
});

interface Streamed {
  readonly code: number | null;
  readonly lines: number;
  readonly head: string;
  readonly tail: string;
  readonly maxRssKb: number;
}

/** Runs `flowlens query` with its peak RSS reported, counting stdout's lines without keeping them. */
function streamQuery(format: string): Promise<Streamed> {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      ["--import", REPORT_MAX_RSS, CLI, "query", SQL, "--db", db, "-o", format],
      {
        env: { ...process.env, FLOWLENS_DB: undefined, FLOWLENS_CONFIG: undefined },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let lines = 0;
    let head = "";
    let tail = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (text: string) => {
      for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) lines++;
      if (head.length < 200) head += text.slice(0, 200);
      tail = (tail + text).slice(-200);
    });
    child.stderr.setEncoding("utf8").on("data", (text: string) => {
      stderr += text;
    });
    child.on("error", fail);
    child.on("close", (code) => {
      const rss = /max-rss-kb=(\d+)/.exec(stderr);
      if (!rss) fail(new Error(`no max-rss line (exit ${code}): ${stderr}`));
      else done({ code, lines, head, tail, maxRssKb: Number(rss[1]) });
    });
  });
}

describe("flowlens query streams large results", () => {
  it("3 million rows as csv arrive whole while the process stays under 400 MB", async () => {
    const result = await streamQuery("csv");
    expect(result.code).toBe(0);
    expect(result.lines).toBe(ROWS + 1);
    expect(result.head.startsWith("n,twice,name\n0,0,host-0\n")).toBe(true);
    expect(result.tail.endsWith(`${ROWS - 1},${2 * (ROWS - 1)},host-${ROWS - 1}\n`)).toBe(true);
    expect(result.maxRssKb).toBeLessThan(MAX_RSS_KB);
  });

  it("3 million rows as json are one array while the process stays under 400 MB", async () => {
    const result = await streamQuery("json");
    expect(result.code).toBe(0);
    expect(result.lines).toBe(ROWS * 5 + 2);
    expect(result.head.startsWith('[\n  {\n    "n": 0,\n')).toBe(true);
    expect(result.tail.endsWith(`"name": "host-${ROWS - 1}"\n  }\n]\n`)).toBe(true);
    expect(result.maxRssKb).toBeLessThan(MAX_RSS_KB);
  });

  it("a reader that stops early (| head) ends the query quietly with exit 0", async () => {
    const child = spawn(process.execPath, [CLI, "query", SQL, "--db", db, "-o", "csv"], {
      env: { ...process.env, FLOWLENS_DB: undefined, FLOWLENS_CONFIG: undefined },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (text: string) => {
      stderr += text;
    });
    child.stdout.once("data", () => child.stdout.destroy());
    const code = await new Promise((done) => child.on("close", done));
    expect(code).toBe(0);
    expect(stderr).toBe("");
  });
});
