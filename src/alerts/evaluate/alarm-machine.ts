/**
 * The state of one instance of one rule, window by window — CloudWatch's alarm semantics, on capture time:
 *
 * - A *window* is the N (`evaluationPeriods`) buckets of `period` that end at a bucket boundary; it is
 *   judged once its last bucket is complete (the store holds a record that starts after it).
 * - A datapoint *breaches* when its value compares to the threshold as the rule says (an SQL rule's row,
 *   a finding and a composite's expression breach by themselves). The window is ALARM
 *   when at least M (`datapointsToAlarm`, default N) of its datapoints breach.
 * - A *missing* datapoint (no record of the rule's scope in the bucket) counts as `treatMissingData` says:
 *   `notBreaching` — good; `breaching` — bad; `missing` — left out, and a window with no datapoint at all is
 *   INSUFFICIENT_DATA; `ignore` — left out, and a window with no datapoint keeps the state it had.
 *   Otherwise the window is OK.
 * - `cooldown`: an instance that entered ALARM does not enter it again until `cooldown` after that entry
 *   (windows that would alarm sooner leave it as it was).
 * - An instance never judged before starts OK (no event is written for it starting).
 * - A grouped rule's instances exist by their data (an ENI, a source address): a window in which its
 *   whole scope sent nothing keeps each instance's state, as `ignore` would — a source that stops sending
 *   is not "insufficient data". Ungrouped rules go to INSUFFICIENT_DATA as above.
 */
import type { AlertState } from "../alert-event.js";
import type { DatapointValue } from "../datapoints/datapoints.js";
import type { TreatMissingData } from "../rules/alert-rule-schema.js";

export interface MachineRule {
  readonly period: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly treatMissingData: TreatMissingData;
  readonly cooldown: number;
  readonly breaches: (value: number) => boolean;
}

/** A datapoint: its value (and dollars), or undefined when missing. */
export type DatapointAt = (bucketStart: number) => DatapointValue | undefined;

export interface MachineStart {
  readonly state: AlertState;
  /** Window end of the instance's latest entry into ALARM, for the cooldown. */
  readonly lastAlarmAt: number | null;
}

export interface Judgement {
  readonly windowEnd: number;
  readonly state: AlertState;
  /** The deciding value: the latest breaching datapoint for ALARM, else the latest one present. */
  readonly value: number | null;
  readonly usd: number | null;
}

/** Judges the windows ending at each of `ends` (ascending), from the state `start` had before the first. */
export function judgeWindows(
  rule: MachineRule,
  datapointAt: DatapointAt,
  start: MachineStart,
  ends: readonly number[],
  grouped = false,
): Judgement[] {
  let state = start.state;
  let lastAlarmAt = start.lastAlarmAt;
  const judgements: Judgement[] = [];
  for (const end of ends) {
    let breaching = 0;
    let present = 0;
    let latest: DatapointValue | undefined;
    let latestBreaching: DatapointValue | undefined;
    for (let k = rule.evaluationPeriods; k >= 1; k--) {
      const point = datapointAt(end - k * rule.period);
      if (point === undefined) {
        if (rule.treatMissingData === "breaching") breaching++;
        if (rule.treatMissingData === "breaching" || rule.treatMissingData === "notBreaching") present++;
        continue;
      }
      present++;
      latest = point;
      if (point.breaching ?? rule.breaches(point.value)) {
        breaching++;
        latestBreaching = point;
      }
    }
    let next: AlertState;
    if (breaching >= rule.datapointsToAlarm) next = "ALARM";
    else if (present === 0)
      next = rule.treatMissingData === "ignore" || grouped ? state : "INSUFFICIENT_DATA";
    else next = "OK";
    if (next === "ALARM" && state !== "ALARM") {
      if (lastAlarmAt !== null && end - lastAlarmAt < rule.cooldown) next = state;
      else lastAlarmAt = end;
    }
    state = next;
    const decided = state === "ALARM" ? (latestBreaching ?? latest) : state === "OK" ? latest : undefined;
    judgements.push({ windowEnd: end, state, value: decided?.value ?? null, usd: decided?.usd ?? null });
  }
  return judgements;
}
