/**
 * `historySince`'s answer for one rule, taken from events already read: every event with a window ending
 * after `from`, and per instance its latest event at or before it and its latest entry into ALARM, in
 * history order (window end, then when recorded, then id). Exact when `events` holds historySince's answer
 * for an earlier (or equal) `from`, with any events recorded since added: what an evaluation reads once and
 * then asks of at several later starts.
 */
import type { AlertEvent } from "../alert-event.js";
import { epochOf } from "../alert-tables.js";

function historyOrder(a: AlertEvent, b: AlertEvent): number {
  return (
    epochOf(a.windowEnd) - epochOf(b.windowEnd) ||
    Date.parse(a.evaluatedAt) - Date.parse(b.evaluatedAt) ||
    (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0)
  );
}

export function historyAfter(events: readonly AlertEvent[], from: number): AlertEvent[] {
  const sorted = [...events].sort(historyOrder);
  const latest = new Map<string, AlertEvent>();
  const latestAlarm = new Map<string, AlertEvent>();
  for (const e of sorted) {
    if (epochOf(e.windowEnd) > from) continue;
    latest.set(e.instance, e);
    if (e.toState === "ALARM") latestAlarm.set(e.instance, e);
  }
  const kept = new Set<AlertEvent>([...latest.values(), ...latestAlarm.values()]);
  return sorted.filter((e) => epochOf(e.windowEnd) > from || kept.has(e));
}
