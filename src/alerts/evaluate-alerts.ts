/**
 * Alert evaluation: every enabled rule judged on the windows whose records are in the store, by capture
 * time, with the events it leads to appended to `alert_events`.
 *
 * The clock is the data's: a bucket is complete once the store holds a record that starts after it, so
 * loading last week's logs evaluates last week. Per rule, `alert_watermarks` holds the end of the latest
 * window judged. A run judges the windows ending after it, up to the clock (the first run reaches back
 * `alerts.backfill`), and judges again those of the `alerts.lateData` before it, since records arrive late:
 * where that changes what the history said, a revision event says so (evaluate/rule-events.ts). Composite
 * rules are judged last, on their rules' recorded states.
 *
 * `dryRun` (alerts test) judges a given range from a clean slate and writes nothing.
 *
 * On a ClickHouse store the same plan and judgement run; the datapoints come from ClickHouse's SQL
 * (clickhouse/clickhouse-datapoints.ts), and without transactions the events are written before the
 * watermarks, so a run cut off between them is judged again and finds its events recorded.
 */
import type { Config } from "../config/config.js";
import { refreshStoreAddresses } from "../enrich/enrichment-store.js";
import { ensureEnrichmentTables } from "../insights/enrichment-tables.js";
import { rejectedTraffic } from "../insights/rejected-traffic/rejected-traffic.js";
import { loadPrices } from "../pricing/price-table.js";
import type { DuckDbStore } from "../store/duckdb/duckdb-store.js";
import type { DialectName, Store } from "../store/store.js";
import type { AlertEvent, AlertPoint } from "./alert-event.js";
import {
  earliestLoadedAfter,
  ensureAlertTables,
  epochOf,
  historySince,
  insertEvents,
  latestLoad,
  readWatermarks,
  ruleHistorySince,
  type Watermark,
  writeWatermarks,
} from "./alert-tables.js";
import { clickHouseDatapoints } from "./clickhouse/clickhouse-datapoints.js";
import { anomalyDatapoints } from "./datapoints/anomaly-datapoints.js";
import type { DatapointValue, RuleDatapoints } from "./datapoints/datapoints.js";
import { eventDatapoints } from "./datapoints/event-datapoints.js";
import { PresentBuckets } from "./datapoints/present-buckets.js";
import { sqlDatapoints } from "./datapoints/sql-datapoints.js";
import { type MetricContext, thresholdDatapoints } from "./datapoints/threshold-datapoints.js";
import { judgeWindows, type MachineRule } from "./evaluate/alarm-machine.js";
import { compositeDatapoints, compositePlan } from "./evaluate/composite-datapoints.js";
import { evaluationOrder } from "./evaluate/evaluation-order.js";
import { historyAfter } from "./evaluate/history-after.js";
import { planWindows, type WindowPlan } from "./evaluate/plan-windows.js";
import { instanceEvents, type RuleFacts, type Told } from "./evaluate/rule-events.js";
import { metricById } from "./metrics/metric-catalog.js";
import type { AlertRule, AlertsConfig, Comparison, ThresholdRule } from "./rules/alert-rule-schema.js";
import { compositeChildren } from "./rules/rule-references.js";

/** Points of the metric before a window's end kept for the chart. */
const SERIES_POINTS = 24;

export interface EvaluateOptions {
  /** Only these rules (and the rules their composites need). @default every enabled rule */
  readonly rules?: readonly string[];
  /** Judge windows ending in (from, to] from a clean slate and record nothing (`alerts test`). */
  readonly dryRun?: { readonly from: number; readonly to: number };
  /** The wall clock of `evaluatedAt`. @default now */
  readonly now?: () => Date;
}

interface Plan extends WindowPlan {
  readonly rule: AlertRule;
}

const COMPARE: Record<Comparison, (a: number, b: number) => boolean> = {
  ">": (a, b) => a > b,
  ">=": (a, b) => a >= b,
  "<": (a, b) => a < b,
  "<=": (a, b) => a <= b,
};

function machineRule(rule: AlertRule): MachineRule {
  const threshold = "threshold" in rule ? rule.threshold : 0;
  const compare = rule.kind === "threshold" ? COMPARE[rule.comparison] : COMPARE[">"];
  return {
    period: rule.period,
    evaluationPeriods: rule.evaluationPeriods,
    datapointsToAlarm: rule.datapointsToAlarm ?? rule.evaluationPeriods,
    treatMissingData: rule.treatMissingData,
    cooldown: rule.cooldown,
    breaches: (value) => compare(value, threshold),
  };
}

