import { Cron } from "croner";
import { FlowlensError, messageOf } from "../../errors.js";

const CRON_HINT =
  'write minute hour day-of-month month day-of-week, e.g. --cron "0 6 * * *" for 06:00 every day (or schedule.cron in flowlens.yaml)';

/**
 * Checks a cron expression (5 fields, or 6 with seconds first) and an IANA time zone before anything is
 * scheduled; throws FLOWLENS_USAGE with a sentence naming the value otherwise.
 */
export function checkSchedule(cron: string, timezone: string): void {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: timezone });
  } catch {
    throw new FlowlensError("FLOWLENS_USAGE", `--tz "${timezone}" is not an IANA time zone`, {
      hint: "use a name from the tz database, e.g. --tz UTC or --tz Europe/Berlin (or schedule.timezone in flowlens.yaml)",
    });
  }
  let next: Date | null;
  try {
    const job = new Cron(cron, { timezone, paused: true });
    next = job.nextRun();
    job.stop();
  } catch (error) {
    const reason = messageOf(error).replace(/^CronPattern: /, "");
    throw new FlowlensError("FLOWLENS_USAGE", `--cron "${cron}" is not a cron expression: ${reason}`, {
      hint: CRON_HINT,
      cause: error,
    });
  }
  if (next === null) {
    throw new FlowlensError("FLOWLENS_USAGE", `--cron "${cron}" never fires: no date matches it`, {
      hint: CRON_HINT,
    });
  }
}
