/**
 * `flowlens daily`: one run of the daily job (for cron, a systemd timer, an ECS scheduled task), and
 * `flowlens deliver`: send an already written report again.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Command } from "commander";
import { alertNotifier } from "../alerts/notify/alert-notifier.js";
import {
  DAILY_EXIT,
  type DailyEnvironment,
  type DailyOutcome,
  deliverWritten,
  RUN_FILE,
  reportDirFor,
  runDaily,
} from "../daily/run-daily.js";
import { recordedRunDay } from "../daily/schedule/recorded-run-day.js";
import { FlowlensError } from "../errors.js";
import type { Report } from "../report/build-report.js";
import { refuseCredential, SECRET_NAME } from "../secrets/credential-shape.js";
import type { CliContext } from "./context.js";
import { dayFromFlag } from "./day-flags.js";
import { printable } from "./printable.js";
import { action } from "./program.js";

interface DailyFlags {
  readonly date?: string;
  readonly deliver: boolean;
  readonly slackSecret?: string;
}

interface DeliverFlags {
  readonly date?: string;
  readonly slackSecret?: string;
}

/** `alerts` (for the daily job): post alert notifications too — not with --no-deliver, nor for `deliver`. */
export function dailyEnvironment(
  ctx: CliContext,
  alerts?: { readonly slackSecret?: string | undefined },
): DailyEnvironment {
  const notifyAlerts =
    alerts === undefined
      ? undefined
      : alertNotifier(
          ctx.config,
          alerts.slackSecret === undefined ? {} : { slackSecret: alerts.slackSecret },
        );
  return {
    config: ctx.config,
    ...(notifyAlerts ? { notifyAlerts } : {}),
    openStore: () => ctx.openStore(),
    log: (line) => {
      if (!ctx.json) ctx.err(line);
    },
  };
}

const SLACK_SECRET_HELP =
  'Secrets Manager secret (name or ARN) holding {"botToken": "xoxb-…", "channelId": "C…"} (else SLACK_BOT_TOKEN/SLACK_CHANNEL_ID, else the config\'s slack section)';

export function registerDaily(program: Command, setExitCode: (code: number) => void): void {
  program
    .command("daily")
    .description(
      `Ingest the day's new flow log objects (daily.sources), write its report and post it to Slack. Exit codes: ${DAILY_EXIT.done} done, ${DAILY_EXIT.partial} done with a gap the message states, ${DAILY_EXIT.failed} a stage failed (run again), 2 usage.`,
    )
    .option("--date <YYYY-MM-DD>", "the day to run for (default: yesterday, UTC)")
    .option("--slack-secret <name-or-arn>", SLACK_SECRET_HELP)
    .option("--no-deliver", "ingest and write the report only")
    .action(action<DailyFlags>(dailyCommand, setExitCode));
  program
    .command("deliver")
    .description("Send a report the daily job already wrote to Slack again (updates the day's message).")
    .option("--date <YYYY-MM-DD>", "the day whose report to send (default: yesterday, UTC)")
    .option("--slack-secret <name-or-arn>", SLACK_SECRET_HELP)
    .action(action<DeliverFlags>(deliverCommand, setExitCode));
}

export function printOutcome(ctx: CliContext, outcome: DailyOutcome): void {
  if (ctx.json) {
    ctx.out(JSON.stringify(outcome, null, 2));
    return;
  }
  ctx.out(`${outcome.day}: ${outcome.completeness ?? ""}`);
  if (outcome.reportDir) ctx.out(`Report: ${printable(join(outcome.reportDir, "report.html"))}`);
  if (outcome.delivery) {
    const d = outcome.delivery;
    ctx.out(
      `Slack: ${d.updated ? "updated" : "posted"} ${d.permalink ?? d.messageTs} with ${d.replies.length} replies and ${d.uploads.length} files`,
    );
  }
  for (const problem of outcome.problems) ctx.err(`flowlens: ${problem}`);
}

/** The daily job as the scheduler and `daily` run it: its outcome printed, its exit code returned. */
export function dailyJob(ctx: CliContext, flags: Pick<DailyFlags, "deliver" | "slackSecret">) {
  // Before any work: a token pasted as --slack-secret is a usage error, never sent or shown.
  refuseCredential(flags.slackSecret, "--slack-secret", SECRET_NAME);
  return async (day: string, signal: AbortSignal): Promise<number> => {
    const alerts = flags.deliver === false ? undefined : { slackSecret: flags.slackSecret };
    const outcome = await runDaily(dailyEnvironment(ctx, alerts), {
      day,
      deliver: flags.deliver,
      signal,
      ...(flags.slackSecret ? { slackSecret: flags.slackSecret } : {}),
    });
    printOutcome(ctx, outcome);
    return outcome.exitCode;
  };
}

async function dailyCommand(ctx: CliContext, flags: DailyFlags): Promise<number> {
  // Recorded in daily_runs like a scheduled run, so `flowlens schedule` knows this day is done.
  const runDay = recordedRunDay(() => ctx.openStore(), dailyJob(ctx, flags));
  return runDay(dayFromFlag(flags.date), "manual", new AbortController().signal);
}

async function deliverCommand(ctx: CliContext, flags: DeliverFlags): Promise<number> {
  refuseCredential(flags.slackSecret, "--slack-secret", SECRET_NAME);
  const day = dayFromFlag(flags.date);
  const dir = reportDirFor(ctx.config, day);
  const reportFile = join(dir, "report.json");
  if (!existsSync(reportFile)) {
    throw new FlowlensError("FLOWLENS_SOURCE_NOT_FOUND", `no report for ${day} in ${dir}`, {
      hint: `run flowlens daily --date ${day} (or flowlens report --date ${day} --out-dir ${dirname(dir)}) first`,
    });
  }
  const report = JSON.parse(readFileSync(reportFile, "utf8")) as Report;
  const files = [
    ...readdirSync(dir).map((f) => join(dir, f)),
    ...(existsSync(join(dir, "charts"))
      ? readdirSync(join(dir, "charts")).map((f) => join(dir, "charts", f))
      : []),
  ];
  const run = join(dir, RUN_FILE);
  const completeness = existsSync(run)
    ? (JSON.parse(readFileSync(run, "utf8")) as { completeness?: string }).completeness
    : undefined;
  const delivery = await deliverWritten(
    dailyEnvironment(ctx),
    { dir, files },
    report,
    completeness,
    flags.slackSecret,
  );
  printOutcome(ctx, {
    day,
    reportDir: dir,
    ...(completeness ? { completeness } : {}),
    delivery,
    problems: [],
    exitCode: 0,
  });
  return 0;
}
