/** What `flowlens ip-ranges show` reports: the stored set's origin, age and prefix counts. */
import type { DuckDbStore } from "../../store/duckdb/duckdb-store.js";
import { type IpRangesSource, readIpRangesSource } from "./ip-ranges-tables.js";

export interface ServicePrefixCount {
  readonly service: string;
  readonly ipv4: number;
  readonly ipv6: number;
  readonly total: number;
}

export interface IpRangesSummary extends IpRangesSource {
  /** Whole days between createDate and now. */
  readonly ageDays: number;
  readonly ipv4Prefixes: number;
  readonly ipv6Prefixes: number;
  readonly services: number;
  /** The services with the most prefixes, most first. */
  readonly topServices: readonly ServicePrefixCount[];
}

const DAY_MS = 86_400_000;

/**
 * Summarises the stored AWS IP ranges, or returns null when none were loaded.
 * @param topServices how many services to list @default 10
 */
export async function readIpRangesSummary(
  store: DuckDbStore,
  options: { readonly now?: Date; readonly topServices?: number } = {},
): Promise<IpRangesSummary | null> {
  const source = await readIpRangesSource(store);
  if (!source) return null;
  const [totals] = await store.rows<{ ipv4: number; ipv6: number; services: number }>(
    `SELECT count(*) FILTER (ip_version = 4)::INTEGER AS ipv4, count(*) FILTER (ip_version = 6)::INTEGER AS ipv6,
            count(DISTINCT service)::INTEGER AS services
     FROM aws_ip_ranges`,
  );
  const topServices = await store.rows<ServicePrefixCount & Record<string, unknown>>(
    `SELECT service, count(*) FILTER (ip_version = 4)::INTEGER AS ipv4,
            count(*) FILTER (ip_version = 6)::INTEGER AS ipv6, count(*)::INTEGER AS total
     FROM aws_ip_ranges GROUP BY service ORDER BY total DESC, service LIMIT $1`,
    [options.topServices ?? 10],
  );
  const now = options.now ?? new Date();
  return {
    ...source,
    ageDays: Math.floor((now.getTime() - Date.parse(source.createDate)) / DAY_MS),
    ipv4Prefixes: totals?.ipv4 ?? 0,
    ipv6Prefixes: totals?.ipv6 ?? 0,
    services: totals?.services ?? 0,
    topServices,
  };
}
