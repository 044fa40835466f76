/**
 * Before and after: two periods' daily series and the inventory changes between them → for every number,
 * its value per day before and after (over the days with data), the change, and a sentence; the headline
 * sentence is the biggest change in dollars that an inventory change explains, naming it:
 * "S3 traffic through nat-… fell from 67.0 GiB/day ($3.02) to 0.4 GiB/day ($0.02) after vpce-… was added
 * to rtb-… on 2026-11-20." Pure: `compare-in-store.ts` gathers the inputs.
 */
import type { InventoryChange } from "../enrich/inventory/inventory-diff.js";
import type { Period } from "../insights/insight.js";
import { BYTES_PER_GB, formatUsd } from "../pricing/money.js";
import { formatCount } from "../text/format-numbers.js";
import type { DailySeries, MetricId, MetricUnit, Series } from "./daily-series.js";

/** Which route tables' subnets sent a NAT gateway's traffic to a destination class in the before period. */
export interface NatRouteTable {
  readonly natGatewayId: string;
  /** `S3`, `DynamoDB`, `other AWS` or `internet`, as the nat-gateway insight classes them. */
  readonly destination: string;
  readonly routeTableId: string;
}

export interface ComparisonInputs {
  readonly before: DailySeries;
  readonly after: DailySeries;
  /** The inventory changes dated between the two periods, oldest first. */
  readonly changes: readonly InventoryChange[];
  readonly natRouteTables: readonly NatRouteTable[];
  /** VPC endpoint ID → service name (`com.amazonaws.us-east-1.s3`). */
  readonly endpointServices: ReadonlyMap<string, string>;
}

export interface PeriodValue {
  /** The period's total over its days. */
  readonly total: number;
  /** total / days with data; null when the period has no day with data. */
  readonly perDay: number | null;
  readonly usdPerDay: number | null;
}

export interface NumberComparison {
  readonly metric: MetricId;
  readonly title: string;
  readonly unit: MetricUnit;
  readonly natGatewayId?: string;
  readonly before: PeriodValue;
  readonly after: PeriodValue;
  /** after − before, per day; null when either period lacks data. */
  readonly changePerDay: number | null;
  readonly usdChangePerDay: number | null;
  /** The inventory changes that explain it (possibly none). */
  readonly explainedBy: readonly InventoryChange[];
  /** The comparison in words; null when the number is 0 in both periods. */
  readonly sentence: string | null;
}

export interface Comparison {
  readonly before: Period & { readonly dataDays: number };
  readonly after: Period & { readonly dataDays: number };
  /**
   * The biggest change in dollars that an inventory change explains (S3 or DynamoDB through NAT first,
   * which an endpoint's route explains directly), else the biggest change in dollars; null when none.
   */
  readonly headline: string | null;
  readonly numbers: readonly NumberComparison[];
  readonly changes: readonly InventoryChange[];
}

const SUBJECTS: Record<MetricId, (gateway?: string) => string> = {
  nat_processed: (g) => (g ? `Traffic processed by ${g}` : "NAT gateway processing"),
  s3_via_nat: (g) => `S3 traffic through ${g ?? "NAT gateways"}`,
  dynamodb_via_nat: (g) => `DynamoDB traffic through ${g ?? "NAT gateways"}`,
  cross_az: () => "Cross-AZ traffic",
  internet_egress: () => "Internet egress",
  rejected_records: () => "Rejected records",
  rejected_bytes: () => "Rejected traffic",
  admin_probes: () => "Admin-port probes from the internet",
  scans: () => "Scanning sources",
};

/** GiB with one decimal. */
function gib(bytes: number): string {
  return `${(bytes / BYTES_PER_GB).toFixed(1)} GiB`;
}

function count(n: number): string {
  return Number.isInteger(n) ? formatCount(n) : n.toLocaleString("en-US", { maximumFractionDigits: 1 });
}

/** "67.0 GiB/day ($3.02)", "1,234/day". */
function perDayText(unit: MetricUnit, value: PeriodValue): string {
  const amount = unit === "bytes" ? gib(value.perDay ?? 0) : count(value.perDay ?? 0);
  const usd = value.usdPerDay === null ? "" : ` (${formatUsd(value.usdPerDay)})`;
  return `${amount}/day${usd}`;
}