function ruleFacts(rule: AlertRule): RuleFacts {
  const base = {
    name: rule.name,
    severity: rule.severity,
    period: rule.period,
    evaluationPeriods: rule.evaluationPeriods,
    ...(rule.message ? { message: rule.message } : {}),
  };
  switch (rule.kind) {
    case "threshold": {
      const metric = metricById(rule.metric);
      return { ...base, threshold: rule.threshold, unit: metric.unit, metricTitle: metric.title };
    }
    case "anomaly":
      return {
        ...base,
        threshold: rule.threshold,
        unit: "z-score",
        metricTitle: "hourly bytes (robust z-score)",
      };
    case "event":
      return {
        ...base,
        threshold: null,
        unit: "count",
        metricTitle: rule.finding === "scan" ? "scan (ports touched)" : "new service port (records)",
      };
    case "sql":
      return { ...base, threshold: null, unit: "count", metricTitle: "query rows" };
    case "composite":
      return { ...base, threshold: null, unit: "count", metricTitle: "composite condition" };
  }
}

/** Instances of a rule that exist without data of their own: the one instance of an ungrouped rule. */
function fixedInstances(rule: AlertRule): string[] {
  if (rule.kind === "threshold") return rule.groupBy.length === 0 ? [""] : [];
  if (rule.kind === "anomaly") return rule.per === "estate" ? [""] : [];
  return rule.kind === "composite" ? [""] : [];
}

/** What the evaluation asks the store, in each dialect. */
const CLOCK_SQL: Record<DialectName, { region: string; clock: string }> = {
  duckdb: {
    region: "SELECT any_value(region) FROM inventory_enis",
    // Unfiltered: DuckDB reads one column for it, where a filter on days named by subqueries read every row.
    clock:
      "SELECT epoch(min(start_time))::DOUBLE AS first, epoch(max(start_time))::DOUBLE AS last FROM flows",
  },
  clickhouse: {
    region: "SELECT nullIf(any(ifNull(region, '')), '') FROM inventory_enis",
    clock: `SELECT if(count(start_time) = 0, NULL, toUnixTimestamp(min(start_time))) AS first,
      if(count(start_time) = 0, NULL, toUnixTimestamp(max(start_time))) AS last FROM flows`,
  },
};

async function metricContext(store: Store, config: Config): Promise<MetricContext> {
  const prices = loadPrices({ overrides: config.prices });
  const region = (await store.value<string | null>(CLOCK_SQL[store.dialect.name].region)) ?? "us-east-1";
  const perByte = (usdPerGb: number) => usdPerGb / 2 ** 30;
  const admin = rejectedTraffic.params.parse(config.insights?.["rejected-traffic"] ?? {});
  return {
    usdPerByte: {
      natGatewayProcessing: perByte(prices.priceOf(region, "natGatewayProcessing").usdPerGb),
      crossAz: perByte(prices.priceOf(region, "crossAz").usdPerGb),
      internetEgress: perByte(prices.priceOf(region, "internetEgress").usdPerGb),
    },
    adminPorts: admin.admin_ports,
  };
}

interface DataClock {
  readonly first: number;
  readonly last: number;
}

/** The capture times the store holds: the earliest and latest record start, in epoch seconds. */
async function dataClock(store: Store): Promise<DataClock | undefined> {
  const [row] = await store.rows<{ first: number | null; last: number | null }>(
    CLOCK_SQL[store.dialect.name].clock,
  );
  if (!row || row.first === null || row.last === null) return undefined;
  return { first: Number(row.first), last: Number(row.last) };
}

function planRule(
  rule: AlertRule,
  clock: DataClock,
  alerts: AlertsConfig,
  watermark: Watermark | undefined,
  loadedSince: number | null | undefined,
  dryRun: EvaluateOptions["dryRun"],
): Plan | undefined {
  const plan = planWindows({
    period: rule.period,
    evaluationPeriods: rule.evaluationPeriods,
    first: clock.first,
    last: clock.last,
    backfill: alerts.backfill,
    lateData: alerts.lateData,
    watermark,
    loadedSince,
    ...(dryRun ? { dryRun } : {}),
  });
  return plan ? { ...plan, rule } : undefined;
}

