/**
 * Datapoints of composite rules, from the recorded states of the rules they name (judged earlier in the
 * same run): at the end of each bucket, a named rule is in ALARM when any of its instances is (its latest
 * event by then went to ALARM), and the expression's `all`/`any`/`not` combine those, as CloudWatch's
 * ALARM(name) does. The composite is judged up to where all its rules have been judged.
 */
import type { AlertEvent } from "../alert-event.js";
import { epochOf, type Watermark } from "../alert-tables.js";
import { type DatapointRow, datapointsFrom, type RuleDatapoints } from "../datapoints/datapoints.js";
import type { CompositeExpression, CompositeRule } from "../rules/alert-rule-schema.js";
import { compositeChildren } from "../rules/rule-references.js";
import { planWindows, type WindowPlan } from "./plan-windows.js";

/** Whether the expression holds, given which rules are in ALARM. */
export function expressionHolds(
  expression: CompositeExpression,
  inAlarm: (rule: string) => boolean,
): boolean {
  if (typeof expression === "string") return inAlarm(expression);
  if ("not" in expression) return !expressionHolds(expression.not, inAlarm);
  if ("all" in expression) return expression.all.every((e) => expressionHolds(e, inAlarm));
  return expression.any.some((e) => expressionHolds(e, inAlarm));
}

/** A rule's ALARM at each time: its events, latest per instance. */
function alarmAt(history: readonly AlertEvent[]): (t: number) => boolean {
  const sorted = [...history].sort((a, b) => epochOf(a.windowEnd) - epochOf(b.windowEnd));
  return (t) => {
    const state = new Map<string, string>();
    for (const e of sorted) {
      if (epochOf(e.windowEnd) > t) break;
      state.set(e.instance, e.toState);
    }
    return [...state.values()].includes("ALARM");
  };
}

/** The windows a composite judges: as any rule's, up to where all its rules have been judged. */
export function compositePlan(
  rule: CompositeRule,
  base: {
    first: number;
    backfill: number;
    lateData: number;
    watermark: Watermark | undefined;
    dryRun?: { from: number; to: number };
  },
  judgedTo: (rule: string) => number | undefined,
): WindowPlan | undefined {
  const judged = compositeChildren(rule.when).map((c) => judgedTo(c));
  if (judged.some((t) => t === undefined)) return undefined;
  const last = Math.min(...(judged as number[]));
  return planWindows({ ...base, period: rule.period, evaluationPeriods: rule.evaluationPeriods, last });
}

/** The composite's datapoints over its plan's range, from its rules' histories. */
export async function compositeDatapoints(
  rule: CompositeRule,
  plan: WindowPlan,
  historyOf: (rule: string, from: number) => Promise<AlertEvent[]>,
): Promise<RuleDatapoints> {
  const alarms = new Map<string, (t: number) => boolean>();
  for (const child of compositeChildren(rule.when))
    alarms.set(child, alarmAt(await historyOf(child, plan.range.from)));
  const rows: DatapointRow[] = [];
  const present: number[] = [];
  for (let b = plan.range.from; b < plan.range.to; b += rule.period) {
    present.push(b);
    const holds = expressionHolds(rule.when, (name) => alarms.get(name)?.(b + rule.period) ?? false);
    rows.push({ bucket: b, instance: "", value: holds ? 1 : 0, breaching: holds });
  }
  return datapointsFrom(rows, present);
}
