/**
 * The contract between alert evaluation and notification: one row of `alert_events` is one state
 * transition of one instance of one rule (OK → ALARM, ALARM → OK, … → INSUFFICIENT_DATA). Evaluation
 * appends events (never rewrites one: re-evaluating the same data yields the same `event_id`, so the insert
 * is a no-op); notification reads the events it has not yet delivered (an outbox), so a Slack outage never
 * blocks a load and every event is posted once. Times are the flow records' capture times (UTC), not the
 * wall clock, except `evaluated_at`.
 */
import type { Severity } from "../insights/insight.js";

export const ALERT_STATES = ["OK", "ALARM", "INSUFFICIENT_DATA"] as const;
export type AlertState = (typeof ALERT_STATES)[number];

/** What a rule's value measures, so that messages and charts show it in the right unit. */
export const ALERT_UNITS = ["bytes", "usd", "count", "share", "z-score"] as const;
export type AlertUnit = (typeof ALERT_UNITS)[number];

/** One point of the metric around the window, for the notification's chart. */
export interface AlertPoint {
  /** ISO 8601 UTC start of the point's bucket. */
  readonly time: string;
  readonly value: number | null;
}

export interface AlertEvent {
  /** `${rule}|${instance}|${toState}|${windowEnd ISO}`: the same evaluation always yields the same id. */
  readonly eventId: string;
  readonly rule: string;
  /** The group's key ("eni-0abc…", "203.0.113.9", "eni-0abc…|22"); "" for an ungrouped rule. */
  readonly instance: string;
  readonly severity: Severity;
  readonly fromState: AlertState;
  readonly toState: AlertState;
  /** ISO 8601 UTC bounds of the evaluation window whose datapoints decided the transition. */
  readonly windowStart: string;
  readonly windowEnd: string;
  /** The value that decided (the last breaching datapoint for ALARM), null when data was missing. */
  readonly value: number | null;
  readonly threshold: number | null;
  readonly unit: AlertUnit;
  /** Dollars the value stands for over the window, when the metric is about money. */
  readonly usd: number | null;
  /** The rule's message template, rendered with the numbers. */
  readonly message: string;
  /** For a transition out of ALARM: the event id of the ALARM it ends (a Slack reply goes in its thread). */
  readonly clearsEventId: string | null;
  /** The metric around the window, oldest first (for the chart). */
  readonly series: readonly AlertPoint[];
  /** ISO 8601 UTC wall-clock time of the evaluation that recorded it. */
  readonly evaluatedAt: string;
}

/** `alert_events` in a DuckDB store (created on first use, like the Slack ledger). */
export const ALERT_EVENTS_DDL = `CREATE TABLE IF NOT EXISTS alert_events (
  event_id VARCHAR PRIMARY KEY,
  rule VARCHAR NOT NULL,
  instance VARCHAR NOT NULL,
  severity VARCHAR NOT NULL,
  from_state VARCHAR NOT NULL,
  to_state VARCHAR NOT NULL,
  window_start TIMESTAMP NOT NULL,
  window_end TIMESTAMP NOT NULL,
  value DOUBLE,
  threshold DOUBLE,
  unit VARCHAR NOT NULL,
  usd DOUBLE,
  message VARCHAR NOT NULL,
  clears_event_id VARCHAR,
  series JSON NOT NULL,
  evaluated_at TIMESTAMP NOT NULL
)`;
