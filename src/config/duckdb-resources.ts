/**
 * The DuckDB resources a run may take, bounded by this machine, as zod schemas for the config schema.
 *
 * - `memoryLimit`: DuckDB's `memory_limit` syntax, a number and a unit — KB, MB, GB, TB (powers of 1000,
 *   as DuckDB reads them) or KiB, MiB, GiB, TiB (powers of 1024), any case, e.g. `512MB`, `1GB`, `2GiB`.
 *   DuckDB itself takes no percentage and no bare number. At least 64 MiB (DuckDB needs a few MiB only to
 *   open a store, and loads fail far above that) and at most this machine's memory.
 * - `threads`: DuckDB's worker threads, 1 to 4 × the cores. Threads beyond the cores only wait on I/O,
 *   and each takes a share of the memory limit; thousands of them stall a run instead of speeding it up.
 */
import { availableParallelism, totalmem } from "node:os";
import { z } from "zod";
import { showValue } from "./describe-issue.js";
import { wholeNumber } from "./whole-number.js";

const UNITS: Record<string, number> = {
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};
const SIZE = /^\s*(\d+(?:\.\d*)?|\.\d+)\s*([kmgt]i?b)\s*$/i;
export const MIN_MEMORY_BYTES = 64 * 2 ** 20;

/**
 * DuckDB's memory limit unless a setting says otherwise. DuckDB allocates beyond its limit too: at 600MB
 * one flowlens process stays within 1 GiB on every bench:ingest dataset (BENCHMARKS.md).
 */
export const DEFAULT_MEMORY_LIMIT = "600MB";
export const THREADS_PER_CORE = 4;

/** Bytes of a DuckDB memory size such as "1GB" or "2 GiB"; undefined if it is not one. */
export function memoryBytes(size: string): number | undefined {
  const match = SIZE.exec(size);
  const unit = match ? UNITS[(match[2] as string).toLowerCase()] : undefined;
  return match && unit ? Number(match[1]) * unit : undefined;
}

function gib(bytes: number): string {
  return `${Math.floor((bytes / 2 ** 30) * 10) / 10}GiB`;
}

export const memoryLimitSchema = z.unknown().transform((value, ctx): string => {
  const bytes = typeof value === "string" ? memoryBytes(value) : undefined;
  const machine = totalmem();
  const fail = (expected: string) => {
    ctx.addIssue({ code: "custom", input: value, message: `expected ${expected}, got ${showValue(value)}` });
    return z.NEVER;
  };
  if (bytes === undefined || typeof value !== "string")
    return fail(
      "a memory size such as 512MB, 1GB or 2GiB (a number and KB, MB, GB, TB, KiB, MiB, GiB or TiB)",
    );
  if (bytes < MIN_MEMORY_BYTES) return fail("a memory size of at least 64MiB");
  if (bytes > machine) return fail(`a memory size of at most ${gib(machine)}, this machine's memory`);
  return value.trim();
});

const cores = availableParallelism();
export const threadsSchema = wholeNumber(
  1,
  THREADS_PER_CORE * cores,
  "threads",
  `${THREADS_PER_CORE} × this machine's ${cores} cores`,
);
