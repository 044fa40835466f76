import { Cron } from "croner";
import { FlowlensError, messageOf } from "../../errors.js";

const CRON_HINT =
  'write minute hour day-of-month month day-of-week, e.g. --cron "0 6 * * *" for 06:00 every day (or schedule.cron in flowlens.yaml)';

function isTimeZone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

/** Why a cron expression cannot run ("is not a cron expression: …", "never fires: …"), or undefined. */
function cronProblem(cron: string, timezone: string): { reason: string; cause?: unknown } | undefined {
  let next: Date | null;
  try {
    const job = new Cron(cron, { timezone, paused: true });
    next = job.nextRun();
    job.stop();
  } catch (error) {
    return {
      reason: `is not a cron expression: ${messageOf(error).replace(/^CronPattern: /, "")}`,
      cause: error,
    };
  }
  return next === null ? { reason: "never fires: no date matches it" } : undefined;
}

/** For the config schema: what is wrong with `schedule.timezone`, as "expected …, got …". */
export function timeZoneSettingProblem(timezone: string): string | undefined {
  return isTimeZone(timezone)
    ? undefined
    : `expected an IANA time zone such as UTC or Europe/Berlin, got ${JSON.stringify(timezone)}`;
}

/** For the config schema: what is wrong with `schedule.cron` (read in UTC), as "expected …, got …". */
export function cronSettingProblem(cron: string): string | undefined {
  const problem = cronProblem(cron, "UTC");
  return problem
    ? `expected a cron expression such as "0 6 * * *" (minute hour day-of-month month day-of-week), got ${JSON.stringify(cron)}, which ${problem.reason}`
    : undefined;
}

/**
 * Checks a cron expression (5 fields, or 6 with seconds first) and an IANA time zone before anything is
 * scheduled; throws FLOWLENS_USAGE with a sentence naming the value otherwise.
 */
export function checkSchedule(cron: string, timezone: string): void {
  if (!isTimeZone(timezone)) {
    throw new FlowlensError("FLOWLENS_USAGE", `--tz "${timezone}" is not an IANA time zone`, {
      hint: "use a name from the tz database, e.g. --tz UTC or --tz Europe/Berlin (or schedule.timezone in flowlens.yaml)",
    });
  }
  const problem = cronProblem(cron, timezone);
  if (problem) {
    throw new FlowlensError("FLOWLENS_USAGE", `--cron "${cron}" ${problem.reason}`, {
      hint: CRON_HINT,
      ...(problem.cause === undefined ? {} : { cause: problem.cause }),
    });
  }
}
