/**
 * The one entry point the loads call: evaluate the alert rules, then hand the new events to `notify`
 * (the notifier, wired in by the caller) — except those of silenced rules, which are recorded in
 * `alert_silenced_events` so that an outbox reading `alert_events` leaves them out too. A failing evaluation or
 * notification is returned as a sentence, never thrown: alerts must not break the load that ran them.
 */
import type { Config } from "../config/config.js";
import { messageOf } from "../errors.js";
import type { Store } from "../store/store.js";
import type { AlertEvent } from "./alert-event.js";
import { activeSilences, markSilenced } from "./alert-tables.js";
import { evaluateAlerts } from "./evaluate-alerts.js";

export type AlertNotifier = (store: Store, events: readonly AlertEvent[]) => Promise<void>;

export interface RunAlertsOptions {
  readonly notify?: AlertNotifier;
  /** @default now */
  readonly now?: () => Date;
}

export interface AlertsOutcome {
  /** Every event recorded by this run. */
  readonly events: readonly AlertEvent[];
  /** Those handed to `notify` (the rest belong to silenced rules). */
  readonly notified: readonly AlertEvent[];
  /** Why evaluation or notification failed, when it did. */
  readonly error?: string;
}

export async function runAlerts(
  store: Store,
  config: Config,
  options: RunAlertsOptions = {},
): Promise<AlertsOutcome> {
  if (!config.alerts || config.alerts.rules.length === 0) return { events: [], notified: [] };
  let events: AlertEvent[];
  try {
    events = await evaluateAlerts(store, config, options.now ? { now: options.now } : {});
  } catch (error) {
    return { events: [], notified: [], error: `alert evaluation failed: ${messageOf(error)}` };
  }
  const now = (options.now?.() ?? new Date()).getTime() / 1000;
  const silenced = events.length > 0 ? await activeSilences(store, now) : new Map<string, string>();
  await markSilenced(store, events, silenced);
  const notified = events.filter((e) => !silenced.has(e.rule));
  if (!options.notify || notified.length === 0) return { events, notified };
  try {
    await options.notify(store, notified);
    return { events, notified };
  } catch (error) {
    return { events, notified, error: `alert notification failed: ${messageOf(error)}` };
  }
}
