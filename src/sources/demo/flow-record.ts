/**
 * One demo flow log record, and the demo's custom version 5 format its text lines follow (the same
 * columns, with underscores, in the Parquet objects).
 */
import { type LogFormat, parseLogFormat } from "../../records/log-format.js";
import type { AwsService } from "./address-book.js";
import type { Eni } from "./estate-types.js";

/** The demo's flow log format (custom, version 5). */
export const DEMO_LOG_FORMAT: LogFormat = parseLogFormat(
  "${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} " +
    "${packets} ${bytes} ${start} ${end} ${action} ${log-status} ${vpc-id} ${subnet-id} ${instance-id} " +
    "${tcp-flags} ${type} ${pkt-srcaddr} ${pkt-dstaddr} ${region} ${az-id} ${flow-direction} ${traffic-path} " +
    "${pkt-src-aws-service} ${pkt-dst-aws-service}",
);

export type LogStatus = "OK" | "NODATA" | "SKIPDATA";

export interface FlowRecord {
  /** The ENI whose flow log holds the record. */
  readonly eni: Eni;
  readonly logStatus: LogStatus;
  readonly srcaddr: string;
  readonly dstaddr: string;
  readonly srcport: number;
  readonly dstport: number;
  readonly protocol: number;
  readonly packets: number;
  readonly bytes: number;
  readonly start: number;
  readonly end: number;
  readonly action: "ACCEPT" | "REJECT";
  readonly tcpFlags: number;
  readonly ipv6: boolean;
  readonly pktSrcaddr: string;
  readonly pktDstaddr: string;
  readonly direction: "ingress" | "egress";
  /** 0 when the field does not apply (ingress records). */
  readonly trafficPath: number;
  readonly pktSrcService: AwsService;
  readonly pktDstService: AwsService;
  /** The VPC ENI at the other end of this hop, if any. */
  readonly peer: Eni | undefined;
  /** The ENI that opened the connection. */
  readonly origin: Eni;
}