async function datapointsOf(
  anyStore: Store,
  plans: readonly Plan[],
  config: Config,
): Promise<Map<string, RuleDatapoints>> {
  if (anyStore.dialect.name === "clickhouse")
    return clickHouseDatapoints(anyStore, plans, config, () => metricContext(anyStore, config));
  const store = anyStore as DuckDbStore;
  const out = new Map<string, RuleDatapoints>();
  const present = new PresentBuckets(store);
  const thresholds = plans.filter((p) => p.rule.kind === "threshold");
  if (thresholds.length > 0) {
    const ctx = await metricContext(store, config);
    const items = thresholds.map((p) => ({ rule: p.rule as ThresholdRule, range: p.range }));
    for (const [name, points] of await thresholdDatapoints(store, items, ctx, present)) out.set(name, points);
  }
  const insightParams = (config.insights ?? {}) as Record<string, unknown>;
  for (const { rule, range } of plans) {
    if (rule.kind === "sql") out.set(rule.name, await sqlDatapoints(store, rule, range, present));
    else if (rule.kind === "anomaly")
      out.set(rule.name, await anomalyDatapoints(store, rule, range, insightParams.anomalies));
    else if (rule.kind === "event")
      out.set(rule.name, await eventDatapoints(store, rule, range, insightParams, present));
  }
  return out;
}

/** The recorded events that bear on windows after `from`, from the store or from this dry run. */
type HistoryOf = (rule: string, from: number) => Promise<AlertEvent[]>;

function startOf(history: readonly AlertEvent[], instance: string, from: number) {
  const told: Told = { state: "OK", alarmEventId: null };
  let lastAlarmAt: number | null = null;
  const recorded: AlertEvent[] = [];
  for (const e of history) {
    if (e.instance !== instance) continue;
    const end = epochOf(e.windowEnd);
    if (end > from) {
      recorded.push(e);
      continue;
    }
    if (e.toState === "ALARM") lastAlarmAt = Math.max(lastAlarmAt ?? end, end);
    told.state = e.toState;
    told.alarmEventId = e.toState === "ALARM" ? e.eventId : null;
  }
  return { told, lastAlarmAt, recorded };
}

function judgeRule(
  plan: Plan,
  points: RuleDatapoints,
  history: readonly AlertEvent[],
  evaluatedAt: string,
): AlertEvent[] {
  const { rule, judgedFrom, judgedTo, range } = plan;
  const machine = machineRule(rule);
  const ends: number[] = [];
  for (let t = judgedFrom + rule.period; t <= judgedTo; t += rule.period) ends.push(t);
  const fixed = fixedInstances(rule);
  const instances = new Set<string>([...fixed, ...points.values.keys()]);
  for (const e of history)
    if (epochOf(e.windowEnd) > judgedFrom || e.toState !== "OK") instances.add(e.instance);
  const events: AlertEvent[] = [];
  for (const instance of [...instances].sort()) {
    const own = points.values.get(instance);
    const absent: DatapointValue = {
      value: 0,
      usd: null,
      breaching: rule.kind === "threshold" ? undefined : false,
    };
    const datapointAt = (bucket: number): DatapointValue | undefined => {
      if (!points.present.has(bucket)) return undefined;
      return own?.get(bucket) ?? (points.missingWhenEmpty ? undefined : absent);
    };
    const start = startOf(history, instance, judgedFrom);
    const judgements = judgeWindows(
      machine,
      datapointAt,
      { state: start.told.state, lastAlarmAt: start.lastAlarmAt },
      ends,
      !fixed.includes(instance),
    );
    const seriesAround = (windowEnd: number): AlertPoint[] => {
      const points: AlertPoint[] = [];
      for (
        let b = Math.max(range.from, windowEnd - SERIES_POINTS * rule.period);
        b < windowEnd;
        b += rule.period
      )
        points.push({ time: new Date(b * 1000).toISOString(), value: datapointAt(b)?.value ?? null });
      return points;
    };
    events.push(
      ...instanceEvents(
        ruleFacts(rule),
        { instance, judgements, recorded: start.recorded, told: start.told, seriesAround },
        plan.watermark?.to,
        evaluatedAt,
      ),
    );
  }
  return events;
}

/**
 * Evaluates the config's alert rules on the store and records what changed; returns the new events.
 * Writes only when there are rules (a store without rules gets no alert tables).
 */
