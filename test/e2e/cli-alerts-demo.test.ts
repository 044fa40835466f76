/**
 * The shipped alert rules (README's example config, uncommented) on the demo, through the built CLI:
 * each fires at the window the demo's ground truth and an independent SQL recomputation say, and clears
 * when it should; history, list, test and silence read what evaluation recorded.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { AlertEvent } from "../../src/alerts/alert-event.js";
import { S3_VIA_NAT_BY_HOUR, writeShippedRules } from "../helpers/alert-demo.js";
import { runCli, runCliJson } from "../helpers/run-cli.js";
import { sharedTempDir } from "../helpers/temp-dir.js";

const HOUR = 3600;
const MiB = 2 ** 20;
const iso = (epochSeconds: number) => new Date(epochSeconds * 1000).toISOString();

let dir: string;
let db: string;
let config: string;
let demoEvents: AlertEvent[];
let truth: {
  days: {
    date: string;
    s3ViaNatBytes: number;
    crossAzBytes: Record<string, number>;
    sshRdpProbes: { bySource: Record<string, number> };
    logStatus: { SKIPDATA: number };
  }[];
  events: {
    portScan: { sourceAddr: string; portsTouched: number; firstStart: number };
    largeTransfer: { bytes: number; hourStart: string; hourEnd: string };
  };
};

async function query<T>(sql: string): Promise<T[]> {
  const result = await runCliJson<T[]>(["query", "--db", db, sql]);
  expect(result.code).toBe(0);
  return result.json;
}

const ofRule = (rule: string) => demoEvents.filter((e) => e.rule === rule);
const transitions = (events: readonly AlertEvent[]) => events.map((e) => `${e.toState}@${e.windowEnd}`);

beforeAll(async () => {
  dir = sharedTempDir();
  db = join(dir, "demo.duckdb");
  config = join(dir, "alerts.yaml");
  writeShippedRules(config);
  const demo = await runCliJson<{ alerts: { events: AlertEvent[] } }>([
    ...["demo", "--date", "2026-11-23", "--days", "6", "--records-per-day", "3000"],
    ...[
      "--s3-endpoint-added-on",
      "2026-11-21",
      "--out-dir",
      join(dir, "demo"),
      "--db",
      db,
      "--config",
      config,
    ],
    "--no-progress",
  ]);
  expect(demo.code).toBe(0);
  demoEvents = demo.json.alerts.events;
  truth = JSON.parse(readFileSync(join(dir, "demo", "ground-truth.json"), "utf8"));
}, 180_000);

describe("the shipped alert rules on the demo", () => {
  it("fires s3-back-through-nat once, at the first hour over 1 MiB, and clears a day after the last", async () => {
    const hours = await query<{ hour: number; day: string; bytes: number }>(S3_VIA_NAT_BY_HOUR);
    // The recomputation is the ground truth's number, day by day.
    for (const day of truth.days) {
      const sum = hours.filter((h) => h.day === day.date).reduce((s, h) => s + Number(h.bytes), 0);
      expect(sum, day.date).toBe(day.s3ViaNatBytes);
    }
    const over = hours.filter((h) => Number(h.bytes) > MiB);
    const first = over[0] as (typeof over)[number];
    const last = over.at(-1) as (typeof over)[number];
    expect(last.hour).toBeLessThan(Date.parse("2026-11-21T00:00:00Z") / 1000);
    const events = ofRule("s3-back-through-nat");
    expect(transitions(events)).toEqual([
      `ALARM@${iso(Number(first.hour) + HOUR)}`,
      `OK@${iso(Number(last.hour) + 25 * HOUR)}`,
    ]);
    expect(events[0]?.value).toBe(Number(first.bytes));
    expect(events[0]?.usd).toBeCloseTo((Number(first.bytes) / 2 ** 30) * 0.045, 10);
  });

  it("fires port-scan once for the demo's scanner, in the ten minutes its probes start, and clears after them", () => {
    const scan = truth.events.portScan;
    const start = Math.floor(scan.firstStart / 600) * 600;
    const events = ofRule("port-scan");
    expect(transitions(events)).toEqual([`ALARM@${iso(start + 600)}`, `OK@${iso(start + 1200)}`]);
    expect(events[0]).toMatchObject({ instance: scan.sourceAddr, value: scan.portsTouched });
  });

  it("fires cross-az-spike once, in the hour of the demo's large transfer, priced on both sides", () => {
    const transfer = truth.events.largeTransfer;
    const events = ofRule("cross-az-spike");
    expect(transitions(events)).toEqual([
      `ALARM@${transfer.hourEnd}`,
      `OK@${iso(Date.parse(transfer.hourEnd) / 1000 + HOUR)}`,
    ]);
    const value = events[0]?.value as number;
    const dayTotal = Object.values(truth.days.at(-1)?.crossAzBytes ?? {}).reduce((s, b) => s + b, 0);
    expect(value).toBeGreaterThanOrEqual(transfer.bytes);
    expect(value).toBeLessThanOrEqual(dayTotal);
    expect(events[0]?.usd).toBeCloseTo((value / 2 ** 30) * 0.02, 10);
    expect(events[0]?.message).toMatch(
      /^Cross-AZ spike: 4\.0 GiB \(\$0\.08\) in 2026-11-23T00:00:00Z–2026-11-23T01:00:00Z$/,
    );
  });

  it("fires traffic-anomaly and the composite of both once, at the same hour as the spike", () => {
    const hourEnd = truth.events.largeTransfer.hourEnd;
    const alarms = (rule: string) => transitions(ofRule(rule)).filter((t) => t.startsWith("ALARM"));
    expect(alarms("traffic-anomaly")).toEqual([`ALARM@${hourEnd}`]);
    expect(alarms("unusual-cross-az-spike")).toEqual([`ALARM@${hourEnd}`]);
  });

  it("keeps ssh-rdp-from-internet and skipdata quiet: the demo holds only scattered probes and SKIPDATA records", () => {
    const perSourcePerDay = truth.days.flatMap((d) => Object.values(d.sshRdpProbes.bySource));
    expect(Math.max(...perSourcePerDay)).toBeLessThanOrEqual(20);
    expect(Math.max(...truth.days.map((d) => d.logStatus.SKIPDATA))).toBeLessThanOrEqual(2);
    expect(ofRule("ssh-rdp-from-internet")).toEqual([]);
    expect(ofRule("skipdata")).toEqual([]);
  });

  it("lists the recorded events in alerts history, oldest window first", async () => {
    const history = await runCliJson<{ events: AlertEvent[] }>([
      "alerts",
      "history",
      "--db",
      db,
      "--config",
      config,
    ]);
    expect(history.code).toBe(0);
    const byWindow = (a: AlertEvent, b: AlertEvent) =>
      a.windowEnd.localeCompare(b.windowEnd) || a.eventId.localeCompare(b.eventId);
    expect([...history.json.events].sort(byWindow)).toEqual([...demoEvents].sort(byWindow));
    const human = await runCli(["alerts", "history", "--rule", "port-scan", "--db", db, "--config", config]);
    expect(human.stdout).toContain(
      `port-scan (${truth.events.portScan.sourceAddr}): scan (ports touched) was ${truth.events.portScan.portsTouched}`,
    );
  });

  it("records nothing more when the same demo files are ingested again", async () => {
    const again = await runCliJson<{ alerts: { events: AlertEvent[] } }>([
      ...["ingest", join(dir, "demo"), "--db", db, "--config", config, "--no-progress"],
    ]);
    expect(again.code).toBe(0);
    expect(again.json.alerts.events).toEqual([]);
    const history = await runCliJson<{ events: AlertEvent[] }>([
      "alerts",
      "history",
      "--db",
      db,
      "--config",
      config,
    ]);
    expect(history.json.events).toHaveLength(demoEvents.length);
  });

  it("lists every rule with its state; none is in ALARM at the demo's end", async () => {
    const list = await runCliJson<{
      rules: { name: string; inAlarm: number; instances: { state: string }[] }[];
    }>([...["alerts", "list", "--db", db, "--config", config]]);
    expect(list.json.rules.map((r) => [r.name, r.inAlarm])).toEqual([
      ["s3-back-through-nat", 0],
      ["ssh-rdp-from-internet", 0],
      ["port-scan", 0],
      ["skipdata", 0],
      ["cross-az-spike", 0],
      ["traffic-anomaly", 0],
      ["unusual-cross-az-spike", 0],
    ]);
  });

  it("tests a rule over a range without recording anything: S3 fired while the endpoint was missing", async () => {
    const test = await runCliJson<{ fired: number; events: AlertEvent[] }>([
      ...["alerts", "test", "s3-back-through-nat", "--from", "2026-11-18", "--to", "2026-11-20"],
      ...["--db", db, "--config", config],
    ]);
    expect(test.code).toBe(0);
    expect(test.json.fired).toBe(1);
    expect(transitions(test.json.events)).toEqual([transitions(ofRule("s3-back-through-nat"))[0]]);
    const history = await runCliJson<{ events: AlertEvent[] }>([
      "alerts",
      "history",
      "--db",
      db,
      "--config",
      config,
    ]);
    expect(history.json.events).toHaveLength(demoEvents.length);
  });

  it("says a rule would not have fired when it would not", async () => {
    const test = await runCli(["alerts", "test", "skipdata", "--db", db, "--config", config]);
    expect(test.code).toBe(0);
    expect(test.stdout).toBe("skipdata would not have fired.\n");
  });

  it("refuses to test a rule the config does not have, naming the rules it has", async () => {
    const test = await runCli(["alerts", "test", "nope", "--db", db, "--config", config]);
    expect(test.code).toBe(2);
    expect(test.stderr).toBe(
      'flowlens: no alert rule is named "nope": expected one of s3-back-through-nat, ssh-rdp-from-internet, port-scan, skipdata, cross-az-spike, traffic-anomaly, unusual-cross-az-spike — rules are defined under alerts.rules in the config file (--config)\n',
    );
  });

  it("silences a rule for a while, shows it in the list, and unsilences it", async () => {
    const silence = await runCliJson<{ silencedUntil: string }>([
      "alerts",
      "silence",
      "port-scan",
      "--for",
      "2h",
      "--db",
      db,
      "--config",
      config,
    ]);
    expect(silence.code).toBe(0);
    const until = Date.parse(silence.json.silencedUntil);
    expect(until - Date.now()).toBeGreaterThan(HOUR * 1000);
    const list = await runCliJson<{ rules: { name: string; silencedUntil: string | null }[] }>([
      "alerts",
      "list",
      "--db",
      db,
      "--config",
      config,
    ]);
    expect(list.json.rules.find((r) => r.name === "port-scan")?.silencedUntil).toBe(
      silence.json.silencedUntil,
    );
    const unsilence = await runCli(["alerts", "unsilence", "port-scan", "--db", db, "--config", config]);
    expect(unsilence.stdout).toBe("port-scan is no longer silenced.\n");
  });

  it("refuses a silence whose duration is not one", async () => {
    const silence = await runCli([
      "alerts",
      "silence",
      "port-scan",
      "--for",
      "2 hours",
      "--db",
      db,
      "--config",
      config,
    ]);
    expect(silence.code).toBe(2);
    expect(silence.stderr).toBe(
      'flowlens: --for: expected a duration such as 10m, 1h or 1d from 1m to 90d, got "2 hours"\n',
    );
  });
});
