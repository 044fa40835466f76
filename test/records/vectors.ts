/**
 * Record vectors for every field of every version: a format, a line as AWS writes it, and the values it
 * must decode to (start/end as Unix seconds); records written loosely (runs of spaces, a JSON wrapper),
 * which only the careful path reads; and malformed lines with the reason each is quarantined for. Both
 * the JavaScript decoder and the DuckDB load path (fast and careful) are held to these.
 */
import type { FlowRecord } from "../../src/records/decode-record.js";

export interface RecordVector {
  readonly name: string;
  readonly format: string;
  readonly line: string;
  readonly expected: FlowRecord;
}

export const V2_FIELDS =
  "${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}";

const TGW_FIELDS =
  "${version} ${resource-type} ${account-id} ${tgw-id} ${tgw-attachment-id} ${tgw-src-vpc-account-id} ${tgw-dst-vpc-account-id} ${tgw-src-vpc-id} ${tgw-dst-vpc-id} ${tgw-src-subnet-id} ${tgw-dst-subnet-id} ${tgw-src-eni} ${tgw-dst-eni} ${tgw-src-az-id} ${tgw-dst-az-id} ${tgw-pair-attachment-id} ${packets-lost-no-route} ${packets-lost-blackhole} ${packets-lost-mtu-exceeded} ${packets-lost-ttl-expired}";

