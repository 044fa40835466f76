#!/usr/bin/env node
/**
 * Cuts the test fixture test/fixtures/aws-ip-ranges/ip-ranges.json from a full copy of AWS's published
 * ip-ranges.json (https://ip-ranges.amazonaws.com/ip-ranges.json): every IPv4 and IPv6 prefix of
 * us-east-1 (the demo's region), of eu-west-1 (another region, for inter-region cases) and of GLOBAL, with the file's own syncToken and createDate.
 *
 *   node scripts/cut-ip-ranges-fixture.mjs path/to/ip-ranges.json
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const KEPT_REGIONS = new Set(["us-east-1", "eu-west-1", "GLOBAL"]);
const source = process.argv[2];
if (!source) {
  console.error("usage: node scripts/cut-ip-ranges-fixture.mjs path/to/ip-ranges.json");
  process.exit(2);
}
const full = JSON.parse(readFileSync(source, "utf8"));
const keep = (p) => KEPT_REGIONS.has(p.region);
const cut = {
  syncToken: full.syncToken,
  createDate: full.createDate,
  prefixes: full.prefixes.filter(keep),
  ipv6_prefixes: full.ipv6_prefixes.filter(keep),
};
const target = join(dirname(fileURLToPath(import.meta.url)), "../test/fixtures/aws-ip-ranges/ip-ranges.json");
writeFileSync(target, `${JSON.stringify(cut, null, 0)}\n`);
console.log(
  `${target}: ${cut.prefixes.length} IPv4 and ${cut.ipv6_prefixes.length} IPv6 prefixes of ${[...KEPT_REGIONS].join(", ")}`,
);
