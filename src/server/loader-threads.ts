/**
 * DuckDB worker threads for the loads of `flowlens serve`: the configured `threads` when set, else one
 * fewer than the cores. The loads run while deliveries are decoded and acknowledged on Node's main thread;
 * DuckDB on every core slows both (bench:stream, 2 cores, paced at 200,000 records/s: ack p99 1.37 s and
 * loads at 180,000 rows/s with 2 threads; 0.60 s and 275,000 rows/s with 1).
 */
import { availableParallelism } from "node:os";

export function loaderThreads(configured: number | undefined, cores = availableParallelism()): number {
  return configured ?? Math.max(1, cores - 1);
}
