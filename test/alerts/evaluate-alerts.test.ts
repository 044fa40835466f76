import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { AlertEvent } from "../../src/alerts/alert-event.js";
import { ensureAlertTables, readHistory, silenceRule } from "../../src/alerts/alert-tables.js";
import { evaluateAlerts } from "../../src/alerts/evaluate-alerts.js";
import { runAlerts } from "../../src/alerts/run-alerts.js";
import { type Config, validateSettings } from "../../src/config/config.js";
import type { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { at, type CustomRecord, writeCustomLog } from "../helpers/custom-flow-log.js";
import { ingestFiles } from "../helpers/ingest-files.js";
import { withStoreIn } from "../helpers/store-in-dir.js";
import { tempDir } from "../helpers/temp-dir.js";

const ENI_A = "eni-0aaaaaaaaaaaaaaa1";
const ENI_B = "eni-0bbbbbbbbbbbbbbb2";

/** `count` accepted records on `eni` starting at `time` (ISO, UTC). */
function records(count: number, time: string, eni = ENI_A): CustomRecord[] {
  const start = at(time);
  return Array.from({ length: count }, (_, i) => ({
    "interface-id": eni,
    srcaddr: "10.0.1.5",
    dstaddr: "10.0.2.9",
    srcport: 40_000 + i,
    dstport: 443,
    protocol: 6,
    packets: 2,
    bytes: 100,
    start: start + (i % 60),
    end: start + (i % 60) + 1,
    action: "ACCEPT",
    "flow-direction": "egress",
  }));
}

const bucketStart = (k: number) => new Date((at("2026-11-20T10:00:00Z") + k * 600) * 1000).toISOString();

/** Records per 10-minute bucket from 10:00 on 2026-11-20, then one record in the next bucket, so they are complete. */
function buckets(counts: readonly number[], eni = ENI_A): CustomRecord[] {
  return [
    ...counts.flatMap((n, k) => records(n, bucketStart(k), eni)),
    ...records(1, bucketStart(counts.length), eni),
  ];
}

function configOf(alerts: Record<string, unknown>): Config {
  const { config, problems } = validateSettings({ alerts });
  if (!config) throw new Error(JSON.stringify(problems));
  return config;
}

const recordsRule = (over: Record<string, unknown> = {}) => ({
  name: "busy",
  kind: "threshold",
  metric: "records",
  threshold: 20,
  period: "10m",
  ...over,
});

let fileNumber = 0;
async function load(store: DuckDbStore, dir: string, rows: readonly CustomRecord[]): Promise<void> {
  const path = join(dir, `flows-${++fileNumber}.log.gz`);
  writeCustomLog(path, rows);
  await ingestFiles(store, [path]);
}

const changes = (events: readonly AlertEvent[]) =>
  events.map(
    (e) =>
      `${e.rule}${e.instance ? `[${e.instance}]` : ""} ${e.fromState}→${e.toState} @${e.windowEnd.slice(11, 16)}`,
  );

describe("evaluateAlerts", () => {
  it("records an ALARM at the window whose records breach and an OK at the next window that does not", async () => {
    const dir = tempDir();
    await withStoreIn(dir, async (store) => {
      await load(store, dir, buckets([5, 50, 5, 5]));
      const events = await evaluateAlerts(store, configOf({ rules: [recordsRule()] }));
      expect(changes(events)).toEqual(["busy OK→ALARM @10:20", "busy ALARM→OK @10:30"]);
      expect(events[0]).toMatchObject({
        value: 50,
        threshold: 20,
        unit: "count",
        windowStart: "2026-11-20T10:10:00.000Z",
      });
      expect(events[1]?.clearsEventId).toBe(events[0]?.eventId);
    });
  });

  it("records nothing when the same records are evaluated again", async () => {
    const dir = tempDir();
    await withStoreIn(dir, async (store) => {
      await load(store, dir, buckets([5, 50, 5, 5]));
      const config = configOf({ rules: [recordsRule()] });
      await evaluateAlerts(store, config);
      expect(await evaluateAlerts(store, config)).toEqual([]);
      expect(await readHistory(store)).toHaveLength(2);
    });
  });

  it("writes the history rows the contract describes", async () => {
    const dir = tempDir();
    await withStoreIn(dir, async (store) => {
      await load(store, dir, buckets([5, 50, 5, 5]));
      const events = await evaluateAlerts(store, configOf({ rules: [recordsRule({ severity: "high" })] }));
      const [alarm] = await readHistory(store);
      expect(alarm).toEqual(events[0]);
      expect(alarm).toMatchObject({
        eventId: "busy||ALARM|2026-11-20T10:20:00.000Z",
        severity: "high",
        windowEnd: "2026-11-20T10:20:00.000Z",
        message: "busy: Flow records was 50 in 2026-11-20T10:10:00Z–2026-11-20T10:20:00Z (threshold 20)",
      });
      expect(alarm?.series.map((p) => p.value)).toEqual([5, 50]);
    });
  });

  it("needs M of N breaching windows (2 of 3)", async () => {
    const dir = tempDir();
    await withStoreIn(dir, async (store) => {
      await load(store, dir, buckets([50, 5, 5, 50, 5, 50, 5, 5, 5]));
      const rule = recordsRule({ evaluationPeriods: 3, datapointsToAlarm: 2 });
      expect(changes(await evaluateAlerts(store, configOf({ rules: [rule] })))).toEqual([
        "busy OK→ALARM @11:00",
        "busy ALARM→OK @11:10",
      ]);
    });
  });

  it("goes to INSUFFICIENT_DATA while the rule's scope sends no records, and back when it does", async () => {
    const dir = tempDir();
    await withStoreIn(dir, async (store) => {
      await load(store, dir, [
        ...records(5, "2026-11-20T10:00:00Z"),
        ...records(5, "2026-11-20T10:30:00Z"),
        ...records(1, "2026-11-20T10:45:00Z"),
      ]);
      expect(changes(await evaluateAlerts(store, configOf({ rules: [recordsRule()] })))).toEqual([
        "busy OK→INSUFFICIENT_DATA @10:20",
        "busy INSUFFICIENT_DATA→OK @10:40",
      ]);
    });
  });

  it("counts a window without records on a filtered port as 0, not as missing data", async () => {
    const dir = tempDir();
    await withStoreIn(dir, async (store) => {
      const ssh = records(50, bucketStart(0)).map((r) => ({ ...r, dstport: 22 }));
      await load(store, dir, [...ssh, ...records(5, bucketStart(1)), ...records(1, bucketStart(2))]);
      const rule = recordsRule({ filter: { port: [22] } });
      expect(changes(await evaluateAlerts(store, configOf({ rules: [rule] })))).toEqual([
        "busy OK→ALARM @10:10",
        "busy ALARM→OK @10:20",
      ]);
    });
  });

  it("counts windows without records as breaching when treatMissingData says so", async () => {
    const dir = tempDir();
    await withStoreIn(dir, async (store) => {
      await load(store, dir, [
        ...records(5, "2026-11-20T10:00:00Z"),
        ...records(5, "2026-11-20T10:20:00Z"),
        ...records(1, "2026-11-20T10:35:00Z"),
      ]);
      const rule = recordsRule({ treatMissingData: "breaching" });
      expect(changes(await evaluateAlerts(store, configOf({ rules: [rule] })))).toEqual([
        "busy OK→ALARM @10:20",
        "busy ALARM→OK @10:30",
      ]);
    });
  });

  it("records a late record's window again, as a revision, when it changes what was recorded", async () => {
    const dir = tempDir();
    await withStoreIn(dir, async (store) => {
      const config = configOf({ rules: [recordsRule()] });
      await load(store, dir, buckets([5, 5, 5, 5]));
      expect(await evaluateAlerts(store, config)).toEqual([]);
      await load(store, dir, records(45, "2026-11-20T10:12:00Z"));
      const revised = await evaluateAlerts(store, config);
      expect(changes(revised)).toEqual(["busy OK→ALARM @10:20", "busy ALARM→OK @10:30"]);
      expect(revised[0]?.message).toBe(
        "Revised by late data: busy: Flow records was 50 in 2026-11-20T10:10:00Z–2026-11-20T10:20:00Z (threshold 20)",
      );
      expect(await evaluateAlerts(store, config)).toEqual([]);
    });
  });

  it("judges again the windows of every load since a rule's own last run, when other rules ran in between", async () => {
    const dir = tempDir();
    await withStoreIn(dir, async (store) => {
      const config = configOf({ rules: [recordsRule(), recordsRule({ name: "other" })] });
      await load(store, dir, buckets([5, 5, 5, 5]));
      expect(await evaluateAlerts(store, config)).toEqual([]);
      await load(store, dir, records(45, "2026-11-20T10:12:00Z"));
      expect(changes(await evaluateAlerts(store, config, { rules: ["other"] }))).toEqual([
        "other OK→ALARM @10:20",
        "other ALARM→OK @10:30",
      ]);
      await load(store, dir, records(1, "2026-11-20T10:45:00Z"));
      expect(changes(await evaluateAlerts(store, config))).toEqual([
        "busy OK→ALARM @10:20",
        "busy ALARM→OK @10:30",
      ]);
    });
  });

  it("records a revision when late records end an ALARM already recorded", async () => {
    const dir = tempDir();
    await withStoreIn(dir, async (store) => {
      // Records below the threshold: the window alarms on a ratio; late accepted records dilute it.
      const rule = {
        name: "mostly-skipped",
        kind: "threshold",
        metric: "skipdata-share",
        threshold: 0.5,
        period: "10m",
      };
      const config = configOf({ rules: [rule] });
      const skipped = records(3, "2026-11-20T10:00:00Z").map((r) => ({ ...r, "log-status": "SKIPDATA" }));
      await load(store, dir, [...skipped, ...records(1, "2026-11-20T10:15:00Z")]);
      expect(changes(await evaluateAlerts(store, config))).toEqual(["mostly-skipped OK→ALARM @10:10"]);
      await load(store, dir, records(10, "2026-11-20T10:05:00Z"));
      const revised = await evaluateAlerts(store, config);
      expect(changes(revised)).toEqual(["mostly-skipped ALARM→OK @10:10"]);
      expect(revised[0]?.eventId).toBe("mostly-skipped||OK|2026-11-20T10:10:00.000Z|rev1");
      expect(revised[0]?.message).toMatch(/^Revised by late data: /);
    });
  });

  it("leaves windows older than alerts.lateData as they were recorded", async () => {
    const dir = tempDir();
    await withStoreIn(dir, async (store) => {
      const config = configOf({ lateData: "0s", rules: [recordsRule()] });
      await load(store, dir, buckets([5, 5, 5, 5]));
      await evaluateAlerts(store, config);
      await load(store, dir, records(45, "2026-11-20T10:12:00Z"));
      expect(await evaluateAlerts(store, config)).toEqual([]);
    });
  });

  it("names each instance of a grouped rule by its group", async () => {
    const dir = tempDir();
    await withStoreIn(dir, async (store) => {
      await load(store, dir, [...buckets([5, 50, 5]), ...buckets([50, 5, 5], ENI_B)]);
      const events = await evaluateAlerts(store, configOf({ rules: [recordsRule({ groupBy: ["eni"] })] }));
      expect(changes(events)).toEqual([
        `busy[${ENI_A}] OK→ALARM @10:20`,
        `busy[${ENI_A}] ALARM→OK @10:30`,
        `busy[${ENI_B}] OK→ALARM @10:10`,
        `busy[${ENI_B}] ALARM→OK @10:20`,
      ]);
    });
  });

  it("fires a composite of all its rules only while every one is in ALARM", async () => {
    const dir = tempDir();
    await withStoreIn(dir, async (store) => {
      await load(store, dir, [...buckets([50, 50, 5, 5]), ...buckets([5, 50, 50, 5], ENI_B)]);
      const rules = [
        recordsRule({ name: "a", filter: { eni: [ENI_A] } }),
        recordsRule({ name: "b", filter: { eni: [ENI_B] } }),
        { name: "both", kind: "composite", period: "10m", when: { all: ["a", "b"] } },
        { name: "either", kind: "composite", period: "10m", when: { any: ["a", "b"] } },
        { name: "only-a", kind: "composite", period: "10m", when: { all: ["a", { not: "b" }] } },
      ];
      const events = await evaluateAlerts(store, configOf({ rules }));
      const of = (name: string) => changes(events.filter((e) => e.rule === name));
      expect(of("both")).toEqual(["both OK→ALARM @10:20", "both ALARM→OK @10:30"]);
      expect(of("either")).toEqual(["either OK→ALARM @10:10", "either ALARM→OK @10:40"]);
      expect(of("only-a")).toEqual(["only-a OK→ALARM @10:10", "only-a ALARM→OK @10:20"]);
    });
  });

  it("fires an SQL rule once per row, named by its instance column", async () => {
    const dir = tempDir();
    await withStoreIn(dir, async (store) => {
      await load(store, dir, buckets([5, 50, 5]));
      const sql =
        "SELECT interface_id AS instance, count(*) AS value FROM flows WHERE start_time >= $window_start::TIMESTAMP AND start_time < $window_end::TIMESTAMP GROUP BY ALL HAVING count(*) > 20";
      const events = await evaluateAlerts(
        store,
        configOf({ rules: [{ name: "q", kind: "sql", sql, period: "10m" }] }),
      );
      expect(changes(events)).toEqual([`q[${ENI_A}] OK→ALARM @10:20`, `q[${ENI_A}] ALARM→OK @10:30`]);
      expect(events[0]?.value).toBe(50);
    });
  });

  it("reports an SQL rule that writes as a failed evaluation, and leaves the store as it was", async () => {
    const dir = tempDir();
    await withStoreIn(dir, async (store) => {
      await load(store, dir, buckets([5, 50, 5]));
      const config = configOf({
        rules: [{ name: "q", kind: "sql", sql: "DELETE FROM flow_records", period: "10m" }],
      });
      const outcome = await runAlerts(store, config);
      expect(outcome.error).toBe(
        "alert evaluation failed: alert rule q: the query is a DELETE statement, and flowlens runs only queries that read: one SELECT, WITH, FROM, VALUES, DESCRIBE, SHOW, SUMMARIZE or EXPLAIN of one — the store changes only through flowlens commands (ingest, inventory, ip-ranges)",
      );
      expect(await store.value<number>("SELECT count(*)::INTEGER FROM flows")).toBe(61);
    });
  });

  it("hands new events to the notifier, except a silenced rule's, and records both", async () => {
    const dir = tempDir();
    await withStoreIn(dir, async (store) => {
      await load(store, dir, [...buckets([5, 50, 5]), ...buckets([5, 50, 5], ENI_B)]);
      const config = configOf({
        rules: [
          recordsRule({ name: "a", filter: { eni: [ENI_A] } }),
          recordsRule({ name: "b", filter: { eni: [ENI_B] } }),
        ],
      });
      await ensureAlertTables(store);
      await silenceRule(store, "b", Date.now() / 1000 + 3600);
      const notified: AlertEvent[] = [];
      const outcome = await runAlerts(store, config, {
        notify: async (_store, events) => void notified.push(...events),
      });
      expect(changes(notified)).toEqual(["a OK→ALARM @10:20", "a ALARM→OK @10:30"]);
      expect(outcome.events).toHaveLength(4);
      const silenced = await store.rows<{ event_id: string }>(
        "SELECT event_id FROM alert_silenced_events ORDER BY 1",
      );
      expect(silenced.map((r) => r.event_id)).toEqual([
        "b||ALARM|2026-11-20T10:20:00.000Z",
        "b||OK|2026-11-20T10:30:00.000Z",
      ]);
      expect(await readHistory(store)).toHaveLength(4);
    });
  });

  it("reports a failing notifier without losing the recorded events", async () => {
    const dir = tempDir();
    await withStoreIn(dir, async (store) => {
      await load(store, dir, buckets([5, 50, 5]));
      const outcome = await runAlerts(store, configOf({ rules: [recordsRule()] }), {
        notify: async () => {
          throw new Error("Slack answered 503");
        },
      });
      expect(outcome.error).toBe("alert notification failed: Slack answered 503");
      expect(await readHistory(store)).toHaveLength(2);
    });
  });

  it("writes nothing on a dry run, and says what the rule would have done", async () => {
    const dir = tempDir();
    await withStoreIn(dir, async (store) => {
      await load(store, dir, buckets([5, 50, 5]));
      const dryRun = { from: at("2026-11-20T00:00:00Z"), to: at("2026-11-21T00:00:00Z") };
      const events = await evaluateAlerts(store, configOf({ rules: [recordsRule()] }), { dryRun });
      expect(changes(events)).toEqual(["busy OK→ALARM @10:20", "busy ALARM→OK @10:30"]);
      expect(
        await store.value<number>(
          "SELECT count(*)::INTEGER FROM duckdb_tables() WHERE table_name LIKE 'alert_%' AND NOT temporary",
        ),
      ).toBe(0);
    });
  });
});

/**
 * 30 records from 10:03:30 and 5 from 10:04:00 (the first four minutes breach, the next four do not; the
 * first five minutes hold all 35), then one at 10:08 and one at 10:10, so that those buckets are complete.
 */
const ACROSS_10_04 = [
  ...records(30, "2026-11-20T10:03:30Z"),
  ...records(5, "2026-11-20T10:04:00Z"),
  ...records(1, "2026-11-20T10:08:00Z"),
  ...records(1, "2026-11-20T10:10:00Z"),
];

const valued = (events: readonly AlertEvent[]) =>
  changes(events).map((change, i) => `${change} = ${events[i]?.value}`);

describe("evaluateAlerts on periods of a few minutes", () => {
  it("a 4-minute rule counts each of its buckets' own records", async () => {
    const dir = tempDir();
    await withStoreIn(dir, async (store) => {
      await load(store, dir, ACROSS_10_04);
      const events = await evaluateAlerts(store, configOf({ rules: [recordsRule({ period: "4m" })] }));
      expect(valued(events)).toEqual(["busy OK→ALARM @10:04 = 30", "busy ALARM→OK @10:08 = 5"]);
    });
  });

  it("rules of 4 and 5 minutes judged together each count their own buckets", async () => {
    const dir = tempDir();
    await withStoreIn(dir, async (store) => {
      await load(store, dir, ACROSS_10_04);
      const rules = [
        recordsRule({ name: "busy-4m", period: "4m" }),
        recordsRule({ name: "busy-5m", period: "5m", threshold: 34 }),
      ];
      expect(valued(await evaluateAlerts(store, configOf({ rules })))).toEqual([
        "busy-4m OK→ALARM @10:04 = 30",
        "busy-4m ALARM→OK @10:08 = 5",
        "busy-5m OK→ALARM @10:05 = 35",
        "busy-5m ALARM→OK @10:10 = 1",
      ]);
    });
  });
});

describe("evaluateAlerts on buckets whose records all fall in a finer rule's later bucket", () => {
  const LATE_HALF = [...records(5, "2026-11-20T10:06:00Z"), ...records(1, "2026-11-20T10:20:00Z")];

  it("a 10-minute rule judged with a 5-minute one finds data in its bucket, and misses only the empty one", async () => {
    const dir = tempDir();
    await withStoreIn(dir, async (store) => {
      await load(store, dir, LATE_HALF);
      const rules = [
        recordsRule({ name: "busy-5m", period: "5m", threshold: 1000, treatMissingData: "ignore" }),
        recordsRule({ name: "quiet-10m", threshold: 1000, treatMissingData: "breaching" }),
      ];
      expect(changes(await evaluateAlerts(store, configOf({ rules })))).toEqual([
        "quiet-10m OK→ALARM @10:20",
      ]);
    });
  });

  it("a 10-minute SQL rule judged with 5- and 10-minute threshold rules runs for each 10-minute bucket holding records", async () => {
    const dir = tempDir();
    await withStoreIn(dir, async (store) => {
      await load(store, dir, LATE_HALF);
      const rules = [
        recordsRule({ name: "busy-5m", period: "5m", threshold: 1000, treatMissingData: "ignore" }),
        recordsRule({ name: "busy-10m", threshold: 1000, treatMissingData: "ignore" }),
        {
          name: "any-records",
          kind: "sql",
          period: "10m",
          sql: "SELECT count(*) AS value FROM flows WHERE start_time >= $window_start::TIMESTAMP AND start_time < $window_end::TIMESTAMP HAVING count(*) > 0",
        },
      ];
      expect(valued(await evaluateAlerts(store, configOf({ rules })))).toEqual([
        "any-records OK→ALARM @10:10 = 5",
      ]);
    });
  });
});
