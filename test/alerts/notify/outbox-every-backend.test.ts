/**
 * The notification outbox on every backend, against the local Slack Web API: one post per ALARM (and its
 * chart), never twice across calls and restarts, the OK as a reply in its thread, a failure's attempts
 * counted in the ledger, and nothing for the events of a silenced rule.
 */
import { describe, expect, it } from "vitest";
import { ensureAlertTables, insertEvents, markSilenced } from "../../../src/alerts/alert-tables.js";
import { AlertDeliveryLedger } from "../../../src/alerts/notify/alert-delivery-ledger.js";
import { deliverAlertEvents } from "../../../src/alerts/notify/deliver-alert-events.js";
import { startSlackApiServer } from "../../helpers/slack-api-server.js";
import { testStores } from "../../helpers/test-stores.js";
import { alarmEvent, FAST_RETRY, okEvent, slackSettings } from "./alert-events.js";

const options = { retry: FAST_RETRY };

for (const backend of testStores()) {
  describe(`the alert outbox on ${backend.name}`, () => {
    it("posts an ALARM and its chart once, and nothing more when delivery runs again after a restart", async () => {
      const server = await startSlackApiServer();
      const store = await backend.open();
      await ensureAlertTables(store);
      await insertEvents(store, [alarmEvent()]);
      const first = await deliverAlertEvents(store, slackSettings(server), options);
      expect(first.results.map((r) => [r.target, r.state])).toEqual([
        ["slack", "delivered"],
        ["slack-chart", "delivered"],
      ]);
      const again = await deliverAlertEvents(store, slackSettings(server), options);
      expect(again).toEqual({ results: [], waiting: 0, problems: [] });
      expect(server.calls.filter((c) => c.method === "chat.postMessage")).toHaveLength(1);
    });

    it("replies in the ALARM's thread when its rule returns to OK", async () => {
      const server = await startSlackApiServer();
      const store = await backend.open();
      const alarm = alarmEvent();
      await ensureAlertTables(store);
      await insertEvents(store, [alarm]);
      await deliverAlertEvents(store, slackSettings(server), options);
      await insertEvents(store, [okEvent(alarm)]);
      await deliverAlertEvents(store, slackSettings(server), options);
      const [top, ...rest] = [...server.messages.values()];
      expect(rest.map((m) => [m.threadTs, m.text.split(":")[0]])).toEqual([[top?.ts, "OK again"]]);
    });

    it("counts a failed post's attempts and posts it once on the next call", async () => {
      const server = await startSlackApiServer();
      const store = await backend.open();
      const alarm = alarmEvent();
      const ledger = await AlertDeliveryLedger.open(store);
      await insertEvents(store, [alarm]);
      server.failNext("chat.postMessage", { status: 503 }, FAST_RETRY.retries + 1);
      const down = await deliverAlertEvents(store, slackSettings(server), options);
      expect(down.results.map((r) => [r.target, r.state])).toEqual([["slack", "failed"]]);
      const [pending] = await ledger.pending([{ rule: alarm.rule, target: "slack", kind: "slack" }], 10);
      expect([pending?.event.eventId, pending?.attempts]).toEqual([alarm.eventId, 1]);
      await deliverAlertEvents(store, slackSettings(server), options);
      expect(
        await store.rows("SELECT target, state, attempts FROM alert_deliveries ORDER BY target"),
      ).toEqual([
        { target: "slack", state: "delivered", attempts: 2 },
        { target: "slack-chart", state: "delivered", attempts: 1 },
      ]);
      expect([...server.messages.values()].filter((m) => m.threadTs === undefined)).toHaveLength(1);
    });

    it("sends nothing for an event recorded while its rule was silenced", async () => {
      const server = await startSlackApiServer();
      const store = await backend.open();
      const silenced = alarmEvent();
      await ensureAlertTables(store);
      await insertEvents(store, [silenced]);
      await markSilenced(store, [silenced], new Map([[silenced.rule, "2026-11-30T18:00:00Z"]]));
      const report = await deliverAlertEvents(store, slackSettings(server), options);
      expect(report).toEqual({ results: [], waiting: 0, problems: [] });
      expect(server.calls).toEqual([]);
    });
  });
}
