/**
 * The alert tables behind the Store contract, the same on every backend: events written once and read back
 * as they were written, history in order, each instance's current state, watermarks and silences.
 */
import { describe, expect, it } from "vitest";
import type { AlertEvent } from "../../src/alerts/alert-event.js";
import {
  activeSilences,
  countEvents,
  currentStates,
  ensureAlertTables,
  historySince,
  insertEvents,
  markSilenced,
  readHistory,
  readWatermarks,
  silenceRule,
  unsilenceRule,
  writeWatermarks,
} from "../../src/alerts/alert-tables.js";
import { historyAfter } from "../../src/alerts/evaluate/history-after.js";
import { testStores } from "../helpers/test-stores.js";
import { alarmEvent, okEvent } from "./notify/alert-events.js";

const epoch = (iso: string) => Date.parse(iso) / 1000;
/** As evaluation writes them: ISO times with milliseconds. */
const s3Alarm = alarmEvent({
  windowStart: "2026-11-30T14:00:00.000Z",
  windowEnd: "2026-11-30T15:00:00.000Z",
  evaluatedAt: "2026-11-30T15:01:02.345Z",
});
const s3Ok = okEvent(s3Alarm, {
  windowStart: "2026-11-30T15:00:00.000Z",
  windowEnd: "2026-11-30T16:00:00.000Z",
  evaluatedAt: "2026-11-30T16:01:00.000Z",
});
const scan: AlertEvent = {
  ...alarmEvent({ rule: "port-scan", instance: "203.0.113.9", unit: "count", value: 42, usd: null }),
  eventId: "port-scan|203.0.113.9|ALARM|2026-11-30T15:10:00.000Z",
  windowStart: "2026-11-30T15:00:00.000Z",
  windowEnd: "2026-11-30T15:10:00.000Z",
  evaluatedAt: "2026-11-30T15:11:00.000Z",
  threshold: null,
};