/** "a", "a and b", "a, b and c". */
function listed(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

function periodValue(series: Series | undefined, dataDays: readonly string[]): PeriodValue {
  const values = series?.values ?? [];
  const total = values.reduce((sum, v) => sum + v.value, 0);
  const usd = series?.rate === undefined ? null : values.reduce((sum, v) => sum + (v.usd ?? 0), 0);
  const days = dataDays.length;
  return {
    total,
    perDay: days === 0 ? null : total / days,
    usdPerDay: days === 0 || usd === null ? null : usd / days,
  };
}

const ENDPOINT_SERVICE: Partial<Record<MetricId, string>> = {
  s3_via_nat: ".s3",
  dynamodb_via_nat: ".dynamodb",
};

/** The changes that can explain a number: endpoint routes for S3/DynamoDB via NAT, NAT changes for NAT and cross-AZ. */
function explanations(
  inputs: ComparisonInputs,
  metric: MetricId,
  gateway: string | undefined,
): InventoryChange[] {
  const tablesOf = (destination: string | null) =>
    new Set(
      inputs.natRouteTables
        .filter(
          (r) =>
            (gateway === undefined || r.natGatewayId === gateway) &&
            (destination === null || r.destination === destination),
        )
        .map((r) => r.routeTableId),
    );
  const serviceOf = (id: string | null) => (id ? (inputs.endpointServices.get(id) ?? "") : "");
  const endpointRoutes = (suffix: string | null, tables: Set<string>) =>
    inputs.changes.filter(
      (c) =>
        c.kind === "route_table" &&
        c.change === "changed" &&
        c.target?.startsWith("vpce-") &&
        (suffix === null || serviceOf(c.target).endsWith(suffix)) &&
        tables.has(c.resourceId),
    );
  const suffix = ENDPOINT_SERVICE[metric];
  if (suffix !== undefined)
    return endpointRoutes(suffix, tablesOf(metric === "s3_via_nat" ? "S3" : "DynamoDB"));
  const natChanges = inputs.changes.filter(
    (c) =>
      (c.kind === "nat_gateway" && (gateway === undefined || c.resourceId === gateway)) ||
      (c.kind === "route_table" && c.change === "changed" && c.target?.startsWith("nat-")) ||
      c.kind === "subnet",
  );
  if (metric === "nat_processed") return [...endpointRoutes(null, tablesOf(null)), ...natChanges];
  if (metric === "cross_az") return natChanges;
  return [];
}

/** "after vpce-… was added to rtb-a and rtb-b on 2026-11-20", or each change's own sentence. */
function becauseOf(changes: readonly InventoryChange[]): string {
  const parts: string[] = [];
  const routes = new Map<string, InventoryChange[]>();
  for (const c of changes) {
    const added = c.kind === "route_table" && c.change === "changed" && c.detail.includes(" now routes to ");
    const removed =
      c.kind === "route_table" && c.change === "changed" && c.detail.includes(" no longer routes to ");
    if ((added || removed) && c.target) {
      const key = `${added ? "added to" : "removed from"} ${c.target} ${c.at.slice(0, 10)}`;
      routes.set(key, [...(routes.get(key) ?? []), c]);
    } else parts.push(`${c.detail} on ${c.at.slice(0, 10)}`);
  }
  const routeParts = [...routes.values()].map((group) => {
    const first = group[0] as InventoryChange;
    const verb = first.detail.includes(" now routes to ") ? "added to" : "removed from";
    return `${first.target} was ${verb} ${listed(group.map((c) => c.resourceId))} on ${first.at.slice(0, 10)}`;
  });
  return `after ${listed([...routeParts, ...parts])}`;
}

function sentenceOf(n: Omit<NumberComparison, "sentence">): string | null {
  if (n.before.total === 0 && n.after.total === 0) return null;
  if (n.before.perDay === null || n.after.perDay === null) return null;
  const subject = SUBJECTS[n.metric](n.natGatewayId);
  const before = perDayText(n.unit, n.before);
  const after = perDayText(n.unit, n.after);
  const because = n.explainedBy.length > 0 ? ` ${becauseOf(n.explainedBy)}` : "";
  if (before === after) return `${subject} stayed at ${before}${because}.`;
  const verb = n.after.perDay < n.before.perDay ? "fell" : "rose";
  return `${subject} ${verb} from ${before} to ${after}${because}.`;
}

/**
 * @example comparePeriods({ before, after, changes, natRouteTables, endpointServices }).headline
 */
export function comparePeriods(inputs: ComparisonInputs): Comparison {
  const { before, after } = inputs;
  const key = (s: Series) => `${s.metric} ${s.natGatewayId ?? ""}`;
  const afterByKey = new Map(after.series.map((s) => [key(s), s]));
  const beforeByKey = new Map(before.series.map((s) => [key(s), s]));
  const keys = [...new Set([...before.series.map(key), ...after.series.map(key)])];
  const gateways = new Set(
    [...before.series, ...after.series].filter((s) => s.natGatewayId).map((s) => s.natGatewayId),
  );
  const numbers: NumberComparison[] = [];
  for (const k of keys) {
    const model = (beforeByKey.get(k) ?? afterByKey.get(k)) as Series;
    const b = periodValue(beforeByKey.get(k), before.dataDays);
    const a = periodValue(afterByKey.get(k), after.dataDays);
    const both = b.perDay !== null && a.perDay !== null;
    const partial: Omit<NumberComparison, "sentence"> = {
      metric: model.metric,
      title: model.title,
      unit: model.unit,
      ...(model.natGatewayId ? { natGatewayId: model.natGatewayId } : {}),
      before: b,
      after: a,
      changePerDay: both ? (a.perDay as number) - (b.perDay as number) : null,
      usdChangePerDay:
        both && a.usdPerDay !== null && b.usdPerDay !== null ? a.usdPerDay - b.usdPerDay : null,
      explainedBy: explanations(inputs, model.metric, model.natGatewayId),
    };
    // With one NAT gateway its own numbers say the same as the totals, and name it.
    const redundant = gateways.size === 1 && model.natGatewayId === undefined && model.metric in NAT_METRICS;
    numbers.push({ ...partial, sentence: redundant ? null : sentenceOf(partial) });
  }
  const worded = numbers.filter((n) => n.sentence !== null);
  const biggest = (list: readonly NumberComparison[]) =>
    [...list].sort((x, y) => Math.abs(y.usdChangePerDay ?? 0) - Math.abs(x.usdChangePerDay ?? 0))[0];
  const moved = worded.filter((n) => (n.usdChangePerDay ?? 0) !== 0);
  const explained = moved.filter((n) => n.explainedBy.length > 0);
  // An endpoint's route explains S3 or DynamoDB through NAT directly; NAT processing only as their sum.
  const headline =
    biggest(explained.filter((n) => n.metric in ENDPOINT_SERVICE)) ?? biggest(explained) ?? biggest(moved);
  return {
    before: { ...before.period, dataDays: before.dataDays.length },
    after: { ...after.period, dataDays: after.dataDays.length },
    headline: headline?.sentence ?? null,
    numbers,
    changes: inputs.changes,
  };
}

const NAT_METRICS = { nat_processed: true, s3_via_nat: true, dynamodb_via_nat: true };

/** A row of the before/after table, in the sentences' units. */
export interface ComparisonRow extends Record<string, string> {
  readonly number: string;
  readonly before: string;
  readonly after: string;
  readonly change: string;
}

/** The numbers worth a row (those with a sentence), for the CLI and the report. */
export function comparisonRows(comparison: Comparison): ComparisonRow[] {
  return comparison.numbers
    .filter((n) => n.sentence !== null)
    .map((n) => {
      const delta = n.changePerDay ?? 0;
      const amount = n.unit === "bytes" ? gib(Math.abs(delta)) : count(Math.abs(delta));
      const usd = n.usdChangePerDay === null ? "" : ` (${formatUsd(n.usdChangePerDay)})`;
      return {
        number: SUBJECTS[n.metric](n.natGatewayId),
        before: perDayText(n.unit, n.before),
        after: perDayText(n.unit, n.after),
        change: `${delta < 0 ? "-" : "+"}${amount}/day${usd}`,
      };
    });
}
