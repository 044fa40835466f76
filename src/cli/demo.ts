/**
 * `flowlens demo`: writes a realistic, deterministic estate's flow logs exactly as AWS delivers them to
 * S3 (plus its inventory and the ground truth the insights must find), then ingests them into the store
 * the settings name (a DuckDB file, or a ClickHouse store that `store init` has made), imports the
 * inventory there and writes the day's report from it.
 */
import { existsSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { alertRunOptions } from "../alerts/notify/alert-notifier.js";
import { runAlerts } from "../alerts/run-alerts.js";
import { wholeNumberFlag } from "../config/whole-number.js";
import { withEnrichmentTables } from "../enrich/enrichment-store.js";
import { importInventoryFile } from "../enrich/inventory/load-inventory-file.js";
import { FlowlensError } from "../errors.js";
import type { IngestSummary } from "../ingest/ingest-run.js";
import { ingestToStore } from "../ingest/ingest-to-store.js";
import { configuredReport } from "../report/configured-report.js";
import { chartRendererFor, REPORT_FORMATS, writeReport } from "../report/write-report.js";
import { listLocalObjects } from "../sources/files/list-local-objects.js";
import { LocalFileFetcher } from "../sources/object-fetcher.js";
import { backendOf } from "../store/backends.js";
import { addDays } from "../utc-day.js";
import { alertsJson, describeAlerts } from "./alerts-outcome.js";
import { type CliContext, withStore } from "./context.js";
import { checkDayFlag, dayFromFlag } from "./day-flags.js";
import { formatBytes, formatCount } from "./format-output.js";
import { describeSummary } from "./ingest.js";
import { action } from "./program.js";
import { ingestProgressBar } from "./progress-bar.js";
import { runServe } from "./serve.js";

interface DemoFlags {
  readonly days: string;
  readonly date?: string;
  readonly outDir: string;
  readonly seed: string;
  readonly recordsPerDay: string;
  readonly progress?: boolean;
  readonly reportDir?: string;
  readonly s3EndpointAddedOn?: string;
  readonly serve?: boolean;
}

/** Written into every demo out-dir: the only folders `demo` will clear. */
const DEMO_MARKER = ".flowlens-demo";
/** The most days one demo generates (ten years). */
const MAX_DEMO_DAYS = 3650;

export function registerDemo(program: Command, setExitCode: (code: number) => void): void {
  program
    .command("demo")
    .description(
      "Generate a realistic day of flow logs (S3 layouts, gzip text and Parquet), ingest it and write its report.",
    )
    .option("--days <n>", "days to generate, 1 to 3650, ending with --date", "1")
    .option("--date <YYYY-MM-DD>", "the last day generated, UTC (default: yesterday)")
    .option(
      "--out-dir <dir>",
      "where to write the flow logs, inventory.json and ground-truth.json",
      "./flowlens-demo",
    )
    .option("--seed <n>", "random seed: the same seed and dates give the same files", "42")
    .option("--records-per-day <n>", "about how many records per day", "1000000")
    .option("--report-dir <dir>", "where to write the day's report (default: report/<date> inside --out-dir)")
    .option(
      "--s3-endpoint-added-on <YYYY-MM-DD>",
      "from this day (after the first) the S3 gateway endpoint is on every private route table: S3 traffic leaves the NAT gateway; try flowlens compare on it",
    )
    .option(
      "--serve",
      "then run flowlens serve on the demo's store and open its dashboard (stop with Ctrl+C)",
    )
    .option("--no-progress", "no progress bar")
    .action(action<DemoFlags>(demoCommand, setExitCode));
}

/** `--s3-endpoint-added-on`: a day flag, after the demo's first day (so some days come before it) and at most its last. */
function s3EndpointDay(day: string | undefined, firstDay: string, lastDay: string): string | undefined {
  if (day === undefined) return undefined;
  checkDayFlag("--s3-endpoint-added-on", day);
  if (day <= firstDay || day > lastDay) {
    throw new FlowlensError(
      "FLOWLENS_USAGE",
      `--s3-endpoint-added-on ${day} is not within the demo's days: expected a day from ${addDays(firstDay, 1)} to ${lastDay}, so that the days before it show S3 through the NAT gateway`,
      { hint: "pick a day inside --days, or give more --days" },
    );
  }
  return day;
}

/** Refuses to clear a directory that flowlens demo did not write. */
function prepareOutDir(outDir: string): void {
  if (!existsSync(outDir) || readdirSync(outDir).length === 0) return;
  if (!existsSync(join(outDir, DEMO_MARKER))) {
    throw new FlowlensError("FLOWLENS_USAGE", `--out-dir ${outDir} is not empty and holds no earlier demo`, {
      hint: "choose an empty or new directory",
    });
  }
  rmSync(outDir, { recursive: true, force: true });
}

async function demoCommand(ctx: CliContext, flags: DemoFlags): Promise<number> {
  const days = wholeNumberFlag("--days", flags.days, { max: MAX_DEMO_DAYS, unit: "days" });
  const lastDay = dayFromFlag(flags.date);
  const startDate = addDays(lastDay, 1 - days);
  const s3EndpointAddedOn = s3EndpointDay(flags.s3EndpointAddedOn, startDate, lastDay);
  const outDir = resolve(flags.outDir);
  prepareOutDir(outDir);
  const started = performance.now();
  const { generateDemo } = await import("../sources/demo/generate-demo.js");
  const demo = await generateDemo({
    outDir,
    startDate,
    days,
    seed: wholeNumberFlag("--seed", flags.seed, { min: 0, max: 2 ** 32 - 1, unit: "" }),
    recordsPerDay: wholeNumberFlag("--records-per-day", flags.recordsPerDay, { unit: "records" }),
    ...(s3EndpointAddedOn ? { s3EndpointAddedOn } : {}),
  });
  writeFileSync(
    join(outDir, DEMO_MARKER),
    "Written by flowlens demo; flowlens demo may clear this folder.\n",
  );
  if (!ctx.json) {
    ctx.err(
      `Generated ${formatCount(demo.records)} records in ${formatCount(demo.files.length)} objects (${formatBytes(demo.bytes)}) for ${startDate}..${lastDay} in ${((performance.now() - started) / 1000).toFixed(1)} s under ${outDir}`,
    );
  }
  const { summary, alerts, location } = await withStore(ctx, async (store) => {
    const bar = ingestProgressBar(flags.progress !== false && !ctx.json);
    let ingested: IngestSummary;
    try {
      ingested = await ingestToStore(store, await listLocalObjects([outDir]), {
        fetcher: new LocalFileFetcher(),
        command: `demo --out-dir ${outDir}`,
        onProgress: (p) => bar.update(p),
        memoryLimit: ctx.config.memoryLimit,
        threads: ctx.config.threads,
      });
    } finally {
      bar.stop();
    }
    // The demo's estate is known: with its inventory the insights can name NAT gateways, subnets, AZs.
    await withEnrichmentTables(store, (tables) => importInventoryFile(tables, demo.inventoryPath));
    // Evaluated once the inventory is in: rules about NAT gateways and AZs need it.
    const outcome = await runAlerts(store, ctx.config, alertRunOptions(ctx.config));
    return { summary: ingested, alerts: outcome, location: store.location };
  });
  const period = { from: lastDay, to: lastDay };
  const charts = chartRendererFor(REPORT_FORMATS);
  const report = await withStore(ctx, (store) => configuredReport(store, ctx.config, period, { charts }), {
    mustExist: true,
  });
  // Inside --out-dir, so a demo writes nothing beside it; report files are not flow log names, so
  // `flowlens ingest <out-dir>` still reads only the flow logs.
  const reportDir = resolve(flags.reportDir ?? join(outDir, "report", lastDay));
  const written = await writeReport(report, reportDir, REPORT_FORMATS, charts);
  if (ctx.json) {
    ctx.out(
      JSON.stringify(
        {
          demo,
          ingest: summary,
          ...(backendOf(ctx.config) === "duckdb" ? { db: ctx.config.db } : { store: location }),
          report: written,
          ...alertsJson(ctx.config, alerts),
        },
        null,
        2,
      ),
    );
  } else {
    ctx.out(describeSummary(summary));
    for (const line of describeAlerts(alerts)) ctx.err(line);
    ctx.out(
      `Store: ${location}\nInventory (imported): ${demo.inventoryPath}\nGround truth: ${demo.groundTruthPath}`,
    );
    ctx.out(
      `Report for ${lastDay}: ${join(reportDir, "report.html")} (also report.md, report.json, charts/)`,
    );
    ctx.out(
      `Try: npx flowlens query "SELECT day, account_id, count(*) AS records, sum(bytes) AS bytes FROM flows GROUP BY day, account_id ORDER BY day, account_id"`,
    );
  }
  if (summary.objectsFailed > 0) return 1;
  return flags.serve ? runServe(ctx, "warn") : 0;
}
