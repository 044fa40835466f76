/**
 * The estate the default-format datasets describe: one account, a few hundred ENIs (a few internet-facing,
 * some internal servers, the rest clients), each ENI in one of the account's flow logs. Fixed, so every
 * dataset and seed names the same ENIs.
 */
import { createHash } from "node:crypto";
import type { Random } from "../../src/sources/demo/random.js";

export const ACCOUNT = "123456789012";
export const REGION = "us-east-1";
/** AWS's default format, as the header line of the objects it delivers to S3. */
export const DEFAULT_HEADER =
  "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status";
export const ENI_COUNT = 320;
const PUBLIC_ENIS = 16;
const SERVER_ENIS = 64;

export type EniRole = "public" | "server" | "client";

export interface BenchEni {
  readonly id: string;
  readonly address: string;
  readonly role: EniRole;
  /** Index of the flow log whose objects hold this ENI's records. */
  readonly flowLog: number;
}

function hex(text: string, length: number): string {
  return createHash("sha256").update(text).digest("hex").slice(0, length);
}

/** The flow log's id, as in the object names: `fl-` and 17 hex digits. */
export function flowLogId(flowLog: number): string {
  return `fl-${hex(`flow-log/${flowLog}`, 17)}`;
}

/** The ENIs, spread round-robin over `flowLogs` flow logs. */
export function benchEnis(flowLogs: number): BenchEni[] {
  return Array.from({ length: ENI_COUNT }, (_, i) => ({
    id: `eni-${hex(`eni/${i}`, 17)}`,
    address: `10.0.${Math.floor(i / 200)}.${(i % 200) + 10}`,
    role: i < PUBLIC_ENIS ? "public" : i < PUBLIC_ENIS + SERVER_ENIS ? "server" : "client",
    flowLog: i % flowLogs,
  }));
}

/** A dotted IPv4 address from 32 bits. */
export function dotted(bits: number): string {
  return `${bits >>> 24}.${(bits >>> 16) & 255}.${(bits >>> 8) & 255}.${bits & 255}`;
}

/** A random public-looking IPv4 address (first octet 1–223, never 10 or 127). */
export function internetAddress(random: Random): string {
  let first = random.int(1, 223);
  if (first === 10 || first === 127) first += 1;
  return `${first}.${random.int(0, 255)}.${random.int(0, 255)}.${random.int(1, 254)}`;
}

/** A client's ephemeral port, in Linux's default range. */
export function ephemeralPort(random: Random): number {
  return random.int(32_768, 60_999);
}