for (const backend of testStores()) {
  describe(`the alert tables on ${backend.name}`, () => {
    it("reads every event back as it was written, oldest window first", async () => {
      const store = await backend.open();
      await ensureAlertTables(store);
      await insertEvents(store, [s3Ok, scan, s3Alarm]);
      expect(await readHistory(store)).toEqual([s3Alarm, scan, s3Ok]);
    });

    it("keeps the first version of an event id written again", async () => {
      const store = await backend.open();
      await ensureAlertTables(store);
      await insertEvents(store, [s3Alarm]);
      await insertEvents(store, [{ ...s3Alarm, message: "again", evaluatedAt: "2026-12-01T00:00:00.000Z" }]);
      expect(await readHistory(store)).toEqual([s3Alarm]);
    });

    it("pages the history newest first and counts the events since a time", async () => {
      const store = await backend.open();
      await ensureAlertTables(store);
      await insertEvents(store, [s3Alarm, scan, s3Ok]);
      const page = await readHistory(store, { newestFirst: true, limit: 2, offset: 1 });
      expect(page.map((e) => e.eventId)).toEqual([scan.eventId, s3Alarm.eventId]);
      expect(await countEvents(store, "2026-11-30T15:10:00.000Z")).toBe(2);
      const since = await readHistory(store, { since: "2026-11-30T15:10:00.000Z", rule: "port-scan" });
      expect(since).toEqual([scan]);
    });

    it("gives each instance's latest event as its current state", async () => {
      const store = await backend.open();
      await ensureAlertTables(store);
      await insertEvents(store, [s3Alarm, s3Ok, scan]);
      expect(await currentStates(store)).toEqual([
        {
          rule: "port-scan",
          instance: "203.0.113.9",
          state: "ALARM",
          since: "2026-11-30T15:10:00Z",
          value: 42,
          message: scan.message,
        },
        {
          rule: "s3-back-through-nat",
          instance: s3Alarm.instance,
          state: "OK",
          since: "2026-11-30T16:00:00Z",
          value: s3Ok.value,
          message: s3Ok.message,
        },
      ]);
    });

    it("gives the events after a time with each instance's latest state and ALARM before it", async () => {
      const store = await backend.open();
      await ensureAlertTables(store);
      const later = { ...s3Alarm, eventId: `${s3Alarm.eventId}-2`, windowEnd: "2026-11-30T17:00:00.000Z" };
      await insertEvents(store, [s3Alarm, s3Ok, later, scan]);
      const history = await historySince(
        store,
        new Map([
          ["s3-back-through-nat", epoch("2026-11-30T16:30:00Z")],
          ["port-scan", epoch("2026-11-30T15:00:00Z")],
        ]),
      );
      expect(history.get("s3-back-through-nat")).toEqual([s3Alarm, s3Ok, later]);
      expect(history.get("port-scan")).toEqual([scan]);
    });

    it("gives, from events read at an earlier time and those recorded since, what it reads at a later one", async () => {
      const store = await backend.open();
      await ensureAlertTables(store);
      const rule = "s3-back-through-nat";
      const later = { ...s3Alarm, eventId: `${s3Alarm.eventId}-2`, windowEnd: "2026-11-30T17:00:00.000Z" };
      const cleared = { ...s3Ok, eventId: `${s3Ok.eventId}-2`, windowEnd: "2026-11-30T18:00:00.000Z" };
      await insertEvents(store, [later, s3Ok, s3Alarm]);
      const early = (await historySince(store, new Map([[rule, epoch("2026-11-30T14:30:00Z")]]))).get(rule);
      await insertEvents(store, [cleared]);
      for (const at of ["2026-11-30T15:00:00Z", "2026-11-30T16:30:00Z", "2026-11-30T17:00:00Z"]) {
        const read = (await historySince(store, new Map([[rule, epoch(at)]]))).get(rule);
        expect(historyAfter([...(early ?? []), cleared], epoch(at))).toEqual(read);
      }
    });

    it("replaces a rule's watermark with the one written after it", async () => {
      const store = await backend.open();
      await ensureAlertTables(store);
      const from = epoch("2026-11-30T00:00:00Z");
      await writeWatermarks(store, new Map([["port-scan", { from, to: from + 600, loadedThroughUs: 7 }]]));
      await writeWatermarks(
        store,
        new Map([
          ["port-scan", { from, to: from + 1200, loadedThroughUs: 1_800_000_000_000_000 }],
          ["skipdata", { from, to: from + 3600, loadedThroughUs: null }],
        ]),
      );
      expect(Object.fromEntries(await readWatermarks(store))).toEqual({
        "port-scan": { from, to: from + 1200, loadedThroughUs: 1_800_000_000_000_000 },
        skipdata: { from, to: from + 3600, loadedThroughUs: null },
      });
    });

    it("silences a rule until a time and ends the silence when asked", async () => {
      const store = await backend.open();
      await ensureAlertTables(store);
      const now = epoch("2026-11-30T12:00:00Z");
      await silenceRule(store, "port-scan", now + 7200);
      expect(Object.fromEntries(await activeSilences(store, now))).toEqual({
        "port-scan": "2026-11-30T14:00:00Z",
      });
      expect(await activeSilences(store, now + 7200)).toEqual(new Map());
      expect(await unsilenceRule(store, "port-scan")).toBe(true);
      expect(await activeSilences(store, now)).toEqual(new Map());
      expect(await unsilenceRule(store, "port-scan")).toBe(false);
    });

    it("records which events came while their rule was silenced", async () => {
      const store = await backend.open();
      await ensureAlertTables(store);
      await insertEvents(store, [s3Alarm, scan]);
      await markSilenced(store, [s3Alarm, scan], new Map([["port-scan", "2026-11-30T18:00:00Z"]]));
      expect(await store.rows("SELECT event_id FROM alert_silenced_events")).toEqual([
        { event_id: scan.eventId },
      ]);
    });
  });
}
