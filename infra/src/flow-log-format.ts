/**
 * The VPC Flow Logs fields flowlens reads, as the custom log format every construct here asks AWS for:
 * versions 2 to 5 (the pkt-* addresses, az-id, flow-direction, traffic-path …) and version 8's
 * reject-reason. Transit Gateway (v6) and ECS (v7) fields are left out: a VPC flow log cannot carry the
 * first, and the second is accepted only where the VPC runs ECS.
 */

/** Fields of versions 2 to 5, in AWS's order. */
export const FLOWLENS_FLOW_LOG_FIELDS: readonly string[] = [
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
  "vpc-id",
  "subnet-id",
  "instance-id",
  "tcp-flags",
  "type",
  "pkt-srcaddr",
  "pkt-dstaddr",
  "region",
  "az-id",
  "sublocation-type",
  "sublocation-id",
  "pkt-src-aws-service",
  "pkt-dst-aws-service",
  "flow-direction",
  "traffic-path",
];

/** Version 8's field: why a packet was rejected (e.g. BPA, VPC Block Public Access). */
export const REJECT_REASON_FIELD = "reject-reason";

/**
 * The `${field} …` log format string of flowlens's fields.
 * @param includeRejectReason add version 8's reject-reason @default true
 */
export function flowLensLogFormat(includeRejectReason = true): string {
  const fields = includeRejectReason
    ? [...FLOWLENS_FLOW_LOG_FIELDS, REJECT_REASON_FIELD]
    : FLOWLENS_FLOW_LOG_FIELDS;
  return fields.map((name) => `\${${name}}`).join(" ");
}
