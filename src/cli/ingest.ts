/**
 * `flowlens ingest`: load flow logs from files, directories, globs, S3 locations and CloudWatch Logs log
 * groups into the store.
 */
import type { Command } from "commander";
import { alertRunOptions } from "../alerts/notify/alert-notifier.js";
import { type AlertsOutcome, runAlerts } from "../alerts/run-alerts.js";
import { wholeNumberFlag } from "../config/whole-number.js";
import { FlowlensError } from "../errors.js";
import type { IngestSummary } from "../ingest/ingest-run.js";
import { ingestToStore } from "../ingest/ingest-to-store.js";
import { resolveSources } from "../ingest/resolve-sources.js";
import { parseLogFormat } from "../records/log-format.js";
import { isCloudWatchUri } from "../sources/cloudwatch/cloudwatch-uri.js";
import { yesterdayUtc } from "../utc-day.js";
import { alertsJson, describeAlerts } from "./alerts-outcome.js";
import type { CliContext } from "./context.js";
import { withStore } from "./context.js";
import { rangeFromFlags } from "./day-flags.js";
import { formatCount } from "./format-output.js";
import { printable } from "./printable.js";
import { action } from "./program.js";
import { ingestProgressBar } from "./progress-bar.js";

export interface IngestFlags {
  readonly from?: string;
  readonly to?: string;
  readonly account?: string[];
  readonly region?: string[];
  readonly endpointUrl?: string;
  readonly profile?: string;
  readonly pathStyle?: boolean;
  readonly logFormat?: string;
  readonly progress?: boolean;
  readonly batchObjects?: string;
}

export function registerIngest(program: Command, setExitCode: (code: number) => void): void {
  program
    .command("ingest")
    .description("Load flow logs into the store. Re-running loads only new or changed objects.")
    .argument(
      "<sources...>",
      "files, directories, globs (quote them), s3://bucket/prefix locations or cloudwatch://<log-group>[?stream-prefix=eni-] log groups",
    )
    .option("--from <YYYY-MM-DD>", "S3 and CloudWatch Logs: first day to load, UTC (default: yesterday)")
    .option("--to <YYYY-MM-DD>", "S3 and CloudWatch Logs: last day to load, inclusive (default: --from)")
    .option("--account <id...>", "S3: only these accounts (default: every account under AWSLogs/)")
    .option(
      "--region <region...>",
      "S3: only these regions (default: every region found); CloudWatch Logs: the regions to read each log group in (default: AWS_REGION or the profile's)",
    )
    .option(
      "--profile <name>",
      "AWS profile for S3 and CloudWatch Logs (default: AWS_PROFILE, then the standard chain)",
    )
    .option(
      "--endpoint-url <url>",
      "S3-compatible or CloudWatch Logs-compatible endpoint (env AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL_CLOUDWATCH_LOGS also work)",
    )
    .option("--path-style", "S3: path-style addressing (default: on with --endpoint-url)")
    .option(
      "--log-format <format>",
      "format of headerless text, in AWS's syntax: '${version} ${account-id} …'",
    )
    .option("--batch-objects <n>", "at most this many objects per transaction (default 1000)")
    .option("--no-progress", "no progress bar")
    .addHelpText(
      "after",
      `
Examples:
  flowlens ingest ./flowlens-demo
  flowlens ingest 'logs/**/*.log.gz'
  flowlens ingest s3://my-flow-logs/prefix --from 2026-11-20 --to 2026-11-21 --account 111111111111
  flowlens ingest export.txt --log-format '\${version} \${account-id} \${interface-id} …'
  flowlens ingest 'cloudwatch:///aws/vpc/flow-logs?stream-prefix=eni-' --from 2026-11-20 --region us-east-1

CloudWatch Logs: each UTC hour of the days asked for is one object, pulled with FilterLogEvents
(logs:FilterLogEvents; at most 5 requests a second). Every run reads every hour asked for again and loads
only the hours whose events changed (a late event replaces its hour's rows; nothing is counted twice).

Exit codes: 0 all objects loaded (malformed lines are quarantined, not fatal), 1 some object failed, 2 usage.`,
    )
    .action(action<IngestFlags>(ingestCommand, setExitCode));
}

