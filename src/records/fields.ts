/**
 * The catalog of every VPC Flow Logs field, versions 2 to 8: its name in format strings and text headers
 * (`account-id`), its column in the store and in Parquet (`account_id`), the version that introduced it and
 * its value type. Everything that reads or writes records derives its columns from this one list.
 */

/** The value type of a field, as VPC Flow Logs types it in Parquet. */
export type FieldType = "int32" | "int64" | "string";

/** The values a whole-number field can hold in a real record; anything outside is quarantined. */
export interface ValueRange {
  readonly min: number;
  readonly max: number;
  /** Values strictly between these two are refused too. */
  readonly gap?: { readonly above: number; readonly below: number };
  /** How the allowed values read in a quarantine reason. @default "a whole number from min to max" */
  readonly description?: string;
}

/**
 * Bytes or packets in one record: 2^50 (1 PiB) is more than ten minutes (the longest capture window) at
 * 3.2 Tbit/s, the fastest EC2 network. Bounding them keeps every sum a report takes far from overflow.
 */
export const MAX_RECORD_VOLUME = 2 ** 50;

/** Unix time of 2100-01-01 in seconds: later `start`/`end` values are not times a record can hold. */
export const MAX_EPOCH_SECONDS = 4_102_444_800;

/**
 * `start`/`end` at or above this are milliseconds (some producers write them so): 10^11 ms is 1973-03-03,
 * 10^11 s the year 5138, so no real time is read as the other unit.
 */
export const MILLISECONDS_FROM = 100_000_000_000;

const PORT: ValueRange = { min: 0, max: 65_535 };
const OCTET: ValueRange = { min: 0, max: 255 };
const VOLUME: ValueRange = { min: 0, max: MAX_RECORD_VOLUME };
const EPOCH: ValueRange = {
  min: 0,
  max: MAX_EPOCH_SECONDS * 1000,
  gap: { above: MAX_EPOCH_SECONDS, below: MILLISECONDS_FROM },
  description: "Unix seconds up to 2100, or milliseconds from 1973 to 2100",
};

export interface FieldSpec {
  /** The AWS field name, as in `${account-id}` and in text header lines. */
  readonly name: string;
  /** snake_case name: the Parquet column and (except start/end) the store column. */
  readonly column: string;
  /** The flow log format version that introduced the field. */
  readonly version: number;
  readonly type: FieldType;
  /** Whole-number fields only: the values a record can hold. */
  readonly range?: ValueRange;
  /** Values AWS writes for "not known" besides `-`: stored as NULL like `-`. @default none */
  readonly placeholders?: readonly string[];
}

function field(version: number, name: string, type: FieldType = "string", range?: ValueRange): FieldSpec {
  return { name, column: name.replaceAll("-", "_"), version, type, ...(range ? { range } : {}) };
}

/** The version of every Transit Gateway flow log record; no VPC flow log record has it. */
export const TRANSIT_GATEWAY_VERSION = 6;

/** Every field AWS documents, in AWS's order. */
export const FIELDS: readonly FieldSpec[] = [
  field(2, "version", "int32", { min: 2, max: 255 }),
  // `unknown` for the network interfaces that AWS services create.
  { ...field(2, "account-id"), placeholders: ["unknown"] },
  field(2, "interface-id"),
  field(2, "srcaddr"),
  field(2, "dstaddr"),
  field(2, "srcport", "int32", PORT),
  field(2, "dstport", "int32", PORT),
  field(2, "protocol", "int32", OCTET),
  field(2, "packets", "int64", VOLUME),
  field(2, "bytes", "int64", VOLUME),
  field(2, "start", "int64", EPOCH),
  field(2, "end", "int64", EPOCH),
  field(2, "action"),
  field(2, "log-status"),
  field(3, "vpc-id"),
  field(3, "subnet-id"),
  field(3, "instance-id"),
  field(3, "tcp-flags", "int32", OCTET),
  field(3, "type"),
  field(3, "pkt-srcaddr"),
  field(3, "pkt-dstaddr"),
  field(4, "region"),
  field(4, "az-id"),
  field(4, "sublocation-type"),
  field(4, "sublocation-id"),
  field(5, "pkt-src-aws-service"),
  field(5, "pkt-dst-aws-service"),
  field(5, "flow-direction"),
  field(5, "traffic-path", "int32", OCTET),
  field(6, "resource-type"),
  field(6, "tgw-id"),
  field(6, "tgw-attachment-id"),
  field(6, "tgw-src-vpc-account-id"),
  field(6, "tgw-dst-vpc-account-id"),
  field(6, "tgw-src-vpc-id"),
  field(6, "tgw-dst-vpc-id"),
  field(6, "tgw-src-subnet-id"),
  field(6, "tgw-dst-subnet-id"),
  field(6, "tgw-src-eni"),
  field(6, "tgw-dst-eni"),
  field(6, "tgw-src-az-id"),
  field(6, "tgw-dst-az-id"),
  field(6, "tgw-pair-attachment-id"),
  field(6, "packets-lost-no-route", "int64", VOLUME),
  field(6, "packets-lost-blackhole", "int64", VOLUME),
  field(6, "packets-lost-mtu-exceeded", "int64", VOLUME),
  field(6, "packets-lost-ttl-expired", "int64", VOLUME),
  field(7, "ecs-cluster-arn"),
  field(7, "ecs-cluster-name"),
  field(7, "ecs-container-instance-arn"),
  field(7, "ecs-container-instance-id"),
  field(7, "ecs-container-id"),
  field(7, "ecs-second-container-id"),
  field(7, "ecs-service-name"),
  field(7, "ecs-task-definition-arn"),
  field(7, "ecs-task-arn"),
  field(7, "ecs-task-id"),
  field(8, "reject-reason"),
];

const byName = new Map<string, FieldSpec>();
for (const spec of FIELDS) {
  byName.set(spec.name, spec);
  byName.set(spec.column, spec);
}

/** Looks a field up by its AWS name (`log-status`) or its column name (`log_status`). */
export function fieldByName(name: string): FieldSpec | undefined {
  return byName.get(name);
}

/** A field the catalog does not know: kept as text under its own name rather than rejected. */
export function unknownField(name: string): FieldSpec {
  return { name, column: name.replaceAll("-", "_"), version: 0, type: "string" };
}

/** The fields of the default format, in order. */
export const DEFAULT_FIELD_NAMES = [
  "version",
  "account-id",
  "interface-id",
  "srcaddr",
  "dstaddr",
  "srcport",
  "dstport",
  "protocol",
  "packets",
  "bytes",
  "start",
  "end",
  "action",
  "log-status",
] as const;
