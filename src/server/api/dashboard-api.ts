/**
 * The dashboard's JSON API under `/api/`, registered on `flowlens serve`'s Fastify app in one plugin
 * scope: the dashboard credential and the security headers (dashboard-access.ts) apply to every route in
 * it, and to the pages (dashboard-assets.ts), while the Firehose endpoint beside it keeps its own access key.
 * One module per route group; every input is parsed by a zod schema (api-params.ts), every failure is
 * `{"error", "code", "hint"?}` (api-errors.ts). Numbers carry no human units: each answer has a `units`
 * field and the front end formats.
 */
import type { FastifyInstance } from "fastify";
import type { Config } from "../../config/config.js";
import type { StoreGate } from "../store-gate.js";
import { registerAlertsRoute } from "./alerts-route.js";
import { apiErrorHandler } from "./api-errors.js";
import { ApiStore } from "./api-store.js";
import { registerConsoleRoutes } from "./console-route.js";
import { type DashboardCheck, guardDashboard, SECURITY_HEADERS } from "./dashboard-access.js";
import { registerDashboardAssets } from "./dashboard-assets.js";
import { registerDaysRoute } from "./days-route.js";
import { registerFlowsRoutes } from "./flows-route.js";
import { registerOperationsRoute, type SpoolState } from "./operations-route.js";
import { registerReportRoutes } from "./report-route.js";
import { registerSavedQueries } from "./saved-queries.js";
import { registerTrendsRoute } from "./trends-route.js";

export interface DashboardApiOptions {
  readonly config: Config;
  readonly gate: StoreGate;
  readonly check: DashboardCheck;
  readonly spool: () => SpoolState;
}

export function registerDashboardApi(app: FastifyInstance, options: DashboardApiOptions): void {
  const store = new ApiStore(options.config, options.gate);
  // Paths no route has (`/nope`, `/console/`) are answered beside the dashboard, so they carry its headers too.
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .headers(SECURITY_HEADERS)
      .send({ error: `no route ${request.method} ${request.url.split("?")[0]}`, code: "FLOWLENS_NOT_FOUND" }),
  );
  app.register(async (dashboard) => {
    guardDashboard(dashboard, options.check);
    dashboard.setErrorHandler(apiErrorHandler);
    registerDashboardAssets(dashboard);
    dashboard.register(
      async (api) => {
        api.setNotFoundHandler((request, reply) =>
          reply.code(404).send({
            error: `no API route ${request.method} ${request.url.split("?")[0]}`,
            code: "FLOWLENS_NOT_FOUND",
          }),
        );
        registerDaysRoute(api, store);
        registerReportRoutes(api, store);
        registerTrendsRoute(api, store);
        registerFlowsRoutes(api, store);
        registerConsoleRoutes(api, store);
        registerSavedQueries(api, store);
        registerOperationsRoute(api, store, options.spool);
        registerAlertsRoute(api, store);
      },
      { prefix: "/api" },
    );
  });
}