export async function evaluateAlerts(
  store: Store,
  config: Config,
  options: EvaluateOptions = {},
): Promise<AlertEvent[]> {
  const alerts = config.alerts;
  const rules = evaluationOrder(alerts?.rules ?? [], options.rules);
  if (!alerts || rules.length === 0) return [];
  const dry = options.dryRun;
  if (!dry) await ensureAlertTables(store);
  await ensureEnrichmentTables(store);
  await refreshStoreAddresses(store);
  const clock = await dataClock(store);
  if (!clock) return [];
  const evaluatedAt = (options.now?.() ?? new Date()).toISOString();
  const watermarks = dry ? new Map<string, Watermark>() : await readWatermarks(store);
  const loadedThroughUs = dry ? null : await latestLoad(store);
  // Per earlier load (rules judged together share one), the earliest record loaded after it.
  const loadMarks = new Set<number>();
  for (const rule of rules) {
    const us = watermarks.get(rule.name)?.loadedThroughUs;
    if (rule.kind !== "composite" && us !== undefined && us !== null) loadMarks.add(us);
  }
  const since = await earliestLoadedAfter(store, [...loadMarks]);
  const loadedSince = (mark: Watermark | undefined): number | null | undefined => {
    const us = mark?.loadedThroughUs;
    return us === undefined || us === null ? undefined : since.get(us);
  };
  const plans = new Map<string, Plan>();
  for (const rule of rules) {
    if (rule.kind === "composite") continue;
    const mark = watermarks.get(rule.name);
    const plan = planRule(rule, clock, alerts, mark, loadedSince(mark), dry);
    if (plan) plans.set(rule.name, plan);
  }
  // Composites are planned up front too: where their rules will have been judged is known by now.
  const judgedTo = new Map<string, number>([...plans].map(([name, plan]) => [name, plan.judgedTo]));
  const compositePlans = new Map<string, Plan>();
  for (const rule of rules) {
    if (rule.kind !== "composite") continue;
    const base = {
      first: clock.first,
      backfill: alerts.backfill,
      lateData: alerts.lateData,
      watermark: watermarks.get(rule.name),
      ...(dry ? { dryRun: dry } : {}),
    };
    const plan = compositePlan(rule, base, (name) => judgedTo.get(name) ?? watermarks.get(name)?.to);
    if (!plan) continue;
    compositePlans.set(rule.name, { ...plan, rule });
    judgedTo.set(rule.name, plan.judgedTo);
  }
  const points = await datapointsOf(store, [...plans.values()], config);
  const recordedNow: AlertEvent[] = [];
  // Every history the run needs, read at once from the earliest start each rule is asked for.
  const froms = new Map<string, number>();
  const needFrom = (rule: string, from: number) => froms.set(rule, Math.min(from, froms.get(rule) ?? from));
  for (const [name, plan] of [...plans, ...compositePlans]) needFrom(name, plan.judgedFrom);
  for (const { rule, range } of compositePlans.values())
    if (rule.kind === "composite")
      for (const child of compositeChildren(rule.when)) needFrom(child, range.from);
  const stored = dry ? new Map<string, AlertEvent[]>() : await historySince(store, froms);
  // A composite reads its rules' histories after they were judged (in this transaction, or this dry run).
  const historyOf: HistoryOf = async (rule, from) => {
    const now = recordedNow.filter((e) => e.rule === rule);
    if (dry) return now;
    const read = stored.get(rule);
    if (!read || from < (froms.get(rule) ?? from)) return ruleHistorySince(store, rule, from);
    const ids = new Set(read.map((e) => e.eventId));
    return historyAfter([...read, ...now.filter((e) => !ids.has(e.eventId))], from);
  };
  const marks = new Map<string, Watermark>();
  const judgeAll = async () => {
    for (const rule of rules) {
      const plan = plans.get(rule.name) ?? compositePlans.get(rule.name);
      const rulePoints =
        plan?.rule.kind === "composite"
          ? await compositeDatapoints(plan.rule, plan, historyOf)
          : plan && points.get(rule.name);
      const history = plan ? await historyOf(rule.name, plan.judgedFrom) : [];
      const mark = watermarks.get(rule.name);
      if (!plan || !rulePoints) {
        if (mark) marks.set(rule.name, { ...mark, loadedThroughUs });
        continue;
      }
      const events = judgeRule(plan, rulePoints, history, evaluatedAt);
      if (!dry) await insertEvents(store, events);
      marks.set(rule.name, {
        from: mark?.from ?? plan.judgedFrom,
        to: Math.max(plan.judgedTo, mark?.to ?? 0),
        loadedThroughUs,
      });
      recordedNow.push(...events);
    }
  };
  if (dry) await judgeAll();
  else if (!store.dialect.capabilities.transactions) {
    await judgeAll();
    await writeWatermarks(store, marks);
  } else
    await (store as DuckDbStore).transaction(async () => {
      await judgeAll();
      await writeWatermarks(store, marks);
    });
  return recordedNow;
}
