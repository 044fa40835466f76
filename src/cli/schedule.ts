/**
 * `flowlens schedule`: runs the daily job by cron, one run at a time, catching up missed days (state in
 * the store's daily_runs), and evaluates the alert rules every alerts.evaluateEvery between runs;
 * SIGTERM/SIGINT stop it after the current step.
 */
import type { Command } from "commander";
import { startAlertTimer } from "../alerts/alert-timer.js";
import { alertRunOptions } from "../alerts/notify/alert-notifier.js";
import { runAlerts } from "../alerts/run-alerts.js";
import { checkSchedule } from "../daily/schedule/check-schedule.js";
import { recordedRunDay, storeRunState } from "../daily/schedule/recorded-run-day.js";
import { startScheduler } from "../daily/schedule/scheduler.js";
import { stopOnSignals } from "../daily/schedule/stop-on-signals.js";
import { describeAlerts } from "./alerts-outcome.js";
import { type CliContext, withStore } from "./context.js";
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
  // The daily job and the alert timer take the store in turn, never both at once.
  let turn: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = turn.then(fn);
    turn = run.catch(() => undefined);
    return run;
  };
  const runDay = recordedRunDay(openStore, dailyJob(ctx, flags));
  const scheduler = startScheduler({
    cron,
    timezone,
    runDay: (day, trigger, signal) => inTurn(() => runDay(day, trigger, signal)),
    state: storeRunState(openStore),
    maxCatchUp: ctx.config.schedule.catchUpDays,
    log: (line) => ctx.err(line),
  });
  ctx.err(
    `flowlens schedule: "${cron}" (${timezone}); next run ${scheduler.nextRun()?.toISOString() ?? "never"}`,
  );
  const alerts = ctx.config.alerts;
  const alertTimer = alerts?.rules.length
    ? startAlertTimer(
        alerts.evaluateEvery * 1000,
        () =>
          inTurn(() =>
            withStore(ctx, async (store) => {
              const outcome = await runAlerts(store, ctx.config, alertRunOptions(ctx.config));
              for (const line of describeAlerts(outcome)) ctx.err(line);
            }),
          ),
        (message) => ctx.err(`flowlens schedule: alert evaluation failed: ${message}`),
      )
    : undefined;
  const unregister = stopOnSignals(scheduler, process, (line) => ctx.err(line));
  await scheduler.stopped();
  await alertTimer?.stop();
  unregister();
  return 0;
}
