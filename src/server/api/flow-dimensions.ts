/**
 * What the flows explorer can filter on and group by, as plain data: the SQL expression of each dimension
 * (a column, or a joined inventory/address attribute), the type of value a filter takes, and which tables
 * carry it. `flow_rollup` carries every dimension but the ports (it folds the client's ephemeral port to
 * NULL, so a port filter on it would differ from one on `flows`); `hourly_rollup` only ENI, its kind,
 * action and direction.
 */
import { ENI_KINDS } from "../../enrich/inventory/eni-kind.js";

export type FlowSource = "flows" | "flow_rollup" | "hourly_rollup";

/** Joins a dimension may need: the ENI's inventory row, or the class of either address. */
export type DimensionJoin = "eni" | "src" | "dst";

export interface Dimension {
  /** The SQL expression over the source's columns (alias `f`) and its joins. */
  readonly sql: string;
  /** What a filter value must be. */
  readonly value: "text" | "port" | "protocol" | "trafficPath" | readonly string[];
  readonly join?: DimensionJoin;
  readonly sources: readonly FlowSource[];
  readonly description: string;
}

const ALL: readonly FlowSource[] = ["flows", "flow_rollup", "hourly_rollup"];
const DAILY: readonly FlowSource[] = ["flows", "flow_rollup"];
const FLOWS: readonly FlowSource[] = ["flows"];

export const ADDRESS_CLASSES = ["private", "aws", "internet", "public", "invalid", "unknown"] as const;

export const DIMENSIONS = {
  account: { sql: "f.account_id", value: "text", sources: DAILY, description: "AWS account ID" },
  vpc: { sql: "f.vpc_id", value: "text", sources: DAILY, description: "VPC ID" },
  subnet: { sql: "f.subnet_id", value: "text", sources: DAILY, description: "subnet ID" },
  az: { sql: "f.az_id", value: "text", sources: DAILY, description: "AZ ID (use1-az1)" },
  eni: { sql: "f.interface_id", value: "text", sources: ALL, description: "network interface ID" },
  eniKind: {
    sql: "coalesce(eni.kind, 'unknown')",
    value: [...ENI_KINDS, "unknown"],
    join: "eni",
    sources: ALL,
    description: "what the ENI is, from the inventory (unknown: not in it)",
  },
  srcaddr: { sql: "f.srcaddr", value: "text", sources: DAILY, description: "source address" },
  dstaddr: { sql: "f.dstaddr", value: "text", sources: DAILY, description: "destination address" },
  srcClass: {
    sql: "coalesce(src.address_class, 'unknown')",
    value: ADDRESS_CLASSES,
    join: "src",
    sources: DAILY,
    description: "source address class (unknown: not classified yet; a report classifies)",
  },
  dstClass: {
    sql: "coalesce(dst.address_class, 'unknown')",
    value: ADDRESS_CLASSES,
    join: "dst",
    sources: DAILY,
    description: "destination address class",
  },
  srcport: { sql: "f.srcport", value: "port", sources: FLOWS, description: "source port" },
  dstport: { sql: "f.dstport", value: "port", sources: FLOWS, description: "destination port" },
  protocol: {
    sql: "f.protocol",
    value: "protocol",
    sources: DAILY,
    description: "IANA protocol number (6 TCP)",
  },
  action: { sql: "f.action", value: ["ACCEPT", "REJECT"], sources: ALL, description: "ACCEPT or REJECT" },
  trafficPath: {
    sql: "f.traffic_path",
    value: "trafficPath",
    sources: DAILY,
    description: "traffic path 1–8",
  },
  direction: {
    sql: "f.flow_direction",
    value: ["ingress", "egress"],
    sources: ALL,
    description: "flow direction",
  },
} as const satisfies Record<string, Dimension>;

export type DimensionName = keyof typeof DIMENSIONS;
export const DIMENSION_NAMES = Object.keys(DIMENSIONS) as DimensionName[];
