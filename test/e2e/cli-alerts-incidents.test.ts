/**
 * A demo day with incidents, through the built CLI: the S3 endpoint's route removed at noon of the last
 * day (its afternoon objects taken from the same demo without the endpoint), a second port scan, an SSH
 * brute force and an ENI losing records (hand-written records). Each shipped rule fires at the window
 * the incident starts in, and clears when it ends.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { AlertEvent } from "../../src/alerts/alert-event.js";
import { S3_VIA_NAT_BY_HOUR, writeShippedRules } from "../helpers/alert-demo.js";
import { at, type CustomRecord, writeCustomLog } from "../helpers/custom-flow-log.js";
import { runCli, runCliJson } from "../helpers/run-cli.js";
import { sharedTempDir } from "../helpers/temp-dir.js";

const HOUR = 3600;
const NOON = at("2026-11-23T12:00:00Z");
const iso = (epochSeconds: number) => new Date(epochSeconds * 1000).toISOString();
const SECOND_SCANNER = "198.51.100.7";
const BRUTE_FORCER = "203.0.113.50";
const LOSSY_ENI = "eni-0feedfacecafe0001";

let dir: string;
let db: string;
let events: AlertEvent[];
let sftpEni: string;

/** The flow log objects of a demo folder whose object time (in the name) is before or from `time`. */
function objectsOf(root: string, keep: (objectTime: number) => boolean): string[] {
  return readdirSync(root, { recursive: true, encoding: "utf8" })
    .filter((path) => {
      const m = /_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})Z_/.exec(path);
      return m !== null && keep(at(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:00Z`));
    })
    .map((path) => join(root, path));
}

function copyInto(root: string, paths: readonly string[], to: string): void {
  for (const path of paths) {
    const target = join(to, relative(root, path));
    mkdirSync(dirname(target), { recursive: true });
    cpSync(path, target);
  }
}

/** Hand-written incidents of the evening of 2026-11-23. */
function incidents(): CustomRecord[] {
  const inbound = (src: string, dstport: number, start: number): CustomRecord => ({
    "interface-id": sftpEni,
    srcaddr: src,
    dstaddr: "10.0.1.44",
    srcport: 51_000,
    dstport,
    protocol: 6,
    packets: 1,
    bytes: 44,
    start,
    end: start + 1,
    action: "REJECT",
    "flow-direction": "ingress",
  });
  const scan = Array.from({ length: 100 }, (_, i) =>
    inbound(SECOND_SCANNER, 1000 + i, at("2026-11-23T20:01:00Z") + i),
  );
  const bruteForce = Array.from({ length: 40 }, (_, i) =>
    inbound(BRUTE_FORCER, 22, at("2026-11-23T21:02:00Z") + 5 * i),
  );
  const skipped = [18, 19, 20].flatMap((hour) =>
    Array.from({ length: 5 }, (_, i) => ({
      "interface-id": LOSSY_ENI,
      start: at(`2026-11-23T${hour}:00:00Z`) + 600 * i,
      end: at(`2026-11-23T${hour}:00:00Z`) + 600 * i + 60,
      "log-status": "SKIPDATA",
    })),
  );
  return [...scan, ...bruteForce, ...skipped];
}

beforeAll(async () => {
  dir = sharedTempDir();
  const config = join(dir, "alerts.yaml");
  writeShippedRules(config);
  const demo = (outDir: string, extra: string[]) =>
    runCli([
      ...["demo", "--date", "2026-11-23", "--days", "6", "--records-per-day", "3000", "--no-progress"],
      ...["--out-dir", join(dir, outDir), "--db", join(dir, `${outDir}.duckdb`), ...extra],
    ]);
  const [withEndpoint, without] = await Promise.all([
    demo("fixed", ["--s3-endpoint-added-on", "2026-11-21"]),
    demo("unfixed", []),
  ]);
  expect(withEndpoint.code).toBe(0);
  expect(without.code).toBe(0);
  const logs = join(dir, "logs");
  copyInto(
    join(dir, "fixed"),
    objectsOf(join(dir, "fixed"), (t) => t <= NOON),
    logs,
  );
  copyInto(
    join(dir, "unfixed"),
    objectsOf(join(dir, "unfixed"), (t) => t > NOON),
    logs,
  );
  const truth = JSON.parse(readFileSync(join(dir, "fixed", "ground-truth.json"), "utf8"));
  sftpEni = truth.events.portScan.targetEni;
  writeCustomLog(join(logs, "incidents.log.gz"), incidents());
  db = join(dir, "incidents.duckdb");
  // The inventory first: the rules on NAT gateways and AZs need it when the ingest evaluates them.
  expect((await runCli(["inventory", "import", join(dir, "fixed", "inventory.json"), "--db", db])).code).toBe(
    0,
  );
  const ingest = await runCliJson<{ alerts: { events: AlertEvent[] } }>([
    "ingest",
    logs,
    "--db",
    db,
    "--config",
    config,
    "--no-progress",
  ]);
  expect(ingest.code).toBe(0);
  events = ingest.json.alerts.events;
}, 240_000);

const ofRule = (rule: string) => events.filter((e) => e.rule === rule);
const transitions = (list: readonly AlertEvent[]) =>
  list.map((e) => `${e.instance ? `${e.instance} ` : ""}${e.toState}@${e.windowEnd}`);

describe("the shipped alert rules on a demo day with incidents", () => {
  it("fires s3-back-through-nat again at the first hour after noon with S3 through the NAT gateway", async () => {
    const hours = (
      await runCliJson<{ hour: number; bytes: number }[]>(["query", "--db", db, S3_VIA_NAT_BY_HOUR])
    ).json;
    const back = hours.find((h) => Number(h.hour) >= NOON && Number(h.bytes) > 2 ** 20);
    expect(back).toBeDefined();
    const s3 = ofRule("s3-back-through-nat");
    expect(transitions(s3.slice(2))).toEqual([`ALARM@${iso(Number(back?.hour) + HOUR)}`]);
    expect(s3[2]?.value).toBe(Number(back?.bytes));
    expect(s3[2]?.fromState).toBe("OK");
  });

  it("fires port-scan for the second scanner in the ten minutes of its probes", () => {
    expect(transitions(ofRule("port-scan").filter((e) => e.instance === SECOND_SCANNER))).toEqual([
      `${SECOND_SCANNER} ALARM@2026-11-23T20:10:00.000Z`,
      `${SECOND_SCANNER} OK@2026-11-23T20:20:00.000Z`,
    ]);
    expect(ofRule("port-scan").filter((e) => e.toState === "ALARM")).toHaveLength(2);
  });

  it("fires ssh-rdp-from-internet once, for the brute-forcing source, and clears after it stops", () => {
    const brute = ofRule("ssh-rdp-from-internet");
    expect(transitions(brute)).toEqual([
      `${BRUTE_FORCER} ALARM@2026-11-23T21:10:00.000Z`,
      `${BRUTE_FORCER} OK@2026-11-23T21:20:00.000Z`,
    ]);
    expect(brute[0]?.value).toBe(40);
  });

  it("fires skipdata for the ENI losing records once two of three hours are over 10%, and clears after", () => {
    expect(transitions(ofRule("skipdata"))).toEqual([
      `${LOSSY_ENI} ALARM@2026-11-23T20:00:00.000Z`,
      `${LOSSY_ENI} OK@2026-11-23T23:00:00.000Z`,
    ]);
  });
});
