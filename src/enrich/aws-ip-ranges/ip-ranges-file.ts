/**
 * AWS's ip-ranges.json, validated: `syncToken`, `createDate` (YYYY-MM-DD-hh-mm-ss, UTC),
 * `prefixes[] {ip_prefix, region, service, network_border_group}` and `ipv6_prefixes[] {ipv6_prefix, …}`.
 * Fields AWS may add later are ignored; anything missing or malformed is named with its path and value.
 */
import { z } from "zod";
import { FlowlensError } from "../../errors.js";
import { parseCidr } from "./ip-address.js";
import type { AwsPrefix } from "./prefix-index.js";

export const AWS_IP_RANGES_URL = "https://ip-ranges.amazonaws.com/ip-ranges.json";

export interface IpRangesFile {
  readonly syncToken: string;
  /** UTC, ISO 8601: `2026-08-22T15:17:05Z` */
  readonly createDate: string;
  readonly ipv4: readonly AwsPrefix[];
  readonly ipv6: readonly AwsPrefix[];
}

const CREATE_DATE = /^(\d{4})-(\d{2})-(\d{2})-(\d{2})-(\d{2})-(\d{2})$/;

/** `2026-08-22-15-17-05` → `2026-08-22T15:17:05Z`, or null when it is not a real date and time. */
export function parseCreateDate(text: string): string | null {
  const m = CREATE_DATE.exec(text);
  if (!m) return null;
  const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`;
  const time = Date.parse(iso);
  // Date.parse accepts some impossible dates (Feb 30): only a round trip proves the date real.
  return !Number.isNaN(time) && new Date(time).toISOString() === iso.replace("Z", ".000Z") ? iso : null;
}

const shown = (value: unknown) => JSON.stringify(value) ?? String(value);

function cidrField(version: 4 | 6, example: string) {
  return z.string().refine((text) => parseCidr(text)?.version === version, {
    error: (issue) => `expected an IPv${version} CIDR prefix such as ${example}, got ${shown(issue.input)}`,
  });
}

const entryFields = {
  region: z.string().min(1),
  service: z.string().min(1),
  network_border_group: z.string(),
};

const ipRangesSchema = z.object({
  syncToken: z.string().min(1),
  createDate: z.string().refine((text) => parseCreateDate(text) !== null, {
    error: (issue) =>
      `expected a UTC time as YYYY-MM-DD-hh-mm-ss, e.g. 2026-08-22-15-17-05, got ${shown(issue.input)}`,
  }),
  prefixes: z.array(z.object({ ip_prefix: cidrField(4, "3.5.140.0/22"), ...entryFields })).min(1),
  ipv6_prefixes: z.array(z.object({ ipv6_prefix: cidrField(6, "2600:1f18::/33"), ...entryFields })),
});

function pathOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (text, key) =>
      typeof key === "number" ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key),
    "",
  );
}

const MAX_PROBLEMS_SHOWN = 3;

/**
 * Parses and validates the text of an ip-ranges.json.
 * @param origin where the text came from (a path or URL), for error messages
 */
export function parseIpRangesFile(text: string, origin: string): IpRangesFile {
  const hint = `download it again from ${AWS_IP_RANGES_URL} (or run flowlens ip-ranges update without --file)`;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new FlowlensError(
      "FLOWLENS_IP_RANGES_INVALID",
      `${origin} is not JSON: ${(error as Error).message}`,
      {
        hint,
      },
    );
  }
  const result = ipRangesSchema.safeParse(json);
  if (!result.success) {
    const issues = result.error.issues;
    const problems = issues
      .slice(0, MAX_PROBLEMS_SHOWN)
      .map((i) => `${pathOf(i.path) || "(top level)"}: ${i.message}`);
    if (issues.length > MAX_PROBLEMS_SHOWN)
      problems.push(`and ${issues.length - MAX_PROBLEMS_SHOWN} more problem(s)`);
    throw new FlowlensError(
      "FLOWLENS_IP_RANGES_INVALID",
      `${origin} is not a valid AWS ip-ranges.json: ${problems.join("; ")}`,
      { hint },
    );
  }
  const data = result.data;
  const entry = (
    prefix: string,
    e: (typeof data.prefixes)[number] | (typeof data.ipv6_prefixes)[number],
  ) => ({
    prefix,
    region: e.region,
    service: e.service,
    networkBorderGroup: e.network_border_group,
  });
  return {
    syncToken: data.syncToken,
    createDate: parseCreateDate(data.createDate) as string,
    ipv4: data.prefixes.map((e) => entry(e.ip_prefix, e)),
    ipv6: data.ipv6_prefixes.map((e) => entry(e.ipv6_prefix, e)),
  };
}
