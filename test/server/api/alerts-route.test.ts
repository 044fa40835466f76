/** GET /api/alerts: each rule × instance's current state and the paged history, with what notifications did. */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { AlertEvent } from "../../../src/alerts/alert-event.js";
import { AlertDeliveryLedger } from "../../../src/alerts/notify/alert-delivery-ledger.js";
import { DuckDbStore } from "../../../src/store/duckdb/duckdb-store.js";
import { alarmEvent, insertEvents, okEvent } from "../../alerts/notify/alert-events.js";
import { tempDir } from "../../helpers/temp-dir.js";
import { startTestServer } from "../../helpers/test-server.js";

const s3Alarm = alarmEvent({ evaluatedAt: "2026-11-30T15:01:00Z" });
const s3Ok = okEvent(s3Alarm, { evaluatedAt: "2026-11-30T16:01:00Z" });
const sshAlarm = alarmEvent({
  rule: "ssh-from-internet",
  instance: "203.0.113.9",
  windowStart: "2026-11-30T16:50:00Z",
  windowEnd: "2026-11-30T17:00:00Z",
  eventId: "ssh-from-internet|203.0.113.9|ALARM|2026-11-30T17:00:00Z",
  unit: "count",
  value: 412,
  threshold: 100,
  usd: null,
  evaluatedAt: "2026-11-30T17:01:00Z",
});

/** A store holding these events (the ALARM of s3 posted to Slack), served by `flowlens serve`. */
async function serverWith(...events: AlertEvent[]) {
  const db = join(tempDir("flowlens-alerts-api-"), "flows.duckdb");
  const store = await DuckDbStore.open(db);
  try {
    await insertEvents(store, ...events);
    const ledger = await AlertDeliveryLedger.open(store);
    await ledger.record(s3Alarm.eventId, "slack", {
      state: "delivered",
      channelId: "C0FLOWLENS",
      messageTs: "1.2",
    });
    await ledger.record(s3Alarm.eventId, "webhook:pager", { state: "failed", httpStatus: 500, detail: "x" });
  } finally {
    store.close();
  }
  return startTestServer({}, { db });
}

describe("GET /api/alerts", () => {
  it("answers each rule × instance's latest state, alarms first", async () => {
    const server = await serverWith(s3Alarm, s3Ok, sshAlarm);
    const answer = await server.app.inject({ method: "GET", url: "/api/alerts" });
    expect(answer.statusCode).toBe(200);
    expect(answer.json().states.map((s: AlertEvent) => [s.rule, s.instance, s.toState])).toEqual([
      ["ssh-from-internet", "203.0.113.9", "ALARM"],
      ["s3-back-through-nat", "nat-0abc1234def567890", "OK"],
    ]);
  });

  it("lists the history newest first, with the numbers and what each notification did", async () => {
    const server = await serverWith(s3Alarm, s3Ok, sshAlarm);
    const { history } = (await server.app.inject({ method: "GET", url: "/api/alerts" })).json();
    expect(history.total).toBe(3);
    expect(history.events.map((e: AlertEvent) => e.eventId)).toEqual([
      sshAlarm.eventId,
      s3Ok.eventId,
      s3Alarm.eventId,
    ]);
    expect(history.events[2]).toMatchObject({
      value: s3Alarm.value,
      threshold: s3Alarm.threshold,
      unit: "bytes",
      usd: 0.07,
      series: s3Alarm.series,
      deliveries: [
        { target: "slack", state: "delivered" },
        { target: "webhook:pager", state: "failed" },
      ],
    });
  });

  it("pages the history with limit and offset and counts all of it", async () => {
    const server = await serverWith(s3Alarm, s3Ok, sshAlarm);
    const { history } = (
      await server.app.inject({ method: "GET", url: "/api/alerts?limit=1&offset=1" })
    ).json();
    expect(history).toMatchObject({ total: 3, limit: 1, offset: 1 });
    expect(history.events.map((e: AlertEvent) => e.eventId)).toEqual([s3Ok.eventId]);
  });

  it("lists only the transitions whose window ended at or after since", async () => {
    const server = await serverWith(s3Alarm, s3Ok, sshAlarm);
    const { history } = (
      await server.app.inject({ method: "GET", url: "/api/alerts?since=2026-11-30T16:00:00Z" })
    ).json();
    expect(history.events.map((e: AlertEvent) => e.toState)).toEqual(["ALARM", "OK"]);
    expect(history.total).toBe(2);
  });

  it("refuses a since that is neither a UTC day nor a time, naming it", async () => {
    const server = await startTestServer();
    const answer = await server.app.inject({ method: "GET", url: "/api/alerts?since=yesterday" });
    expect(answer.statusCode).toBe(400);
    expect(answer.json().error).toBe(
      'query parameter since: expected a UTC day (2026-11-30) or time (2026-11-30T14:00:00Z), got "yesterday"',
    );
  });

  it("refuses a page larger than 200 events", async () => {
    const server = await startTestServer();
    const answer = await server.app.inject({ method: "GET", url: "/api/alerts?limit=500" });
    expect(answer.json().error).toBe(
      'query parameter limit: expected a whole number of events from 1 to 200, got "500"',
    );
  });

  it("answers empty lists for a store no evaluation has written to", async () => {
    const server = await startTestServer();
    await server.loader.loadAll();
    const answer = await server.app.inject({ method: "GET", url: "/api/alerts" });
    expect(answer.json()).toMatchObject({
      states: [],
      history: { events: [], total: 0, limit: 50, offset: 0 },
    });
  });

  it("answers over a real socket with the dashboard's security headers", async () => {
    const server = await serverWith(s3Alarm);
    const response = await fetch(`${server.url}/api/alerts`);
    expect(response.status).toBe(200);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(((await response.json()) as { states: unknown[] }).states).toHaveLength(1);
  });
});
