/**
 * The test fixture cut from AWS's ip-ranges.json of 2026-08-22 (every us-east-1, eu-west-1 and GLOBAL prefix; see
 * test/fixtures/aws-ip-ranges/README.md), and variants of it written to a test's temporary directory. The
 * product never reads it: it downloads the live file or takes one from the user.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseIpRangesFile } from "../../src/enrich/aws-ip-ranges/ip-ranges-file.js";
import { AwsPrefixIndex } from "../../src/enrich/aws-ip-ranges/prefix-index.js";

export const SNAPSHOT_PATH = resolve(import.meta.dirname, "../fixtures/aws-ip-ranges/ip-ranges.json");
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
