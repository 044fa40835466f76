/**
 * `flowlens schedule`: runs the daily job by cron, one run at a time, catching up missed days (state in
 * the store's daily_runs); SIGTERM/SIGINT stop it after the current step.
 */
import type { Command } from "commander";
import { checkSchedule } from "../daily/schedule/check-schedule.js";
import { recordedRunDay, storeRunState } from "../daily/schedule/recorded-run-day.js";
import { startScheduler } from "../daily/schedule/scheduler.js";
import { stopOnSignals } from "../daily/schedule/stop-on-signals.js";
import type { CliContext } from "./context.js";
import { dailyJob } from "./daily.js";
import { action } from "./program.js";

interface ScheduleFlags {
  readonly cron?: string;
  readonly tz?: string;
  readonly deliver: boolean;
  readonly slackSecret?: string;
}

export function registerSchedule(program: Command, setExitCode: (code: number) => void): void {
  program
    .command("schedule")
    .description(
      "Run the daily job on a schedule: one run at a time, missed days caught up after downtime, a clean stop on SIGTERM/SIGINT.",
    )
    .option("--cron <expression>", 'when to run, e.g. "0 6 * * *" (default: schedule.cron, 06:00)')
    .option("--tz <zone>", "IANA time zone of --cron (default: schedule.timezone, UTC)")
    .option("--slack-secret <name-or-arn>", "Secrets Manager secret with the Slack bot token and channel")
    .option("--no-deliver", "ingest and write reports only")
    .action(action<ScheduleFlags>(scheduleCommand, setExitCode));
}

async function scheduleCommand(ctx: CliContext, flags: ScheduleFlags): Promise<number> {
  const cron = flags.cron ?? ctx.config.schedule.cron;
  const timezone = flags.tz ?? ctx.config.schedule.timezone;
  checkSchedule(cron, timezone);
  const openStore = () => ctx.openStore();
  const scheduler = startScheduler({
    cron,
    timezone,
    runDay: recordedRunDay(openStore, dailyJob(ctx, flags)),
    state: storeRunState(openStore),
    maxCatchUp: ctx.config.schedule.catchUpDays,
    log: (line) => ctx.err(line),
  });
  ctx.err(
    `flowlens schedule: "${cron}" (${timezone}); next run ${scheduler.nextRun()?.toISOString() ?? "never"}`,
  );
  const unregister = stopOnSignals(scheduler, process, (line) => ctx.err(line));
  await scheduler.stopped();
  unregister();
  return 0;
}
