/** `flowlens store init` and `flowlens store check`: the schema of a ClickHouse store (`--store`). */
import type { Command } from "commander";
import { FlowlensError } from "../errors.js";
import { backendOf, clickHousePassword, clickHouseTarget } from "../store/backends.js";
import type { StoreCheck } from "../store/clickhouse/init-store.js";
import type { CliContext } from "./context.js";
import { action } from "./program.js";

export function registerStore(program: Command, setExitCode: (code: number) => void): void {
  const store = program
    .command("store")
    .description("Create or check the schema of a ClickHouse store (--store clickhouse://…)");
  store
    .command("init")
    .description(
      "Create the database, tables and views (on a cluster: on every shard), or migrate them forward; safe to run again",
    )
    .action(action<object>((ctx) => schemaCommand(ctx, "init"), setExitCode));
  store
    .command("check")
    .description("Say what is missing or out of date in the store's schema; exit 1 if anything is")
    .action(action<object>((ctx) => schemaCommand(ctx, "check"), setExitCode));
}

async function schemaCommand(ctx: CliContext, verb: "init" | "check"): Promise<number> {
  if (backendOf(ctx.config) !== "clickhouse") {
    throw new FlowlensError("FLOWLENS_USAGE", `flowlens store ${verb} needs a ClickHouse store, got none`, {
      hint: "pass --store clickhouse://user@host:8123/database (the DuckDB file needs no init)",
    });
  }
  const target = clickHouseTarget(ctx.config);
  const options = { password: await clickHousePassword(ctx.config) };
  const { checkClickHouseStore, initClickHouseStore } = await import("../store/clickhouse/init-store.js");
  const result =
    verb === "init"
      ? await initClickHouseStore(target, options)
      : await checkClickHouseStore(target, options);
  ctx.out(ctx.json ? JSON.stringify(result, null, 2) : describeCheck(result));
  return result.ok ? 0 : 1;
}

export function describeCheck(check: StoreCheck): string {
  const version =
    check.schemaVersion === null
      ? `no schema (this flowlens writes version ${check.expectedVersion})`
      : check.schemaVersion === check.expectedVersion
        ? `schema version ${check.schemaVersion}`
        : `schema version ${check.schemaVersion}, expected ${check.expectedVersion}`;
  const lines = [
    `Store ${check.store} (ClickHouse ${check.serverVersion}, ${check.shards.length} shard(s)): ${version}.`,
  ];
  if (check.missing.length > 0) lines.push(`Missing: ${check.missing.join(", ")}.`);
  lines.push(check.ok ? "The schema is complete." : "Run flowlens store init to create or migrate it.");
  return lines.join("\n");
}
