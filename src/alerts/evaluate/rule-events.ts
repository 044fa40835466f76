/**
 * From a rule's judgements to the events to record, against the history already recorded. Windows after
 * the watermark are new: each change of state is an event. Windows at or before it (within
 * `alerts.lateData`) are judged again with the records as they are now — late records count in the window
 * they belong to — and compared with what the history told users: where the history says one state and
 * the window now says another, a *revision* event is recorded (its message starts "Revised by late data",
 * its id ends `|rev<n>`), so a decision already made is never changed silently, and the history always
 * ends where the judgements are. Judging the same records again finds the history already agreeing, and
 * records nothing.
 */
import type { Severity } from "../../insights/insight.js";
import type { AlertEvent, AlertPoint, AlertState, AlertUnit } from "../alert-event.js";
import { epochOf } from "../alert-tables.js";
import type { Judgement } from "./alarm-machine.js";
import { renderMessage } from "./alert-message.js";

export interface RuleFacts {
  readonly name: string;
  readonly severity: Severity;
  readonly period: number;
  readonly evaluationPeriods: number;
  readonly threshold: number | null;
  readonly unit: AlertUnit;
  readonly metricTitle: string;
  readonly message?: string;
}

const iso = (epochSeconds: number) => new Date(epochSeconds * 1000).toISOString();

/** The state the recorded history leaves an instance in, and its open ALARM's event. */
export interface Told {
  state: AlertState;
  alarmEventId: string | null;
}

export function applyRecorded(told: Told, event: AlertEvent): void {
  told.state = event.toState;
  told.alarmEventId = event.toState === "ALARM" ? event.eventId : null;
}

export interface InstanceInput {
  readonly instance: string;
  readonly judgements: readonly Judgement[];
  /** Recorded events of the instance with windows ending after the judged range's start, in history order. */
  readonly recorded: readonly AlertEvent[];
  /** What the history said at the judged range's start. */
  readonly told: Told;
  /** The metric around a window, for the chart. */
  readonly seriesAround: (windowEnd: number) => AlertPoint[];
}

export function instanceEvents(
  rule: RuleFacts,
  input: InstanceInput,
  /** End of the latest window judged before: windows up to it are judged again, as revisions. */
  watermark: number | undefined,
  evaluatedAt: string,
): AlertEvent[] {
  const told: Told = { ...input.told };
  const events: AlertEvent[] = [];
  let next = 0;
  const atWindow = new Map<number, number>();
  for (const e of input.recorded) {
    const end = epochOf(e.windowEnd);
    atWindow.set(end, (atWindow.get(end) ?? 0) + 1);
  }
  for (const judgement of input.judgements) {
    while (
      next < input.recorded.length &&
      epochOf((input.recorded[next] as AlertEvent).windowEnd) <= judgement.windowEnd
    )
      applyRecorded(told, input.recorded[next++] as AlertEvent);
    if (judgement.state === told.state) continue;
    const revised = watermark !== undefined && judgement.windowEnd <= watermark;
    const windowEnd = iso(judgement.windowEnd);
    const windowStart = iso(judgement.windowEnd - rule.evaluationPeriods * rule.period);
    const earlier = atWindow.get(judgement.windowEnd) ?? 0;
    const message = renderMessage(rule.message, {
      rule: rule.name,
      instance: input.instance,
      state: judgement.state,
      value: judgement.value,
      threshold: rule.threshold,
      unit: rule.unit,
      usd: judgement.usd,
      windowStart,
      windowEnd,
      severity: rule.severity,
      metric: rule.metricTitle,
    });
    const event: AlertEvent = {
      eventId: `${rule.name}|${input.instance}|${judgement.state}|${windowEnd}${revised && earlier > 0 ? `|rev${earlier}` : ""}`,
      rule: rule.name,
      instance: input.instance,
      severity: rule.severity,
      fromState: told.state,
      toState: judgement.state,
      windowStart,
      windowEnd,
      value: judgement.value,
      threshold: rule.threshold,
      unit: rule.unit,
      usd: judgement.usd,
      message: revised ? `Revised by late data: ${message}` : message,
      clearsEventId: told.state === "ALARM" ? told.alarmEventId : null,
      series: input.seriesAround(judgement.windowEnd),
      evaluatedAt,
    };
    events.push(event);
    atWindow.set(judgement.windowEnd, earlier + 1);
    applyRecorded(told, event);
  }
  return events;
}
