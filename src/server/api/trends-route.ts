/**
 * `GET /api/trends?days=30|90` (or `?from&to`): did the fix work? Each money and security number per day
 * (src/trends/daily-series.ts), the inventory changes dated in the range (marks on the time axis), and —
 * when the range holds a change — the before/after comparison around the latest one: the days before it
 * against the days from it on (src/trends/compare-in-store.ts), with its headline sentence. The same on
 * every backend: src/trends/ speaks the store's dialect.
 */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { readInventoryChanges } from "../../enrich/inventory/inventory-changes.js";
import type { Period } from "../../insights/insight.js";
import { loadPrices } from "../../pricing/price-table.js";
import type { Store } from "../../store/store.js";
import { compareInStore } from "../../trends/compare-in-store.js";
import { dailySeries, prepareStoreForSeries } from "../../trends/daily-series.js";
import { addDays } from "../../utc-day.js";
import { checkPeriod, parseInput } from "./api-params.js";
import type { ApiStore } from "./api-store.js";
import { GenerationCache } from "./generation-cache.js";

const query = z
  .object({
    days: z.enum(["7", "30", "90"]).optional(),
    from: z.string().optional(),
    to: z.string().optional(),
  })
  .strict();

async function lastDayWithData(store: Store): Promise<string | undefined> {
  // Both dialects; an empty store has no row (ClickHouse's max() of no rows would be 1970-01-01).
  const day = await store.value<string | undefined>(
    "SELECT day FROM hourly_rollup ORDER BY day DESC LIMIT 1",
  );
  return day ?? undefined;
}

async function trends(store: Store, period: Period, options: Parameters<typeof dailySeries>[2]) {
  await prepareStoreForSeries(store);
  const series = await dailySeries(store, period, options);
  const changes = await readInventoryChanges(store, period);
  const latest = changes.at(-1)?.at.slice(0, 10);
  const comparison =
    latest && latest > period.from
      ? await compareInStore(
          store,
          { from: period.from, to: addDays(latest, -1) },
          { from: latest, to: period.to },
          options,
        )
      : null;
  return { ...series, changes, comparison };
}

export function registerTrendsRoute(api: FastifyInstance, store: ApiStore): void {
  const options = { params: store.config.insights, prices: loadPrices({ overrides: store.config.prices }) };
  const cache = new GenerationCache(store, (s, period: Period) => trends(s, period, options));
  api.get("/trends", async (request) => {
    const input = parseInput(query, request.query, "query parameter");
    let period: Period;
    if (input.from !== undefined) {
      period = checkPeriod(input.from, input.to ?? input.from, 366);
    } else {
      const last = (await store.reading(lastDayWithData)) ?? new Date().toISOString().slice(0, 10);
      period = { from: addDays(last, 1 - Number(input.days ?? "30")), to: last };
    }
    const { generation, value } = await cache.get(`${period.from}..${period.to}`, period);
    return {
      generation,
      ...value,
      units: { bytes: "bytes", usd: "USD", records: "records", at: "UTC, ISO 8601" },
    };
  });
}