export const VECTORS: readonly RecordVector[] = [
  {
    name: "v2 default format, accepted TCP",
    format: V2_FIELDS,
    line: "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK",
    expected: {
      version: 2,
      account_id: "123456789010",
      interface_id: "eni-1235b8ca123456789",
      srcaddr: "172.31.16.139",
      dstaddr: "172.31.16.21",
      srcport: 20641,
      dstport: 22,
      protocol: 6,
      packets: 20,
      bytes: 4249,
      start: 1418530010,
      end: 1418530070,
      action: "ACCEPT",
      log_status: "OK",
    },
  },
  {
    name: "v2 NODATA record: every traffic field is NULL",
    format: V2_FIELDS,
    line: "2 123456789010 eni-1a2b3c4d - - - - - - - 1431280876 1431280934 - NODATA",
    expected: {
      version: 2,
      account_id: "123456789010",
      interface_id: "eni-1a2b3c4d",
      srcaddr: null,
      dstaddr: null,
      srcport: null,
      dstport: null,
      protocol: null,
      packets: null,
      bytes: null,
      start: 1431280876,
      end: 1431280934,
      action: null,
      log_status: "NODATA",
    },
  },
  {
    name: "v2 SKIPDATA record of an interface an AWS service created (account unknown), times in milliseconds",
    format: V2_FIELDS,
    line: "2 unknown eni-4b118871 - - - - - - - 1431280876000 1431280934999 - SKIPDATA",
    expected: {
      version: 2,
      account_id: null,
      interface_id: "eni-4b118871",
      srcaddr: null,
      dstaddr: null,
      srcport: null,
      dstport: null,
      protocol: null,
      packets: null,
      bytes: null,
      start: 1431280876,
      end: 1431280934,
      action: null,
      log_status: "SKIPDATA",
    },
  },
  {
    name: "v3 fields: vpc, subnet, instance, tcp-flags, type, pkt addresses behind a NAT gateway",
    format:
      "${version} ${vpc-id} ${subnet-id} ${instance-id} ${interface-id} ${account-id} ${type} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${pkt-srcaddr} ${pkt-dstaddr} ${protocol} ${bytes} ${packets} ${start} ${end} ${action} ${tcp-flags} ${log-status}",
    line: "3 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 - eni-1235b8ca123456789 123456789010 IPv4 10.40.2.236 203.0.113.5 61101 443 10.40.1.175 203.0.113.5 6 2143 16 1566848875 1566848933 ACCEPT 18 OK",
    expected: {
      version: 3,
      vpc_id: "vpc-abcdefab012345678",
      subnet_id: "subnet-aaaaaaaa012345678",
      instance_id: null,
      interface_id: "eni-1235b8ca123456789",
      account_id: "123456789010",
      type: "IPv4",
      srcaddr: "10.40.2.236",
      dstaddr: "203.0.113.5",
      srcport: 61101,
      dstport: 443,
      pkt_srcaddr: "10.40.1.175",
      pkt_dstaddr: "203.0.113.5",
      protocol: 6,
      bytes: 2143,
      packets: 16,
      start: 1566848875,
      end: 1566848933,
      action: "ACCEPT",
      tcp_flags: 18,
      log_status: "OK",
    },
  },
  {
    name: "v4 fields: region, az-id, sublocation (IPv6 ICMPv6)",
    format:
      "${version} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${region} ${az-id} ${sublocation-type} ${sublocation-id} ${log-status}",
    line: "4 eni-0a1b 2001:db8:1234:a102::77 2001:db8:1234:a101::12 0 0 58 us-west-2 usw2-lax1-az1 localzone usw2-lax1 OK",
    expected: {
      version: 4,
      interface_id: "eni-0a1b",
      srcaddr: "2001:db8:1234:a102::77",
      dstaddr: "2001:db8:1234:a101::12",
      srcport: 0,
      dstport: 0,
      protocol: 58,
      region: "us-west-2",
      az_id: "usw2-lax1-az1",
      sublocation_type: "localzone",
      sublocation_id: "usw2-lax1",
      log_status: "OK",
    },
  },
  {
    name: "v5 fields: aws services, flow direction and traffic path",
    format:
      "${version} ${interface-id} ${srcaddr} ${dstaddr} ${pkt-src-aws-service} ${pkt-dst-aws-service} ${flow-direction} ${traffic-path} ${bytes}",
    line: "5 eni-0c7e 10.0.16.25 52.216.40.12 - S3 egress 7 104857600",
    expected: {
      version: 5,
      interface_id: "eni-0c7e",
      srcaddr: "10.0.16.25",
      dstaddr: "52.216.40.12",
      pkt_src_aws_service: null,
      pkt_dst_aws_service: "S3",
      flow_direction: "egress",
      traffic_path: 7,
      bytes: 104857600,
    },
  },
  {
    name: "v6 Transit Gateway fields",
    format: TGW_FIELDS,
    line: "6 TransitGateway 123456789010 tgw-0123 tgw-attach-0a 111111111111 222222222222 vpc-0a vpc-0b subnet-0a subnet-0b eni-0a eni-0b use1-az1 use1-az2 tgw-attach-0b 0 1 2 3",
    expected: {
      version: 6,
      resource_type: "TransitGateway",
      account_id: "123456789010",
      tgw_id: "tgw-0123",
      tgw_attachment_id: "tgw-attach-0a",
      tgw_src_vpc_account_id: "111111111111",
      tgw_dst_vpc_account_id: "222222222222",
      tgw_src_vpc_id: "vpc-0a",
      tgw_dst_vpc_id: "vpc-0b",
      tgw_src_subnet_id: "subnet-0a",
      tgw_dst_subnet_id: "subnet-0b",
      tgw_src_eni: "eni-0a",
      tgw_dst_eni: "eni-0b",
      tgw_src_az_id: "use1-az1",
      tgw_dst_az_id: "use1-az2",
      tgw_pair_attachment_id: "tgw-attach-0b",
      packets_lost_no_route: 0,
      packets_lost_blackhole: 1,
      packets_lost_mtu_exceeded: 2,
      packets_lost_ttl_expired: 3,
    },
  },
  {
    name: "v7 ECS fields",
    format:
      "${version} ${ecs-cluster-arn} ${ecs-cluster-name} ${ecs-container-instance-arn} ${ecs-container-instance-id} ${ecs-container-id} ${ecs-second-container-id} ${ecs-service-name} ${ecs-task-definition-arn} ${ecs-task-arn} ${ecs-task-id}",
    line: "7 arn:aws:ecs:us-east-1:123456789010:cluster/web web arn:aws:ecs:us-east-1:123456789010:container-instance/web/0ab 0ab c1 - api arn:aws:ecs:us-east-1:123456789010:task-definition/api:3 arn:aws:ecs:us-east-1:123456789010:task/web/9f 9f",
    expected: {
      version: 7,
      ecs_cluster_arn: "arn:aws:ecs:us-east-1:123456789010:cluster/web",
      ecs_cluster_name: "web",
      ecs_container_instance_arn: "arn:aws:ecs:us-east-1:123456789010:container-instance/web/0ab",
      ecs_container_instance_id: "0ab",
      ecs_container_id: "c1",
      ecs_second_container_id: null,
      ecs_service_name: "api",
      ecs_task_definition_arn: "arn:aws:ecs:us-east-1:123456789010:task-definition/api:3",
      ecs_task_arn: "arn:aws:ecs:us-east-1:123456789010:task/web/9f",
      ecs_task_id: "9f",
    },
  },
  {
    name: "v8 reject-reason on a REJECT",
    format:
      "${version} ${srcaddr} ${dstaddr} ${dstport} ${protocol} ${action} ${reject-reason} ${log-status}",
    line: "8 198.51.100.7 10.0.0.12 3389 6 REJECT BPA OK",
    expected: {
      version: 8,
      srcaddr: "198.51.100.7",
      dstaddr: "10.0.0.12",
      dstport: 3389,
      protocol: 6,
      action: "REJECT",
      reject_reason: "BPA",
      log_status: "OK",
    },
  },
];

const V2_LINE =
  "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK";
const V2_RECORD = VECTORS[0]?.expected ?? {};