async function ingestCommand(ctx: CliContext, flags: IngestFlags, args: string[]): Promise<number> {
  const logFormat = flags.logFormat ? parseLogFormat(flags.logFormat) : undefined;
  const batchObjects =
    flags.batchObjects === undefined
      ? undefined
      : wholeNumberFlag("--batch-objects", flags.batchObjects, { unit: "objects" });
  // The days are checked here so an error names the flag typed; resolveSources lists them.
  if (flags.endpointUrl !== undefined) refuseSharedEndpoint(args);
  if (flags.from !== undefined || flags.to !== undefined) rangeFromFlags(flags, yesterdayUtc());
  // Sources first: a mistyped path or bucket fails before the store is created or locked.
  const sources = await resolveSources(args, {
    from: flags.from,
    to: flags.to,
    accounts: flags.account,
    regions: flags.region,
    s3: {
      ...ctx.config.s3,
      endpointUrl: flags.endpointUrl ?? ctx.config.s3.endpointUrl,
      forcePathStyle: flags.pathStyle ?? ctx.config.s3.forcePathStyle,
    },
    cloudwatch: { endpointUrl: flags.endpointUrl },
    profile: flags.profile,
    network: ctx.config.aws,
  });
  const bar = ingestProgressBar(flags.progress !== false && !ctx.json);
  let summary: IngestSummary;
  let alerts: AlertsOutcome;
  try {
    const options = {
      fetcher: sources.fetcher,
      unreadable: sources.unreadable,
      logFormat,
      command: `ingest ${args.join(" ")}`,
      batchObjects,
      onProgress: (p: Parameters<typeof bar.update>[0]) => bar.update(p),
    };
    ({ summary, alerts } = await withStore(ctx, async (store) => {
      const ingested = await ingestToStore(store, sources.objects, {
        ...options,
        memoryLimit: ctx.config.memoryLimit,
        threads: ctx.config.threads,
      });
      return { summary: ingested, alerts: await runAlerts(store, ctx.config, alertRunOptions(ctx.config)) };
    }));
  } finally {
    bar.stop();
    await sources.close();
  }
  const incomplete =
    summary.objectsFailed > 0
      ? new FlowlensError(
          "FLOWLENS_INGEST_INCOMPLETE",
          `${summary.objectsFailed} object(s) could not be read`,
          {
            hint: "the others were loaded; fix or remove the objects named above and run the same command again",
          },
        )
      : undefined;
  if (ctx.json) {
    const output = { ...summary, ...alertsJson(ctx.config, alerts) };
    ctx.out(
      JSON.stringify(
        incomplete ? { ...output, error: incomplete.sentence, code: incomplete.code } : output,
        null,
        2,
      ),
    );
  } else {
    ctx.out(describeSummary(summary));
    if (incomplete) ctx.err(incomplete.sentence);
    for (const line of describeAlerts(alerts)) ctx.err(line);
  }
  return incomplete ? 1 : 0;
}

/** One --endpoint-url cannot be both an S3 store and a CloudWatch Logs API. */
function refuseSharedEndpoint(args: readonly string[]): void {
  if (args.some((a) => a.startsWith("s3://")) && args.some(isCloudWatchUri)) {
    throw new FlowlensError(
      "FLOWLENS_USAGE",
      "--endpoint-url names one endpoint, and both s3:// and cloudwatch:// sources were given",
      {
        hint: "set AWS_ENDPOINT_URL_S3 and AWS_ENDPOINT_URL_CLOUDWATCH_LOGS instead, one for each service",
      },
    );
  }
}

/** How many failed objects and objects with rejects the summary names. */
const SHOWN = 10;

export function describeSummary(s: IngestSummary): string {
  const rate = s.seconds > 0 ? Math.round(s.rowsLoaded / s.seconds) : 0;
  const lines = [
    `Loaded ${formatCount(s.rowsLoaded)} records from ${formatCount(s.objectsLoaded)} object(s) in ${s.seconds.toFixed(1)} s (${formatCount(rate)} records/s); ${formatCount(s.objectsSkipped)} unchanged object(s) skipped; ${formatCount(s.objectsFailed)} failed.`,
  ];
  for (const f of s.failures.slice(0, SHOWN)) lines.push(`  failed: ${printable(f.error)}`);
  if (s.failures.length > SHOWN)
    lines.push(`  … and ${s.failures.length - SHOWN} more (flowlens stats lists them all)`);
  if (s.rowsRejected > 0) {
    lines.push(
      `Quarantined ${formatCount(s.rowsRejected)} malformed line(s) in ${s.rejectsByObject.length} object(s) (see \`flowlens stats\` and the rejects table):`,
    );
    for (const r of s.rejectsByObject.slice(0, SHOWN))
      lines.push(`  ${printable(r.uri)}: ${formatCount(r.rejected)}`);
  }
  if (s.unknownFields.length > 0) {
    lines.push(
      `Unknown fields kept as text in extra_fields: ${s.unknownFields.map((name) => printable(name)).join(", ")}.`,
    );
  }
  return lines.join("\n");
}
