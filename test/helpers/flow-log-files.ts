/** Small flow log files in the default format, written as S3 delivers them (gzip, header line). */
import { writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

export const DEFAULT_HEADER =
  "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status";

/** A default-format record; `i` varies ports, addresses and bytes, `start` is Unix seconds. */
export function defaultRecord(i: number, start = 1763596800): string {
  return `2 111111111111 eni-0a${i % 7} 10.0.1.${i % 250} 52.216.8.${i % 200} ${40000 + (i % 20000)} 443 6 10 ${1000 + i} ${start + (i % 3600)} ${start + (i % 3600) + 60} ACCEPT OK`;
}

/** Writes a gzip text object with a header and `count` records starting at record number `first`. */
export function writeDefaultLog(path: string, count: number, first = 0): void {
  const lines = [DEFAULT_HEADER];
  for (let i = first; i < first + count; i++) lines.push(defaultRecord(i));
  writeFileSync(path, gzipSync(`${lines.join("\n")}\n`));
}
