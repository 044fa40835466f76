/**
 * When records are visible: `flowlens query --json` (the built CLI, its own process, against the store
 * `flowlens serve` is loading) polled until a count reaches what was acknowledged. A poll's time is when
 * its process finished — an upper bound on when the records became visible.
 */
import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { now } from "./firehose-sender.js";

const run = promisify(execFile);
const cli = resolve(import.meta.dirname, "../../dist/cli/main.js");

export interface Visible {
  /** When the poll that saw the count finished (wall-clock ms). */
  readonly at: number;
  readonly polls: number;
  /** The longest one poll (one `flowlens query` process) took, in seconds. */
  readonly slowestQuerySeconds: number;
}

/** `SELECT <expression> AS n FROM flows` through `flowlens query --json`. */
export async function queryCount(db: string, sql: string): Promise<number> {
  const { stdout } = await run(process.execPath, [cli, "query", "--db", db, "--json", sql]);
  const rows = JSON.parse(stdout) as { n: number | string }[];
  return Number(rows[0]?.n ?? 0);
}

/** Polls `sql` (one row, column n) every `intervalMs` until it gives `expected`; fails after `timeoutMs`. */
export async function waitUntilVisible(
  db: string,
  sql: string,
  expected: number,
  options: { intervalMs: number; timeoutMs: number },
): Promise<Visible> {
  const deadline = now() + options.timeoutMs;
  let polls = 0;
  let slowest = 0;
  for (;;) {
    const started = now();
    const count = await queryCount(db, sql);
    const at = now();
    polls++;
    slowest = Math.max(slowest, (at - started) / 1000);
    if (count === expected) return { at, polls, slowestQuerySeconds: slowest };
    if (count > expected) throw new Error(`${sql}: ${count} rows, more than the ${expected} acknowledged`);
    if (at >= deadline)
      throw new Error(`${sql}: ${count} of ${expected} rows after ${options.timeoutMs / 1000} s`);
    await new Promise((done) => setTimeout(done, options.intervalMs));
  }
}
