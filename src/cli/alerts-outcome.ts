/** What the alerts a load evaluated changed, for the commands that load (ingest, demo, daily). */
import type { AlertsOutcome } from "../alerts/run-alerts.js";
import type { Config } from "../config/config.js";
import { printable } from "./printable.js";

/** Lines for stderr: each new ALARM and its clearing, and a failure; nothing when nothing changed. */
export function describeAlerts(outcome: AlertsOutcome): string[] {
  const lines = outcome.events
    .filter((e) => e.toState === "ALARM" || e.fromState === "ALARM")
    .map((e) => `alert ${e.toState === "ALARM" ? "ALARM" : e.toState}: ${printable(e.message)}`);
  if (outcome.error) lines.push(`flowlens: ${printable(outcome.error)} (the load itself is done)`);
  return lines;
}

/** The `alerts` member of a load's JSON output, when the config has rules. */
export function alertsJson(config: Config, outcome: AlertsOutcome): Record<string, unknown> {
  if (!config.alerts || config.alerts.rules.length === 0) return {};
  return { alerts: { events: outcome.events, ...(outcome.error ? { error: outcome.error } : {}) } };
}
