/** `flowlens query`: run SQL on the store and print the rows as a table, CSV or JSON. */
import type { Command } from "commander";
import { FlowlensError } from "../errors.js";
import { type CliContext, withStore } from "./context.js";
import { OUTPUT_FORMATS, type OutputFormat, renderRows } from "./format-output.js";
import { action } from "./program.js";

interface QueryFlags {
  readonly output?: string;
}

export function registerQuery(program: Command, setExitCode: (code: number) => void): void {
  program
    .command("query")
    .description(
      "Run SQL on the store (read-only). Tables: flows, flow_rollup and hourly_rollup (per day), sources, rejects, ingest_runs, addresses, inventory_*.",
    )
    .argument("<sql>", "the SQL statement, quoted")
    .option("-o, --output <format>", `table, csv or json (default: table, or json with --json)`)
    .addHelpText(
      "after",
      `
Examples:
  flowlens query "SELECT day, count(*) AS records, sum(bytes) AS bytes FROM flows GROUP BY day ORDER BY day"
  flowlens query "SELECT * FROM flows WHERE action = 'REJECT' LIMIT 20" --output csv`,
    )
    .action(action<QueryFlags>(queryCommand, setExitCode));
}

async function queryCommand(ctx: CliContext, flags: QueryFlags, args: string[]): Promise<number> {
  const format = (flags.output ?? (ctx.json ? "json" : "table")) as OutputFormat;
  if (!OUTPUT_FORMATS.includes(format)) {
    throw new FlowlensError("FLOWLENS_USAGE", `--output ${flags.output} is not a format`, {
      hint: `use one of ${OUTPUT_FORMATS.join(", ")}`,
    });
  }
  const sql = args[0] ?? "";
  const { columns, rows } = await withStore(
    ctx,
    async (store) => {
      try {
        return await store.query(sql);
      } catch (error) {
        throw new FlowlensError(
          "FLOWLENS_QUERY_FAILED",
          `the query failed: ${(error as Error).message.split("\n")[0]}`,
          {
            hint: 'check the SQL; `flowlens query "DESCRIBE flows"` lists the columns',
            cause: error,
          },
        );
      }
    },
    { readOnly: true },
  );
  ctx.out(renderRows(format, columns, rows));
  return 0;
}
