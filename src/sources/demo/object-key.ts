/**
 * The S3 key AWS gives a flow log object: the account's day prefix (default or Hive layout; Hive with
 * hourly partitions), then `{account}_vpcflowlogs_{region}_{flow-log-id}_{YYYYMMDDTHHmmZ}_{hash}{ext}`,
 * where the timestamp is the start of the object's 5-minute window. The hash is derived from the seed.
 */
import { createHash } from "node:crypto";
import { dayPrefix } from "../key-layout.js";
import type { DemoAccount } from "./estate-types.js";

export interface ObjectKeyOptions {
  readonly account: DemoAccount;
  readonly region: string;
  readonly windowStart: number;
  readonly seed: number;
  readonly extension: ".log.gz" | ".log.parquet";
}

export function objectKey(options: ObjectKeyOptions): string {
  const { account, region, windowStart, seed, extension } = options;
  const iso = new Date(windowStart * 1000).toISOString();
  const date = iso.slice(0, 10);
  const hour = iso.slice(11, 13);
  const stamp = `${date.replaceAll("-", "")}T${hour}${iso.slice(14, 16)}Z`;
  const hash = createHash("sha256").update(`${seed}/${account.id}/${windowStart}`).digest("hex").slice(0, 8);
  const prefix = dayPrefix(account.layout, "", account.id, region, date);
  const partition = account.layout === "hive" ? `hour=${hour}/` : "";
  return `${prefix}${partition}${account.id}_vpcflowlogs_${region}_${account.flowLogId}_${stamp}_${hash}${extension}`;
}
