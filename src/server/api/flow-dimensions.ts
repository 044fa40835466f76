/**
 * What the flows explorer can filter on and group by, as plain data, the same for every dialect: the
 * column each dimension reads from the source table, the SQL expression of a dimension that is a joined
 * inventory/address attribute (over the join's columns, named in JOINS), the type of value a filter
 * takes, and which tables carry it. `flow_rollup` carries every dimension but the ports (it folds the
 * client's ephemeral port to NULL, so a port filter on it would differ from one on `flows`);
 * `hourly_rollup` only ENI, its kind, action and direction.
 */
import { ENI_KINDS } from "../../enrich/inventory/eni-kind.js";

export type FlowSource = "flows" | "flow_rollup" | "hourly_rollup";

/** Joins a dimension may need: the ENI's inventory row, or the class of either address. */
export type DimensionJoin = "eni" | "src" | "dst";

export interface Join {
  readonly table: string;
  /** The source's column matched to the join's first column. */
  readonly key: string;
  /** The join's columns as the explorer names them (unique across joins), each from the table's column. */
  readonly columns: Readonly<Record<string, string>>;
}

/** Each join's table and columns; a LEFT JOIN on `key = <first column>`. */
export const JOINS: Readonly<Record<DimensionJoin, Join>> = {
  eni: {
    table: "inventory_enis",
    key: "interface_id",
    columns: { e_interface_id: "interface_id", e_kind: "kind" },
  },
  src: { table: "addresses", key: "srcaddr", columns: { s_address: "address", s_class: "address_class" } },
  dst: { table: "addresses", key: "dstaddr", columns: { d_address: "address", d_class: "address_class" } },
};

export interface Dimension {
  /** The source's column the dimension reads (for a joined one: the join's key). */
  readonly column: string;
  /** A joined dimension's expression over its join's columns; a plain one is its column. */
  readonly sql?: string;
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
  account: { column: "account_id", value: "text", sources: DAILY, description: "AWS account ID" },
  vpc: { column: "vpc_id", value: "text", sources: DAILY, description: "VPC ID" },
  subnet: { column: "subnet_id", value: "text", sources: DAILY, description: "subnet ID" },
  az: { column: "az_id", value: "text", sources: DAILY, description: "AZ ID (use1-az1)" },
  eni: { column: "interface_id", value: "text", sources: ALL, description: "network interface ID" },
  eniKind: {
    column: "interface_id",
    sql: "coalesce(e_kind, 'unknown')",
    value: [...ENI_KINDS, "unknown"],
    join: "eni",
    sources: ALL,
    description: "what the ENI is, from the inventory (unknown: not in it)",
  },
  srcaddr: { column: "srcaddr", value: "text", sources: DAILY, description: "source address" },
  dstaddr: { column: "dstaddr", value: "text", sources: DAILY, description: "destination address" },
  srcClass: {
    column: "srcaddr",
    sql: "coalesce(s_class, 'unknown')",
    value: ADDRESS_CLASSES,
    join: "src",
    sources: DAILY,
    description: "source address class (unknown: not classified yet; a report classifies)",
  },
  dstClass: {
    column: "dstaddr",
    sql: "coalesce(d_class, 'unknown')",
    value: ADDRESS_CLASSES,
    join: "dst",
    sources: DAILY,
    description: "destination address class",
  },
  srcport: { column: "srcport", value: "port", sources: FLOWS, description: "source port" },
  dstport: { column: "dstport", value: "port", sources: FLOWS, description: "destination port" },
  protocol: {
    column: "protocol",
    value: "protocol",
    sources: DAILY,
    description: "IANA protocol number (6 TCP)",
  },
  action: { column: "action", value: ["ACCEPT", "REJECT"], sources: ALL, description: "ACCEPT or REJECT" },
  trafficPath: {
    column: "traffic_path",
    value: "trafficPath",
    sources: DAILY,
    description: "traffic path 1–8",
  },
  direction: {
    column: "flow_direction",
    value: ["ingress", "egress"],
    sources: ALL,
    description: "flow direction",
  },
} as const satisfies Record<string, Dimension>;

export type DimensionName = keyof typeof DIMENSIONS;
export const DIMENSION_NAMES = Object.keys(DIMENSIONS) as DimensionName[];

/** The dimension's SQL expression over the joined rows. */
export function dimensionSql(name: DimensionName): string {
  const d: Dimension = DIMENSIONS[name];
  return d.sql ?? d.column;
}
