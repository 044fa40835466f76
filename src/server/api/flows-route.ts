/**
 * The flows explorer: `GET /api/flows?from&to&<filters>&groupBy&top&metric&bucket` — top N values of one
 * dimension over the range, their series per hour or day, and the rest as "other"; and
 * `GET /api/flows/sankey?from&to&<filters>` — source class → ENI kind → destination class. Filters are
 * described in flow-filters.ts; `GET /api/flows/dimensions` lists them for the front end.
 */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { checkPeriod, parseInput } from "./api-params.js";
import type { ApiStore } from "./api-store.js";
import { DIMENSION_NAMES, DIMENSIONS } from "./flow-dimensions.js";
import { EITHER_SIDE, parseFilters } from "./flow-filters.js";
import { type Bucket, flowSankey, METRICS, topOverTime } from "./flow-query.js";

/** Ranges up to this many days are bucketed by hour unless `bucket` says otherwise. */
const HOURLY_UP_TO_DAYS = 3;
/** Longest range the explorer reads. */
const MAX_DAYS = 93;

const filterFields = Object.fromEntries(
  [...DIMENSION_NAMES, ...Object.keys(EITHER_SIDE)].map((name) => [name, z.string().max(10_000).optional()]),
);

const selectionQuery = z.object({ from: z.string(), to: z.string().optional(), ...filterFields }).strict();
const topQuery = selectionQuery
  .extend({
    groupBy: z.enum(DIMENSION_NAMES as [string, ...string[]]).default("eni"),
    top: z.coerce.number().int().min(1).max(100).default(10),
    metric: z.enum(METRICS).default("bytes"),
    bucket: z.enum(["auto", "hour", "day"]).default("auto"),
  })
  .strict();

const UNITS = { bytes: "bytes", packets: "packets", records: "records", bucket: "UTC, ISO 8601" } as const;

function selectionOf(query: Record<string, unknown>, bucketAsked: "auto" | Bucket) {
  const period = checkPeriod(String(query.from), String(query.to ?? query.from), MAX_DAYS);
  const days = (Date.parse(period.to) - Date.parse(period.from)) / 86_400_000 + 1;
  const bucket: Bucket = bucketAsked === "auto" ? (days <= HOURLY_UP_TO_DAYS ? "hour" : "day") : bucketAsked;
  return { ...period, bucket, filters: parseFilters(query as Record<string, string | undefined>) };
}

export function registerFlowsRoutes(api: FastifyInstance, store: ApiStore): void {
  api.get("/flows/dimensions", async () => ({
    dimensions: DIMENSION_NAMES.map((name) => {
      const d = DIMENSIONS[name];
      return {
        name,
        description: d.description,
        values: Array.isArray(d.value) ? d.value : null,
        groupBy: true,
      };
    }),
    eitherSide: Object.entries(EITHER_SIDE).map(([name, e]) => ({
      name,
      description: e.description,
      groupBy: false,
    })),
    metrics: METRICS,
  }));

  api.get("/flows", async (request) => {
    const query = parseInput(topQuery, request.query, "query parameter");
    const selection = selectionOf(query, query.bucket);
    const groupBy = query.groupBy as (typeof DIMENSION_NAMES)[number];
    const result = await store.reading((s) => topOverTime(s, selection, groupBy, query.metric, query.top));
    return {
      period: { from: selection.from, to: selection.to },
      bucket: selection.bucket,
      groupBy,
      metric: query.metric,
      top: query.top,
      filters: Object.fromEntries(
        selection.filters.map((f) => [f.name, String((query as Record<string, unknown>)[f.name])]),
      ),
      ...result,
      units: UNITS,
    };
  });

  api.get("/flows/sankey", async (request) => {
    const query = parseInput(selectionQuery, request.query, "query parameter");
    const selection = selectionOf(query, "day");
    const result = await store.reading((s) => flowSankey(s, selection));
    return {
      period: { from: selection.from, to: selection.to },
      stages: ["source address class", "ENI kind", "destination address class"],
      ...result,
      units: UNITS,
    };
  });
}
