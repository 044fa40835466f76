/**
 * The AWS ip-ranges.json snapshot of 2026-08-22 kept in shared/data for tests (the product never reads
 * it), and variants of it written to a test's temporary directory.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseIpRangesFile } from "../../src/enrich/aws-ip-ranges/ip-ranges-file.js";
import { AwsPrefixIndex } from "../../src/enrich/aws-ip-ranges/prefix-index.js";

export const SNAPSHOT_PATH = resolve(import.meta.dirname, "../../../shared/data/aws-ip-ranges.json");
export const SNAPSHOT_CREATE_DATE = "2026-08-22T15:17:05Z";

export function snapshotText(): string {
  return readFileSync(SNAPSHOT_PATH, "utf8");
}

/** An index of every snapshot prefix, IPv4 and IPv6. */
export function snapshotIndex(): AwsPrefixIndex {
  const file = parseIpRangesFile(snapshotText(), SNAPSHOT_PATH);
  return AwsPrefixIndex.build([...file.ipv4, ...file.ipv6]);
}

/** Writes the snapshot with some top-level fields changed (e.g. another createDate) and returns its path. */
export function writeSnapshotVariant(
  dir: string,
  changes: Record<string, unknown>,
  name = "ip-ranges.json",
): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify({ ...JSON.parse(snapshotText()), ...changes }));
  return path;
}
