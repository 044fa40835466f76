/**
 * The notifier the loads hand to `runAlerts`: it delivers the outbox (every undelivered event, not only
 * this run's) to the targets the config's rules name, with the `slack:` bot read only when a Slack post is
 * due. Problems (Slack down, a webhook refusing) come back as one error, which `runAlerts` reports as a
 * sentence; the events stay in the outbox for the next call, so a load never waits on a receiver for long.
 */
import type { Config } from "../../config/config.js";
import { FlowlensError } from "../../errors.js";
import { resolveSlackCredentials } from "../../secrets/slack-credentials.js";
import type { AlertNotifier, RunAlertsOptions } from "../run-alerts.js";
import { type DeliverAlertOptions, deliverAlertEvents } from "./deliver-alert-events.js";
import { alertTargets } from "./notify-settings.js";

/** Undefined when no rule is configured, so that a config without alerts costs nothing. */
export function alertNotifier(
  config: Config,
  options: DeliverAlertOptions & { readonly slackSecret?: string } = {},
): AlertNotifier | undefined {
  const rules = new Map((config.alerts?.rules ?? []).map((rule) => [rule.name, rule]));
  if (rules.size === 0) return undefined;
  const env = options.env ?? process.env;
  const slackConfigured =
    options.slackSecret !== undefined || config.slack?.secret !== undefined || Boolean(env.SLACK_BOT_TOKEN);
  const webhooks = config.alerts?.webhooks ?? {};
  return async (store) => {
    const report = await deliverAlertEvents(
      store,
      {
        targetsOf: (rule) => alertTargets(rules.get(rule)?.notify, webhooks, slackConfigured),
        slack: () =>
          resolveSlackCredentials({
            ...(options.slackSecret === undefined ? {} : { slackSecret: options.slackSecret }),
            ...(config.slack === undefined ? {} : { config: config.slack }),
            env,
            secretsManager: { network: config.aws },
          }),
      },
      { network: config.aws, ...options },
    );
    if (report.problems.length > 0) {
      throw new FlowlensError("FLOWLENS_ALERTS_UNDELIVERED", report.problems.join("; "), {
        hint: `${report.waiting} notification(s) wait in the outbox for the next evaluation`,
      });
    }
  };
}

/** `runAlerts`'s options for a command: notify when rules are configured. */
export function alertRunOptions(config: Config): RunAlertsOptions {
  const notify = alertNotifier(config);
  return notify ? { notify } : {};
}
