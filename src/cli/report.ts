/**
 * `flowlens report`: run every insight for a day (or a range of days) and write the report files into
 * the period's own folder, `<out-dir>/<day>/` or `<out-dir>/<from>_<to>/`, as the daily job lays them out,
 * so reports of different periods never replace each other.
 */
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { FlowlensError } from "../errors.js";
import { describePeriod } from "../report/build-report.js";
import { configuredReport } from "../report/configured-report.js";
import { chartRendererFor, REPORT_FORMATS, type ReportFormat, writeReport } from "../report/write-report.js";
import { type CliContext, withStore } from "./context.js";
import { periodFromFlags, rangeFromFlag } from "./day-flags.js";
import { printable } from "./printable.js";
import { action } from "./program.js";

interface ReportFlags {
  readonly date?: string;
  readonly from?: string;
  readonly to?: string;
  readonly outDir: string;
  readonly formats: string;
  readonly insightsDir?: string;
  readonly compareBefore?: string;
}

export function registerReport(program: Command, setExitCode: (code: number) => void): void {
  program
    .command("report")
    .description(
      "Analyse a day of flow logs (default: yesterday, UTC) and write Markdown, HTML, PNG charts and JSON.",
    )
    .option("--date <YYYY-MM-DD>", "the day to report on, 2000-01-01 to 2099-12-31 (default: yesterday, UTC)")
    .option("--from <YYYY-MM-DD>", "first day of a range (with --to)")
    .option("--to <YYYY-MM-DD>", "last day of a range, inclusive")
    .option(
      "--out-dir <dir>",
      "the folder for reports; each period gets its own: <dir>/<day>/ or <dir>/<from>_<to>/",
      "./flowlens-report",
    )
    .option("--formats <list>", `comma-separated: ${REPORT_FORMATS.join(",")}`, REPORT_FORMATS.join(","))
    .option("--insights-dir <dir>", "a folder of user insights (default: insightsDir from the config)")
    .option(
      "--compare-before <D1[..D2]>",
      'add "Before and after": this earlier period compared with the report\'s, number by number (as flowlens compare)',
    )
    .action(action<ReportFlags>(reportCommand, setExitCode));
}

function parseFormats(list: string): ReportFormat[] {
  const formats = list.split(",").map((f) => f.trim()) as ReportFormat[];
  const unknown = formats.filter((f) => !REPORT_FORMATS.includes(f));
  if (unknown.length > 0 || formats.length === 0) {
    throw new FlowlensError(
      "FLOWLENS_USAGE",
      `--formats ${list} names unknown formats: ${unknown.join(", ")}`,
      {
        hint: `choose from ${REPORT_FORMATS.join(", ")}`,
      },
    );
  }
  return formats;
}

/** The folder of a period's report under the reports folder: `<day>` or `<from>_<to>`. */
export function periodFolder(outDir: string, period: { from: string; to: string }): string {
  return resolve(join(outDir, describePeriod(period).replace(" to ", "_")));
}

async function reportCommand(ctx: CliContext, flags: ReportFlags): Promise<number> {
  const period = periodFromFlags(flags);
  const compareBefore =
    flags.compareBefore === undefined ? undefined : rangeFromFlag("--compare-before", flags.compareBefore);
  const formats = parseFormats(flags.formats);
  const charts = chartRendererFor(formats);
  const report = await withStore(
    ctx,
    (store) => configuredReport(store, ctx.config, period, { charts, compareBefore }),
    {
      mustExist: true,
    },
  );
  const dir = periodFolder(flags.outDir, period);
  const written = await writeReport(report, dir, formats, charts);
  const failed = report.insights.filter((i) => i.error);
  if (ctx.json) {
    ctx.out(JSON.stringify({ period, dir, files: written.files, headline: report.headline }, null, 2));
  } else {
    ctx.out(`Report for ${describePeriod(period)} written to ${printable(dir)}`);
    for (const [i, f] of report.headline.entries()) ctx.out(`  ${i + 1}. ${f.sentence}`);
    for (const insight of failed) ctx.err(`insight ${insight.id} failed: ${insight.error}`);
  }
  return failed.length > 0 ? 1 : 0;
}
