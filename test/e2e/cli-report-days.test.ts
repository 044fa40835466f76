/**
 * A three-day demo, reported one day at a time: each day's report equals that day's ground truth (the
 * ground truth counts a record on the day its start falls in, as reports do), and the cross-AZ dollars
 * equal the crossing bytes × ($0.01/GB out + $0.01/GB in), recomputed here from the raw `flows` rows and
 * the inventory file by a TypeScript pass of its own, not with the insights' SQL.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { SNAPSHOT_PATH } from "../enrich/aws-ip-ranges-snapshot.js";
import { runCli, runCliJson } from "../helpers/run-cli.js";
import { sharedTempDir } from "../helpers/temp-dir.js";

/** What AWS bills in us-east-1 for each byte that crosses AZs: out of the sender's AZ and into the receiver's. */
const CROSS_AZ_USD_PER_GB = 0.01 + 0.01;
const GB = 2 ** 30;

interface DayTruth {
  date: string;
  records: number;
  bytes: number;
  packets: number;
  logStatus: Record<string, number>;
  action: Record<string, number>;
  natProcessedBytes: number;
  s3ViaNatBytes: number;
  dynamodbViaNatBytes: number;
  crossAzBytes: Record<string, number>;
  rejectsByDstPort: Record<string, number>;
  sshRdpProbes: { total: number; byPort: Record<string, number> };
  internetEgressBytes: number;
  internetEgressViaNatBytes: number;
}

interface Finding {
  sentence: string;
  usd?: number;
  rate?: string;
  numbers: Record<string, number | string | null>;
}

interface Inventory {
  vpcs: { cidr: string }[];
  subnets: { id: string; azId: string }[];
  networkInterfaces: { id: string; subnet: string; azId?: string; kind: string; privateIps: string[] }[];
  natGateways: { networkInterface: string }[];
}

interface EgressRow {
  date: string;
  interface_id: string;
  dstaddr: string;
  traffic_path: number | null;
  bytes: number;
}

let dir: string;
let db: string;
let days: DayTruth[];
let scan: { sourceAddr: string; records: number; rejectedRecords: number; portsTouched: number };
const reports = new Map<string, { id: string; findings: Finding[] }[]>();
let egress: EgressRow[];
let inventory: Inventory;

function findingsOf(date: string, insight: string): Finding[] {
  return reports.get(date)?.find((i) => i.id === insight)?.findings ?? [];
}

/** The finding of an insight that has this number, if the insight found anything. */
function findingWith(date: string, insight: string, key: string): Finding | undefined {
  return findingsOf(date, insight).find((f) => key in f.numbers);
}

const number = (finding: Finding | undefined, key: string) => Number(finding?.numbers[key] ?? 0);

function ipv4InCidr(address: string, cidr: string): boolean {
  const toInt = (ip: string) => ip.split(".").reduce((n, part) => n * 256 + Number(part), 0);
  const [base = "", bits = "32"] = cidr.split("/");
  if (address.includes(":")) return false;
  const size = 2 ** (32 - Number(bits));
  return Math.floor(toInt(address) / size) === Math.floor(toInt(base) / size);
}

/**
 * Bytes that crossed AZs on a day, by this test's own reading of the records: the sender is the ENI that
 * logged the egress record; the receiver is the ENI that owns dstaddr, or the NAT gateway's ENI for
 * traffic-path 1 to an IPv4 address outside the VPC.
 */
function crossingBytes(date: string): { all: number; viaOtherAzNat: number } {
  const subnetAz = new Map(inventory.subnets.map((s) => [s.id, s.azId]));
  const azOf = new Map(inventory.networkInterfaces.map((e) => [e.id, e.azId ?? subnetAz.get(e.subnet)]));
  const owner = new Map(inventory.networkInterfaces.flatMap((e) => e.privateIps.map((ip) => [ip, e.id])));
  const natEni = inventory.natGateways[0]?.networkInterface;
  const vpcCidr = inventory.vpcs[0]?.cidr ?? "";
  let all = 0;
  let viaOtherAzNat = 0;
  for (const row of egress.filter((r) => r.date === date)) {
    const receiver =
      owner.get(row.dstaddr) ??
      (row.traffic_path === 1 && !row.dstaddr.includes(":") && !ipv4InCidr(row.dstaddr, vpcCidr)
        ? natEni
        : undefined);
    const from = azOf.get(row.interface_id);
    const to = receiver && azOf.get(receiver);
    if (!from || !to || from === to) continue;
    all += row.bytes;
    if (receiver === natEni || row.interface_id === natEni) viaOtherAzNat += row.bytes;
  }
  return { all, viaOtherAzNat };
}

