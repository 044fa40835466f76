/** What the alert e2e tests share: the shipped rules as a config file, and an independent S3-via-NAT count. */
import { writeFileSync } from "node:fs";
import { stringify } from "yaml";
import { readmeAlertRules } from "./readme-alert-rules.js";

/** The alerts: section README ships, with a backfill reaching the demo's first day. */
export function writeShippedRules(file: string): void {
  const { alerts } = readmeAlertRules();
  writeFileSync(file, stringify({ alerts: { ...alerts, backfill: "10d" } }));
}

/** S3 bytes through the NAT gateway per hour, as the demo's ground truth defines them (not the rule's SQL). */
export const S3_VIA_NAT_BY_HOUR = `SELECT epoch(date_trunc('hour', start_time))::BIGINT AS hour, day::VARCHAR AS day, sum(bytes)::BIGINT AS bytes
  FROM flows
  WHERE interface_id IN (SELECT interface_id FROM inventory_nat_gateways)
    AND flow_direction = 'ingress' AND (pkt_dst_aws_service = 'S3' OR pkt_src_aws_service = 'S3')
  GROUP BY ALL ORDER BY hour`;
