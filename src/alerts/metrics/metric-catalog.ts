/**
 * The named metrics a threshold rule can watch: numbers flowlens already computes, each read from the
 * insight's own temporary table (built by the insight's own SQL file over the rule's window; see
 * bucketed-flows.ts), so "through NAT", "internet", "cross-AZ" and "admin port" mean here what they mean in
 * a report. Plain data: what a metric measures, its unit, the table and the SQL of its value, what it can be
 * grouped by, and the charge that prices it.
 *
 * Metrics marked `rollup` can also be read from `hourly_rollup` (per hour × ENI) when the rule's period is
 * whole hours and it filters and groups by ENI only: no records are read at all then.
 */
import type { AlertUnit } from "../alert-event.js";

/** What a rule may group a metric by, in the user's words. */
export const GROUP_KEYS = [
  "eni",
  "subnet",
  "account",
  "vpc",
  "source",
  "destination",
  "port",
  "nat-gateway",
  "az",
] as const;
export type GroupKey = (typeof GROUP_KEYS)[number];

/** The insight temporary tables a metric reads (and `alert_flow_buckets`, the records themselves). */
export type MetricTable =
  | "nat_processed"
  | "cross_az_egress"
  | "internet_egress"
  | "rejected"
  | "alert_flow_buckets";

/** The charge that turns a metric's bytes into dollars. */
export type MetricCharge = "natGatewayProcessing" | "crossAz" | "internetEgress";

export interface AlertMetric {
  readonly id: string;
  readonly title: string;
  readonly unit: AlertUnit;
  readonly table: MetricTable;
  /** The value of one bucket and instance (an aggregate over the table's rows). */
  readonly value: string;
  /** Rows that count (SQL over the table's columns). */
  readonly where?: string;
  /** The table's column for each group key it can be grouped by. */
  readonly groups: Partial<Record<GroupKey, string>>;
  /** The bytes are priced at this charge (usd metrics give the dollars as their value). */
  readonly charge?: MetricCharge;
  /** The value is the dollars of the bytes (unit usd). */
  readonly inDollars?: boolean;
  /** The same value from `hourly_rollup` (its columns), when the metric allows it. */
  readonly rollup?: { readonly value: string; readonly where?: string };
  /** Whether a bucket with no rows of the scope is missing data (a share), rather than 0 (a sum). */
  readonly missingWhenEmpty?: boolean;
}

const NAT_GROUPS = {
  eni: "inside_interface_id",
  subnet: "inside_subnet_id",
  source: "inside_address",
  destination: "remote_address",
  "nat-gateway": "nat_gateway_id",
} as const;
const CROSS_AZ_GROUPS = { eni: "sender_interface_id", port: "port", az: "sender_az_id" } as const;
const INTERNET_GROUPS = { eni: "interface_id", destination: "destination", port: "port" } as const;
const REJECTED_GROUPS = {
  eni: "interface_id",
  subnet: "subnet_id",
  source: "srcaddr",
  port: "dstport",
} as const;
const RECORD_GROUPS = {
  eni: "interface_id",
  subnet: "subnet_id",
  account: "account_id",
  vpc: "vpc_id",
  source: "srcaddr",
  destination: "dstaddr",
} as const;

/** Admin-port probes: as `rejected-traffic/admin-probes.sql` selects them; `$admin_ports` is the insight's parameter. */
export const ADMIN_PROBES_WHERE =
  "flow_direction IS DISTINCT FROM 'egress' AND source_class IN ('internet', 'public') AND list_contains(CAST($admin_ports::JSON AS INTEGER[]), dstport)";

const METRIC_LIST: readonly AlertMetric[] = [
  {
    id: "s3-via-nat-bytes",
    title: "S3 bytes through NAT gateways",
    unit: "bytes",
    table: "nat_processed",
    value: "sum(bytes)",
    where: "destination = 'S3'",
    groups: NAT_GROUPS,
    charge: "natGatewayProcessing",
  },
  {
    id: "dynamodb-via-nat-bytes",
    title: "DynamoDB bytes through NAT gateways",
    unit: "bytes",
    table: "nat_processed",
    value: "sum(bytes)",
    where: "destination = 'DynamoDB'",
    groups: NAT_GROUPS,
    charge: "natGatewayProcessing",
  },
  {
    id: "nat-processed-bytes",
    title: "Bytes processed by NAT gateways",
    unit: "bytes",
    table: "nat_processed",
    value: "sum(bytes)",
    groups: NAT_GROUPS,
    charge: "natGatewayProcessing",
  },
  {
    id: "cross-az-bytes",
    title: "Cross-AZ bytes",
    unit: "bytes",
    table: "cross_az_egress",
    value: "sum(bytes)",
    groups: CROSS_AZ_GROUPS,
    charge: "crossAz",
  },
  {
    id: "cross-az-usd",
    title: "Cross-AZ dollars (out of the sending AZ and into the receiving one)",
    unit: "usd",
    table: "cross_az_egress",
    value: "sum(bytes)",
    groups: CROSS_AZ_GROUPS,
    charge: "crossAz",
    inDollars: true,
  },
  {
    id: "internet-egress-bytes",
    title: "Internet egress bytes",
    unit: "bytes",
    table: "internet_egress",
    value: "sum(bytes)",
    groups: INTERNET_GROUPS,
    charge: "internetEgress",
  },
  {
    id: "internet-egress-usd",
    title: "Internet egress dollars (first price tier)",
    unit: "usd",
    table: "internet_egress",
    value: "sum(bytes)",
    groups: INTERNET_GROUPS,
    charge: "internetEgress",
    inDollars: true,
  },
  {
    id: "rejected-records",
    title: "Rejected records",
    unit: "count",
    table: "rejected",
    value: "sum(records)",
    groups: REJECTED_GROUPS,
    rollup: { value: "sum(records)", where: "action = 'REJECT'" },
  },
  {
    id: "admin-port-probes",
    title: "Admin-port probes from the internet (records)",
    unit: "count",
    table: "rejected",
    value: "sum(records)",
    where: ADMIN_PROBES_WHERE,
    groups: REJECTED_GROUPS,
  },
  {
    id: "records",
    title: "Flow records",
    unit: "count",
    table: "alert_flow_buckets",
    value: "sum(records)",
    groups: RECORD_GROUPS,
    rollup: { value: "sum(records)" },
  },
  {
    id: "skipdata-share",
    title: "Share of records that are SKIPDATA (records AWS could not capture)",
    unit: "share",
    table: "alert_flow_buckets",
    value: "coalesce(sum(records) FILTER (log_status = 'SKIPDATA'), 0) / sum(records)",
    groups: { eni: "interface_id", account: "account_id", vpc: "vpc_id", subnet: "subnet_id" },
    rollup: { value: "coalesce(sum(records) FILTER (log_status = 'SKIPDATA'), 0) / sum(records)" },
    missingWhenEmpty: true,
  },
];

export const ALERT_METRICS: ReadonlyMap<string, AlertMetric> = new Map(METRIC_LIST.map((m) => [m.id, m]));
export const METRIC_IDS = METRIC_LIST.map((m) => m.id) as [string, ...string[]];

export function metricById(id: string): AlertMetric {
  const metric = ALERT_METRICS.get(id);
  if (!metric) throw new Error(`no alert metric ${id}`);
  return metric;
}
