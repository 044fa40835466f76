/**
 * Before and after, from the store: both periods' daily series, the inventory changes dated between them
 * (from the day after `before` ends to the first day of `after`, both included), which route tables' subnets
 * sent each NAT gateway's traffic in the before period, and the endpoints' services — then comparePeriods.
 * Reads only, on every backend; the caller prepares the store as for the series (`prepareStoreForSeries`).
 */
import { readInventoryChanges } from "../enrich/inventory/inventory-changes.js";
import { FlowlensError } from "../errors.js";
import type { Period } from "../insights/insight.js";
import type { Store } from "../store/store.js";
import { addDays } from "../utc-day.js";
import { type Comparison, comparePeriods, type NatRouteTable } from "./compare-periods.js";
import { type DailySeriesOptions, dailySeries } from "./daily-series.js";
import { insightFile, trendsSql } from "./insight-sql.js";

/** The period between which inventory changes can explain a difference. */
export function changeWindow(before: Period, after: Period): Period {
  return { from: addDays(before.to, 1), to: after.from };
}

/**
 * Throws FLOWLENS_USAGE, naming the periods as the user gave them, unless `after` begins after `before` ends.
 * @default names { before: "--before", after: "--after" }
 */
export function checkPeriodsInOrder(
  before: Period,
  after: Period,
  names: { readonly before: string; readonly after: string } = { before: "--before", after: "--after" },
): void {
  if (after.from <= before.to) {
    throw new FlowlensError(
      "FLOWLENS_USAGE",
      `${names.after} ${after.from}..${after.to} begins before ${names.before} ${before.from}..${before.to} ends: expected the after period to begin on ${addDays(before.to, 1)} or later`,
      { hint: `give two periods that do not overlap, the earlier one as ${names.before}` },
    );
  }
}

export interface CompareOptions extends DailySeriesOptions {
  /** How the error names the two periods, as the user gave them. @default { before: "--before", after: "--after" } */
  readonly names?: { readonly before: string; readonly after: string };
}

/**
 * @throws FlowlensError FLOWLENS_USAGE when `after` does not begin after `before` ends
 * @example await compareInStore(store, { from: "2026-11-13", to: "2026-11-19" }, { from: "2026-11-20", to: "2026-11-26" })
 */
export async function compareInStore(
  store: Store,
  before: Period,
  after: Period,
  options: CompareOptions = {},
): Promise<Comparison> {
  checkPeriodsInOrder(before, after, options.names);
  const beforeSeries = await dailySeries(store, before, options);
  // The route tables behind each NAT gateway's traffic in the before period, by the insight's own rows.
  const sql = trendsSql(store, before);
  await sql.derive("nat_processed", insightFile("nat-gateway", "nat-processed.sql"));
  const natRouteTables = (
    await sql.rows<{ natGatewayId: string; destination: string; routeTableId: string }>(
      "nat-route-tables.sql",
    )
  ).map((r): NatRouteTable => ({ ...r }));
  const afterSeries = await dailySeries(store, after, options);
  const endpoints = await store.rows<{ id: string; service: string | null }>(
    "SELECT vpc_endpoint_id AS id, service_name AS service FROM inventory_vpc_endpoints",
  );
  return comparePeriods({
    before: beforeSeries,
    after: afterSeries,
    changes: await readInventoryChanges(store, changeWindow(before, after)),
    natRouteTables,
    endpointServices: new Map(endpoints.map((e) => [e.id, e.service ?? ""])),
  });
}
