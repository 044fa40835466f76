/** Builds S3 keys the way VPC Flow Logs writes them, in either key layout, for the S3 source's tests. */
import { dayPrefix } from "../../../src/sources/key-layout.js";

export interface FlowLogKeyParts {
  readonly layout: "default" | "hive";
  readonly day: string;
  /** @default "111111111111" */
  readonly account?: string;
  /** @default "us-east-1" */
  readonly region?: string;
  /** Set when the flow log writes hourly partitions. @default no hour folder */
  readonly hour?: number;
  /** Minute of the 5-minute window in the object name. @default 0 */
  readonly minute?: number;
  /** The part of the key before AWSLogs/. @default "" */
  readonly prefix?: string;
  /** @default ".log.gz" */
  readonly extension?: string;
}

export function flowLogKey(parts: FlowLogKeyParts): string {
  const {
    layout,
    day,
    account = "111111111111",
    region = "us-east-1",
    hour,
    minute = 0,
    prefix = "",
  } = parts;
  const hh = String(hour ?? 0).padStart(2, "0");
  const mm = String(minute).padStart(2, "0");
  const hourFolder = hour === undefined ? "" : layout === "default" ? `${hh}/` : `hour=${hh}/`;
  const name = `${account}_vpcflowlogs_${region}_fl-0abc123def4567890_${day.replaceAll("-", "")}T${hh}${mm}Z_${hh}${mm}beef`;
  return `${dayPrefix(layout, prefix, account, region, day)}${hourFolder}${name}${parts.extension ?? ".log.gz"}`;
}

/** The Prefix of every ListObjectsV2 call among `commands`, sorted. */
export function listedPrefixes(
  commands: readonly { command: string; input: Record<string, unknown> }[],
): string[] {
  return commands
    .filter((c) => c.command === "ListObjectsV2Command")
    .map((c) => String(c.input.Prefix))
    .sort();
}