/** Records that decode, but whose bytes are not strict: only the careful path reads them. */
export const LOOSE_VECTORS: readonly RecordVector[] = [
  {
    name: "v2 record with runs of spaces between its fields",
    format: V2_FIELDS,
    line: V2_LINE.replaceAll(" ", "   "),
    expected: V2_RECORD,
  },
  {
    name: 'v2 record wrapped as {"message": "…"}',
    format: V2_FIELDS,
    line: JSON.stringify({ message: V2_LINE }),
    expected: V2_RECORD,
  },
  {
    name: "v2 record wrapped as a message that ends with a line ending",
    format: V2_FIELDS,
    line: JSON.stringify({ message: `${V2_LINE}\r\n` }),
    expected: V2_RECORD,
  },
  {
    name: "v2 record in a CloudWatch Logs event with runs of spaces in its message",
    format: V2_FIELDS,
    line: JSON.stringify({ id: "3774", timestamp: 1418530070000, message: V2_LINE.replaceAll(" ", "  ") }),
    expected: V2_RECORD,
  },
];

export interface MalformedVector {
  readonly name: string;
  readonly format: string;
  readonly line: string;
  /** The quarantine reason, exactly. */
  readonly reason: string;
  /** A record of another kind whose values type as the format's: a Parquet object can hold it too. */
  readonly typed?: boolean;
}

/** Lines that every path quarantines, with the reason. */
export const MALFORMED_VECTORS: readonly MalformedVector[] = [
  {
    name: "a line with too few fields",
    format: V2_FIELDS,
    line: "2 123456789010 eni-1 10.0.0.1",
    reason: "expected 14 fields, found 4",
  },
  {
    name: "a line with too many fields",
    format: V2_FIELDS,
    line: `${V2_LINE} extra`,
    reason: "expected 14 fields, found 15",
  },
  {
    name: "a Transit Gateway record with as many fields as the default format, every value of the right type",
    format: V2_FIELDS,
    // ${version} ${account-id} ${tgw-id} ${srcaddr} ${dstaddr} … ${end} ${log-status} ${type}
    line: "6 123456789010 tgw-0123 10.0.0.1 10.0.1.1 443 40000 6 10 1000 1418530010 1418530070 OK IPv4",
    reason: "a Transit Gateway flow log record (version 6), not a record of this log format (version 2)",
    typed: true,
  },
  {
    name: "a Transit Gateway record with as many fields as the default format, its values not of its types",
    format: V2_FIELDS,
    // ${version} ${resource-type} ${account-id} ${tgw-id} ${tgw-attachment-id} ${srcaddr} … ${end}
    line: "6 TransitGateway 123456789010 tgw-0123 tgw-attach-0a 10.0.0.1 10.0.1.1 443 40000 6 10 1000 1418530010 1418530070",
    reason: "a Transit Gateway flow log record (version 6), not a record of this log format (version 2)",
  },
  {
    name: "a version 5 record in a version 2 log",
    format: V2_FIELDS,
    line: V2_LINE.replace(/^2/, "5"),
    reason: "a version 5 record, not a record of this log format (version 2)",
    typed: true,
  },
  {
    name: "a VPC record (version 5) in a Transit Gateway log",
    format: TGW_FIELDS,
    line: (VECTORS.find((v) => v.format === TGW_FIELDS)?.line ?? "").replace(/^6/, "5"),
    reason: "a version 5 record, not a record of this log format (version 6)",
    typed: true,
  },
  {
    name: "a Transit Gateway record in a format without a version field: a tgw- id as its interface-id",
    format: "${interface-id} ${srcaddr} ${dstaddr} ${bytes}",
    line: "tgw-0123 10.0.0.1 10.0.1.1 1000",
    reason: 'a Transit Gateway flow log record (interface-id "tgw-0123"), not a record of this log format',
    typed: true,
  },
  {
    name: "a Transit Gateway record in a format with a field the catalog does not know",
    format: "${version} ${srcaddr} ${future-field}",
    line: "6 10.0.0.1 abc",
    reason:
      "a Transit Gateway flow log record (version 6), not a record of this log format (version 2 or later)",
    typed: true,
  },
  {
    name: "a record of a version below its format's, in a format with a field the catalog does not know",
    format: "${version} ${tcp-flags} ${future-field}",
    line: "2 18 abc",
    reason: "a version 2 record, not a record of this log format (version 3 or later)",
    typed: true,
  },
  {
    name: "a JSON object without a message",
    format: V2_FIELDS,
    line: JSON.stringify({ msg: V2_LINE }),
    reason: 'a JSON object without a string "message" field',
  },
  {
    name: "a JSON object whose message is not a string",
    format: V2_FIELDS,
    line: '{"message": 2}',
    reason: 'a JSON object without a string "message" field',
  },
  {
    name: "a line that starts with { but is not JSON",
    format: V2_FIELDS,
    line: `{"message": "${V2_LINE}`,
    reason: 'the line starts with "{" but is not JSON',
  },
  {
    name: "a JSON-wrapped record with too few fields",
    format: V2_FIELDS,
    line: JSON.stringify({ message: "2 123456789010" }),
    reason: "expected 14 fields, found 2",
  },
];
