/**
 * Flow log files of hand-written records in a v5 custom format, for tests that need particular records
 * (IPv6, ICMP, NODATA, a flow across midnight, an ENI no inventory knows). Unset fields are "-".
 */
import { writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

export const CUSTOM_FIELDS = [
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
  "az-id",
  "flow-direction",
  "traffic-path",
  "pkt-srcaddr",
  "pkt-dstaddr",
  "pkt-src-aws-service",
  "pkt-dst-aws-service",
] as const;

export type CustomRecord = Partial<Record<(typeof CUSTOM_FIELDS)[number], string | number>>;

/** Unix seconds of a UTC time, e.g. at("2026-11-20T10:00:00Z"). */
export function at(iso: string): number {
  return Date.parse(iso) / 1000;
}

export function customLine(record: CustomRecord): string {
  const filled: CustomRecord = { version: 5, "account-id": "111111111111", "log-status": "OK", ...record };
  return CUSTOM_FIELDS.map((field) => String(filled[field] ?? "-")).join(" ");
}

/** Writes a gzip text object with a header line. */
export function writeCustomLog(path: string, records: readonly CustomRecord[]): void {
  const lines = [CUSTOM_FIELDS.join(" "), ...records.map(customLine)];
  writeFileSync(path, gzipSync(`${lines.join("\n")}\n`));
}
