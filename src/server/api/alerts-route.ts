/**
 * `GET /api/alerts?since=&limit=&offset=`: each rule × instance's current state (its latest event in
 * `alert_events`, by the window it decided; alarms first, by severity, the latest first) and the history of transitions, newest first, paged, from
 * `since` (a UTC day or time, on the windows' ends) on — each with what its notifications did
 * (`alert_deliveries`). A store no evaluation has written to answers empty lists. The same on every
 * backend: the alert tables' readers (alerts/alert-tables.ts) speak each store's dialect.
 */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { AlertEvent } from "../../alerts/alert-event.js";
import { countEvents, latestEvents, readHistory } from "../../alerts/alert-tables.js";
import { deliveryStates } from "../../alerts/notify/alert-delivery-ledger.js";
import { wholeNumber } from "../../config/whole-number.js";
import type { Store } from "../../store/store.js";
import { tableExists } from "../../store/table-exists.js";
import { parseInput } from "./api-params.js";
import type { ApiStore } from "./api-store.js";

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

const STATE_RANK: Record<string, number> = { ALARM: 0, INSUFFICIENT_DATA: 1, OK: 2 };
const SEVERITY_RANK: Record<string, number> = { high: 0, medium: 1, low: 2 };

/** Alarms first, then by severity, the latest window first, then by rule and instance. */
function stateOrder(a: AlertEvent, b: AlertEvent): number {
  return (
    (STATE_RANK[a.toState] ?? 3) - (STATE_RANK[b.toState] ?? 3) ||
    (SEVERITY_RANK[a.severity] ?? 3) - (SEVERITY_RANK[b.severity] ?? 3) ||
    Date.parse(b.windowEnd) - Date.parse(a.windowEnd) ||
    byText(a.rule, b.rule) ||
    byText(a.instance, b.instance)
  );
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

async function readAlerts(store: Store, since: string | undefined, limit: number, offset: number) {
  const from = since === undefined ? undefined : new Date(since).toISOString();
  const states = (await latestEvents(store)).sort(stateOrder);
  const events = await readHistory(store, {
    ...(from === undefined ? {} : { since: from }),
    limit,
    offset,
    newestFirst: true,
  });
  const delivered = (await tableExists(store, "alert_deliveries"))
    ? await deliveryStates(store, [...new Set([...states, ...events].map((e) => e.eventId))])
    : new Map();
  const withDeliveries = (event: AlertEvent): AlertHistoryEvent => ({
    ...event,
    deliveries: delivered.get(event.eventId) ?? [],
  });
  return {
    states: states.map(withDeliveries),
    history: { events: events.map(withDeliveries), total: await countEvents(store, from), limit, offset },
  };
}

export function registerAlertsRoute(api: FastifyInstance, store: ApiStore): void {
  api.get("/alerts", async (request) => {
    const { since, limit = 50, offset = 0 } = parseInput(query, request.query, "query parameter");
    const alerts = await store.reading((s) => readAlerts(s, since, limit, offset));
    return {
      ...alerts,
      units: { times: "UTC, ISO 8601", value: "in each event's unit (bytes, usd, count, share, z-score)" },
    };
  });
}
