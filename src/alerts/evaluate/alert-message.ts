/**
 * An event's message: the rule's template (or its kind's default) with the numbers written in, each in
 * its unit — `{rule}`, `{instance}`, `{state}`, `{value}`, `{threshold}`, `{usd}`, `{window_start}`,
 * `{window_end}`, `{severity}`, `{metric}`. An unknown placeholder is left as written.
 */
import { formatUsd } from "../../pricing/money.js";
import type { AlertState, AlertUnit } from "../alert-event.js";
import { formatAlertValue } from "../notify/alert-numbers.js";

export interface MessageFacts {
  readonly rule: string;
  readonly instance: string;
  readonly state: AlertState;
  readonly value: number | null;
  readonly threshold: number | null;
  readonly unit: AlertUnit;
  readonly usd: number | null;
  readonly windowStart: string;
  readonly windowEnd: string;
  readonly severity: string;
  readonly metric: string;
}

const DEFAULT_TEMPLATE: Record<AlertState, string> = {
  ALARM:
    "{rule}{for_instance}: {metric} was {value}{usd_part} in {window_start}–{window_end} (threshold {threshold})",
  OK: "{rule}{for_instance} is OK again: {metric} was {value} in {window_start}–{window_end}",
  INSUFFICIENT_DATA: "{rule}{for_instance}: no data in {window_start}–{window_end}",
};

export function renderMessage(template: string | undefined, facts: MessageFacts): string {
  const values: Record<string, string> = {
    rule: facts.rule,
    instance: facts.instance || "all",
    for_instance: facts.instance ? ` (${facts.instance})` : "",
    state: facts.state,
    value: formatAlertValue(facts.value, facts.unit),
    threshold: facts.threshold === null ? "-" : formatAlertValue(facts.threshold, facts.unit),
    usd: facts.usd === null ? "-" : formatUsd(facts.usd),
    usd_part: facts.usd === null || facts.unit === "usd" ? "" : ` (${formatUsd(facts.usd)})`,
    window_start: facts.windowStart.replace(".000Z", "Z"),
    window_end: facts.windowEnd.replace(".000Z", "Z"),
    severity: facts.severity,
    metric: facts.metric,
  };
  const text = facts.state === "ALARM" && template ? template : DEFAULT_TEMPLATE[facts.state];
  return text.replace(/\{([a-z_]+)\}/g, (whole, name: string) => values[name] ?? whole);
}
