import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { AlertEvent } from "../../src/alerts/alert-event.js";
import { evaluateAlerts } from "../../src/alerts/evaluate-alerts.js";
import { type Config, validateSettings } from "../../src/config/config.js";
import type { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { at, type CustomRecord, writeCustomLog } from "../helpers/custom-flow-log.js";
import { ingestFiles } from "../helpers/ingest-files.js";
import { withStoreIn } from "../helpers/store-in-dir.js";
import { tempDir } from "../helpers/temp-dir.js";

const ENI = "eni-0aaaaaaaaaaaaaaa1";

/** Connection attempts from `source` to `ports` ports (from `firstPort`) of one host, at `time`. */
function attempts(source: string, time: string, ports: number, firstPort = 1000): CustomRecord[] {
  return Array.from({ length: ports }, (_, i) => ({
    "interface-id": ENI,
    srcaddr: source,
    dstaddr: "10.0.2.9",
    srcport: 50_000,
    dstport: firstPort + i,
    protocol: 6,
    packets: 1,
    bytes: 40,
    start: at(time) + (i % 60),
    end: at(time) + (i % 60) + 1,
    action: "REJECT",
    "flow-direction": "ingress",
    "log-status": "OK",
  }));
}

/** One ordinary record at `time`: the buckets before it are complete. */
const clockAt = (time: string): CustomRecord[] => [
  { ...attempts("10.0.9.9", time, 1)[0], dstport: 443 } as CustomRecord,
];

function configOf(): Config {
  const { config, problems } = validateSettings({
    alerts: { rules: [{ name: "scan", kind: "event", finding: "scan", period: "10m" }] },
  });
  if (!config) throw new Error(JSON.stringify(problems));
  return config;
}

let fileNumber = 0;
async function load(store: DuckDbStore, dir: string, rows: readonly CustomRecord[]): Promise<void> {
  const path = join(dir, `scan-${++fileNumber}.log.gz`);
  writeCustomLog(path, rows);
  await ingestFiles(store, [path]);
}

const alarms = (events: readonly AlertEvent[]) =>
  events
    .filter((e) => e.toState === "ALARM")
    .map((e) => `${e.instance} @${e.windowEnd.slice(11, 16)} ${e.value}`);

describe("scan event rules", () => {
  it("does not fire again for a source whose scan began before the evaluated windows", async () => {
    const dir = tempDir();
    await withStoreIn(dir, async (store) => {
      await load(store, dir, [
        ...attempts("198.51.100.7", "2026-11-20T10:00:00Z", 60),
        ...clockAt("2026-11-20T10:20:00Z"),
      ]);
      expect(alarms(await evaluateAlerts(store, configOf()))).toEqual(["198.51.100.7 @10:10 60"]);
      await load(store, dir, [
        ...attempts("198.51.100.7", "2026-11-20T10:30:00Z", 60, 2000),
        ...clockAt("2026-11-20T10:50:00Z"),
      ]);
      expect(alarms(await evaluateAlerts(store, configOf()))).toEqual([]);
    });
  });

  it("fires for a source first seen in the evaluated windows with what it touched that day", async () => {
    const dir = tempDir();
    await withStoreIn(dir, async (store) => {
      await load(store, dir, [
        ...attempts("198.51.100.7", "2026-11-20T10:00:00Z", 60),
        ...clockAt("2026-11-20T10:20:00Z"),
      ]);
      await evaluateAlerts(store, configOf());
      await load(store, dir, [
        ...attempts("203.0.113.4", "2026-11-20T10:30:00Z", 55),
        ...attempts("203.0.113.4", "2026-11-20T10:55:00Z", 5, 3000),
        ...clockAt("2026-11-20T10:50:00Z"),
      ]);
      expect(alarms(await evaluateAlerts(store, configOf()))).toEqual(["203.0.113.4 @10:40 60"]);
    });
  });
});
