/** `flowlens stats`: what the store holds, what the ledger says, and what was quarantined. */
import type { Command } from "commander";
import type { ClickHouseStore } from "../store/clickhouse/clickhouse-store.js";
import type { DuckDbStore } from "../store/duckdb/duckdb-store.js";
import { readStoreStats, type StoreStats } from "../store/duckdb/store-stats.js";
import { type CliContext, withStore } from "./context.js";
import { formatBytes, formatCount, type Row, renderTable } from "./format-output.js";
import { action } from "./program.js";

export function registerStats(program: Command, setExitCode: (code: number) => void): void {
  program
    .command("stats")
    .description(
      "Show rows per day, account and VPC, the ledger of loaded/failed objects, quarantined lines, and what flowlens serve received per delivery stream.",
    )
    .action(action<object>(statsCommand, setExitCode));
}

function section(title: string, rows: readonly Row[]): string {
  if (rows.length === 0) return `${title}: none`;
  return `${title}:\n${renderTable(Object.keys(rows[0] as Row), rows)}`;
}

export function describeStats(stats: StoreStats): string {
  const t = stats.totals;
  return [
    `Store: ${formatCount(Number(t.records))} records, ${formatBytes(Number(t.bytes))} over ${t.days} day(s) (${t.first_day ?? "-"} to ${t.last_day ?? "-"}).`,
    section("Rows per day", stats.byDay),
    section("Rows per account", stats.byAccount),
    section("Rows per VPC", stats.byVpc),
    section("Ledger (objects by status)", stats.ledger),
    section("Failed objects", stats.failedObjects),
    section("Recent ingest runs", stats.recentRuns),
    `Quarantined lines: ${stats.quarantine.lines}`,
    ...(stats.quarantine.lines > 0
      ? [
          section("Quarantine by object", stats.quarantine.bySource),
          section("Quarantine samples", stats.quarantine.samples),
        ]
      : []),
    ...(stats.streams.length > 0
      ? [section("Streaming (flowlens serve), per delivery stream", stats.streams)]
      : []),
  ].join("\n\n");
}

async function statsCommand(ctx: CliContext): Promise<number> {
  const stats = await withStore(
    ctx,
    async (store) => {
      if (store.dialect.name !== "clickhouse") return readStoreStats(store as DuckDbStore);
      const { readClickHouseStats } = await import("../store/clickhouse/clickhouse-stats.js");
      return readClickHouseStats(store as ClickHouseStore);
    },
    { readOnly: true },
  );
  ctx.out(ctx.json ? JSON.stringify(stats, null, 2) : describeStats(stats));
  return 0;
}
