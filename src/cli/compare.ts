/**
 * `flowlens compare --before D1[..D2] --after D3[..D4]`: did the fix work? Each money and security
 * number per day in both periods, the change, and the headline sentence naming the inventory change that
 * explains it (src/trends/), on any backend.
 */
import type { Command } from "commander";
import { loadPrices } from "../pricing/price-table.js";
import { compareInStore } from "../trends/compare-in-store.js";
import { comparisonRows } from "../trends/compare-periods.js";
import { prepareStoreForSeries } from "../trends/daily-series.js";
import { type CliContext, withStore } from "./context.js";
import { rangeFromFlag } from "./day-flags.js";
import { renderTable } from "./format-output.js";
import { printable } from "./printable.js";
import { action } from "./program.js";

interface CompareFlags {
  readonly before: string;
  readonly after: string;
}

export function registerCompare(program: Command, setExitCode: (code: number) => void): void {
  program
    .command("compare")
    .description(
      "Compare two periods, number by number (NAT, S3/DynamoDB via NAT, cross-AZ, internet egress, rejects, probes, scans), per day, and name the inventory change that explains the difference.",
    )
    .requiredOption("--before <D1[..D2]>", "the period before the change: one UTC day, or two joined by ..")
    .requiredOption("--after <D3[..D4]>", "the period after it, beginning after --before ends")
    .addHelpText(
      "after",
      "\nExample:\n  flowlens compare --before 2026-11-13..2026-11-19 --after 2026-11-21..2026-11-27\n  S3 traffic through nat-… fell from 67.0 GiB/day ($3.02) to 0.4 GiB/day ($0.02) after vpce-… was added to rtb-… on 2026-11-20.",
    )
    .action(action<CompareFlags>(compareCommand, setExitCode));
}

async function compareCommand(ctx: CliContext, flags: CompareFlags): Promise<number> {
  const before = rangeFromFlag("--before", flags.before);
  const after = rangeFromFlag("--after", flags.after);
  const options = { params: ctx.config.insights, prices: loadPrices({ overrides: ctx.config.prices }) };
  const comparison = await withStore(
    ctx,
    async (store) => {
      await prepareStoreForSeries(store);
      return compareInStore(store, before, after, options);
    },
    { mustExist: true },
  );
  if (ctx.json) {
    ctx.out(JSON.stringify(comparison, null, 2));
    return 0;
  }
  const side = (p: { from: string; to: string; dataDays: number }) =>
    `${p.from === p.to ? p.from : `${p.from}..${p.to}`} (${p.dataDays} ${p.dataDays === 1 ? "day" : "days"} with data)`;
  ctx.out(`Before ${side(comparison.before)}, after ${side(comparison.after)}, per day with data:`);
  ctx.out(printable(comparison.headline ?? "No number changed in dollars between the two periods."));
  const rows = comparisonRows(comparison);
  if (rows.length > 0) ctx.out(renderTable(["number", "before", "after", "change"], rows));
  ctx.out(
    comparison.changes.length === 0
      ? "No inventory change is recorded between the two periods."
      : `Inventory changes between them:\n${comparison.changes.map((c) => `  ${c.at.slice(0, 16).replace("T", " ")} UTC  ${printable(c.detail)}`).join("\n")}`,
  );
  return 0;
}
