/**
 * `GET /api/alerts?since=&limit=&offset=`: each rule × instance's current state (its latest event in
 * `alert_events`, by the window it decided; alarms first, by severity, the latest first) and the history of transitions, newest first, paged, from
 * `since` (a UTC day or time, on the windows' ends) on — each with what its notifications did
 * (`alert_deliveries`). A store no evaluation has written to answers empty lists.
 */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { AlertEvent } from "../../alerts/alert-event.js";
import {
  ALERT_EVENT_COLUMNS,
  type AlertEventRow,
  readAlertEvents,
} from "../../alerts/notify/read-alert-events.js";
import { wholeNumber } from "../../config/whole-number.js";
import type { DuckDbStore } from "../../store/duckdb/duckdb-store.js";
import { requireDuckDb } from "../../store/store.js";
import { parseInput } from "./api-params.js";
import type { ApiStore } from "./api-store.js";
import { tableExists } from "./table-exists.js";

export const MAX_HISTORY_PAGE = 200;

const SINCE = /^\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d)?Z)?$/;

const query = z
  .object({
    since: z
      .string()
      .refine((value) => SINCE.test(value) && !Number.isNaN(Date.parse(value)), {
        error: (issue) =>
          `expected a UTC day (2026-11-30) or time (2026-11-30T14:00:00Z), got ${JSON.stringify(issue.input)}`,
      })
      .optional(),
    limit: wholeNumber(1, MAX_HISTORY_PAGE, "events").optional(),
    offset: wholeNumber(0, Number.MAX_SAFE_INTEGER, "").optional(),
  })
  .strict();

export interface AlertDeliveryState {
  readonly target: string;
  readonly state: "delivered" | "failed" | "skipped";
}

export type AlertHistoryEvent = AlertEvent & { readonly deliveries: readonly AlertDeliveryState[] };

interface Row extends AlertEventRow {
  deliveries: string | null;
}

async function readAlerts(store: DuckDbStore, since: string | undefined, limit: number, offset: number) {
  if (!(await tableExists(store, "alert_events"))) {
    return { states: [], history: { events: [], total: 0, limit, offset } };
  }
  const deliveries = (await tableExists(store, "alert_deliveries"))
    ? `SELECT event_id, CAST(to_json(list({'target': target, 'state': state} ORDER BY target)) AS VARCHAR) AS deliveries
       FROM alert_deliveries GROUP BY event_id`
    : "SELECT NULL::VARCHAR AS event_id, NULL::VARCHAR AS deliveries WHERE false";
  const withDeliveries = (event: AlertEvent & { row: Row }): AlertHistoryEvent => {
    const { row, ...rest } = event;
    return {
      ...rest,
      deliveries: row.deliveries ? (JSON.parse(row.deliveries) as AlertDeliveryState[]) : [],
    };
  };
  const states = await readAlertEvents<Row>(
    store,
    `WITH d AS (${deliveries})
     SELECT ${ALERT_EVENT_COLUMNS}, d.deliveries FROM alert_events e LEFT JOIN d USING (event_id)
     QUALIFY row_number() OVER (PARTITION BY e.rule, e.instance ORDER BY e.window_end DESC, e.evaluated_at DESC) = 1
     ORDER BY CASE e.to_state WHEN 'ALARM' THEN 0 WHEN 'INSUFFICIENT_DATA' THEN 1 ELSE 2 END,
       CASE e.severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 WHEN 'low' THEN 2 ELSE 3 END,
       e.window_end DESC, e.rule, e.instance`,
  );
  const sinceClause = since === undefined ? "" : "WHERE e.window_end >= CAST($since AS TIMESTAMP)";
  const params: Record<string, string> = since === undefined ? {} : { since: since.replace("Z", "") };
  const total = await store.value<number>(
    `SELECT count(*)::INTEGER FROM alert_events e ${sinceClause}`,
    params,
  );
  const history = await readAlertEvents<Row>(
    store,
    `WITH d AS (${deliveries})
     SELECT ${ALERT_EVENT_COLUMNS}, d.deliveries FROM alert_events e LEFT JOIN d USING (event_id) ${sinceClause}
     ORDER BY e.window_end DESC, e.evaluated_at DESC, e.event_id LIMIT ${limit} OFFSET ${offset}`,
    params,
  );
  return {
    states: states.map(withDeliveries),
    history: { events: history.map(withDeliveries), total, limit, offset },
  };
}

export function registerAlertsRoute(api: FastifyInstance, store: ApiStore): void {
  api.get("/alerts", async (request) => {
    const { since, limit = 50, offset = 0 } = parseInput(query, request.query, "query parameter");
    // Alerts are evaluated on DuckDB only so far: another store answers 501 naming the feature.
    const alerts = await store.reading((s) => readAlerts(requireDuckDb(s, "alerts"), since, limit, offset));
    return {
      ...alerts,
      units: { times: "UTC, ISO 8601", value: "in each event's unit (bytes, usd, count, share, z-score)" },
    };
  });
}