describe("flowlens report, one day at a time, on a three-day demo", () => {
  beforeAll(async () => {
    dir = sharedTempDir();
    db = join(dir, "demo.duckdb");
    const demo = await runCli([
      "demo",
      ...["--date", "2026-11-20", "--days", "3", "--records-per-day", "4000"],
      ...["--out-dir", join(dir, "demo"), "--report-dir", join(dir, "demo-report"), "--db", db],
    ]);
    expect(demo.code).toBe(0);
    const env = { FLOWLENS_CACHE_DIR: join(dir, "cache") };
    expect((await runCli(["ip-ranges", "update", "--file", SNAPSHOT_PATH, "--db", db], { env })).code).toBe(
      0,
    );
    const truth = JSON.parse(readFileSync(join(dir, "demo", "ground-truth.json"), "utf8"));
    days = truth.days;
    scan = truth.events.portScan;
    inventory = JSON.parse(readFileSync(join(dir, "demo", "inventory.json"), "utf8"));
    for (const { date } of days) {
      const out = join(dir, "reports");
      expect((await runCli(["report", "--date", date, "--out-dir", out, "--db", db])).code).toBe(0);
      reports.set(date, JSON.parse(readFileSync(join(out, date, "report.json"), "utf8")).insights);
    }
    egress = (
      await runCliJson<EgressRow[]>([
        "query",
        `SELECT strftime(day, '%Y-%m-%d') AS date, interface_id, dstaddr, traffic_path, sum(bytes)::BIGINT AS bytes
         FROM flows WHERE flow_direction = 'egress' AND log_status = 'OK' GROUP BY ALL`,
        "--db",
        db,
      ])
    ).json;
  });

  it("the ground truth has the three days and the day before, which holds the connections open at its midnight", () => {
    expect(days.map((d) => d.date)).toEqual(["2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20"]);
  });

  it.each(["2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20"])(
    "%s: the overview's records, bytes, packets and statuses equal that day's ground truth",
    (date) => {
      const t = days.find((d) => d.date === date) as DayTruth;
      expect(findingWith(date, "overview", "records")?.numbers).toMatchObject({
        records: t.records,
        bytes: t.bytes,
        packets: t.packets,
        accepted: t.action.ACCEPT,
        rejected: t.action.REJECT,
        nodata: t.logStatus.NODATA,
        skipdata: t.logStatus.SKIPDATA,
      });
    },
  );

  it.each(["2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20"])(
    "%s: the NAT gateway's processed, S3 and DynamoDB bytes equal that day's ground truth",
    (date) => {
      const t = days.find((d) => d.date === date) as DayTruth;
      const processed = findingWith(date, "nat-gateway", "processed_bytes");
      expect({
        processed: number(processed, "processed_bytes"),
        s3: number(processed, "s3_bytes"),
        dynamodb: number(processed, "dynamodb_bytes"),
      }).toEqual({ processed: t.natProcessedBytes, s3: t.s3ViaNatBytes, dynamodb: t.dynamodbViaNatBytes });
    },
  );

  it.each(["2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20"])(
    "%s: the cross-AZ bytes per AZ ID pair equal that day's ground truth",
    (date) => {
      const t = days.find((d) => d.date === date) as DayTruth;
      const finding = findingWith(date, "cross-az", "cross_az_bytes");
      const total = Object.values(t.crossAzBytes).reduce((a, b) => a + b, 0);
      if (total === 0) expect(finding).toBeUndefined();
      else expect(finding?.numbers).toMatchObject({ cross_az_bytes: total, ...t.crossAzBytes });
    },
  );

  it.each(["2026-11-18", "2026-11-19", "2026-11-20"])(
    "%s: the cross-AZ dollars are the crossing bytes × ($0.01/GB out + $0.01/GB in), recomputed from the records",
    (date) => {
      const t = days.find((d) => d.date === date) as DayTruth;
      const { all } = crossingBytes(date);
      expect(all).toBe(Object.values(t.crossAzBytes).reduce((a, b) => a + b, 0));
      const finding = findingWith(date, "cross-az", "cross_az_bytes");
      expect(finding?.numbers.cross_az_bytes).toBe(all);
      expect(finding?.usd).toBeCloseTo((all / GB) * CROSS_AZ_USD_PER_GB, 10);
      expect(finding?.sentence).toContain(`costing $${((all / GB) * CROSS_AZ_USD_PER_GB).toFixed(2)}`);
      expect(finding?.rate).toMatch(/^\$0\.01\/GB out \+ \$0\.01\/GB in, us-east-1 list price as of /);
    },
  );

  it.each(["2026-11-18", "2026-11-19", "2026-11-20"])(
    "%s: the NAT gateway's cross-AZ dollars are the bytes to and from it across AZs × ($0.01/GB out + $0.01/GB in)",
    (date) => {
      const { viaOtherAzNat } = crossingBytes(date);
      expect(viaOtherAzNat).toBeGreaterThan(0);
      const finding = findingWith(date, "nat-gateway", "cross_az_bytes");
      expect(finding?.numbers.cross_az_bytes).toBe(viaOtherAzNat);
      expect(finding?.usd).toBeCloseTo((viaOtherAzNat / GB) * CROSS_AZ_USD_PER_GB, 10);
      expect(finding?.rate).toMatch(/^\$0\.01\/GB out \+ \$0\.01\/GB in, /);
    },
  );

  it.each(["2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20"])(
    "%s: rejected records and SSH/RDP probes equal that day's ground truth",
    (date) => {
      const t = days.find((d) => d.date === date) as DayTruth;
      const all = findingWith(date, "rejected-traffic", "rejected_records");
      const probes = findingsOf(date, "rejected-traffic").find((f) => f.sentence.includes("admin/database"));
      expect(number(all, "rejected_records")).toBe(t.action.REJECT);
      for (const port of ["22", "3389"]) {
        expect(number(all, `port_${port}`)).toBe(t.rejectsByDstPort[port] ?? 0);
        expect(number(probes, `port_${port}`)).toBe(t.sshRdpProbes.byPort[port] ?? 0);
      }
    },
  );

  it.each(["2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20"])(
    "%s: internet egress and its part through the NAT gateway equal that day's ground truth",
    (date) => {
      const t = days.find((d) => d.date === date) as DayTruth;
      const finding = findingWith(date, "internet-egress", "internet_egress_bytes");
      expect({
        bytes: number(finding, "internet_egress_bytes"),
        viaNat: number(finding, "via_nat_bytes"),
      }).toEqual({ bytes: t.internetEgressBytes, viaNat: t.internetEgressViaNatBytes });
    },
  );

  it("the scans insight counts the scan's records on its day as the ground truth does, replies left out", () => {
    expect(findingsOf("2026-11-19", "scans")).toEqual([]);
    const findings = findingsOf("2026-11-20", "scans");
    expect(findings).toHaveLength(1);
    expect(findings[0]?.numbers).toMatchObject({
      records: scan.records,
      rejected_records: scan.rejectedRecords,
      ports_touched: scan.portsTouched,
    });
  });

  it("the load balancer's IPv6 addresses are the VPC's own, not AWS EC2, though they lie in EC2's ranges", async () => {
    const albIpv6 = inventory.networkInterfaces
      .filter((e) => e.kind === "load_balancer")
      .flatMap((e) => e.privateIps.filter((ip) => ip.includes(":")));
    expect(albIpv6.length).toBeGreaterThan(0);
    const { json } = await runCliJson<Record<string, unknown>[]>([
      "query",
      `SELECT DISTINCT address_class, private_range, aws_service FROM addresses
       WHERE address IN (${albIpv6.map((ip) => `'${ip}'`).join(", ")})`,
      "--db",
      db,
    ]);
    expect(json).toEqual([{ address_class: "private", private_range: "vpc", aws_service: null }]);
  });
});
