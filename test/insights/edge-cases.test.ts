/**
 * Each insight's numbers on the edge cases of flow logs, from hand-written records whose totals are worked
 * out by hand in the comments: IPv6, NODATA/SKIPDATA, ICMP (ports 0/0), a flow across midnight, NAT
 * gateway records seen from both sides, and ENIs the inventory does not list. The estate (VPC, subnets in
 * two AZ IDs, NAT gateway, instances) is in edge-case-estate.ts.
 */
import { describe, expect, it } from "vitest";
import { crossAz } from "../../src/insights/cross-az/cross-az.js";
import type { Finding, Period } from "../../src/insights/insight.js";
import { internetEgress } from "../../src/insights/internet-egress/internet-egress.js";
import { natGateway } from "../../src/insights/nat-gateway/nat-gateway.js";
import { overview } from "../../src/insights/overview/overview.js";
import { BUILT_IN_INSIGHTS } from "../../src/insights/registry.js";
import { rejectedTraffic } from "../../src/insights/rejected-traffic/rejected-traffic.js";
import { runInsights } from "../../src/insights/run-insights.js";
import { scans } from "../../src/insights/scans/scans.js";
import { topTalkers } from "../../src/insights/top-talkers/top-talkers.js";
import type { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { at, type CustomRecord } from "../helpers/custom-flow-log.js";
import { tempDir } from "../helpers/temp-dir.js";
import {
  APP,
  BASTION,
  eastWest,
  inbound,
  logStatus,
  NAT_ENI,
  NAT_GATEWAY,
  openEstateStore,
  outbound,
  PRIVATE_A,
  PRIVATE_B,
  ROUTE_TABLE_PRIVATE,
  runInsight,
  UNLISTED,
  VIRTUAL_PRIVATE_GATEWAY,
  viaNat,
  WEB,
  WEB_2,
  WORKER,
} from "./edge-case-estate.js";

const DAY: Period = { from: "2026-11-20", to: "2026-11-20" };
const NEXT_DAY: Period = { from: "2026-11-21", to: "2026-11-21" };
const T = at("2026-11-20T10:00:00Z");
const ICMP = 1;

async function withStore(
  records: readonly CustomRecord[],
  fn: (store: DuckDbStore) => Promise<void>,
): Promise<void> {
  const store = await openEstateStore(tempDir(), records);
  try {
    await fn(store);
  } finally {
    store.close();
  }
}

/** The rows of some top-talkers dimensions, in the table's order. */
function talkers(table: readonly Record<string, unknown>[], ...dimensions: string[]) {
  return table.filter((r) => dimensions.includes(r.dimension as string));
}

function findingWith(findings: readonly Finding[], key: string): Finding | undefined {
  return findings.find((f) => key in f.numbers);
}

describe("insights on edge cases of flow logs", () => {
  it("IPv6: egress through the egress-only gateway is internet egress, addresses are classified, rejects are counted", async () => {
    const records = [
      // app (private subnet) fetches from an IPv6 internet host through the egress-only internet gateway:
      // 40,000 bytes out (traffic-path 8), 2,500,000 back.
      ...outbound(
        APP,
        "2001:db8:5::10",
        {
          clientPort: 44321,
          servicePort: 443,
          requestBytes: 40_000,
          requestPackets: 60,
          responseBytes: 2_500_000,
          responsePackets: 1_800,
          start: T,
          end: T + 55,
        },
        { ipv6: true },
      ),
      // An internet host tries SSH on web's IPv6 address: rejected, 80 bytes.
      ...inbound(
        WEB,
        "2001:db8:bad::7",
        { clientPort: 51515, servicePort: 22, requestBytes: 80, requestPackets: 1, start: T, end: T + 1 },
        { action: "REJECT", ipv6: true },
      ),
      // An on-premises host with a unique local address (over VPN) tries PostgreSQL on web: rejected, 80 bytes.
      ...inbound(
        WEB,
        "fd12:3456:789a::5",
        {
          clientPort: 50001,
          servicePort: 5432,
          requestBytes: 80,
          requestPackets: 1,
          start: T + 5,
          end: T + 6,
        },
        { action: "REJECT", ipv6: true },
      ),
    ];
    await withStore(records, async (store) => {
      expect(
        await store.rows(
          `SELECT address, ip_version, address_class, private_range, aws_service FROM addresses
           WHERE address IN ('2001:db8:5::10', '2001:db8:bad::7', 'fd12:3456:789a::5', $app) ORDER BY address`,
          { app: APP.ipv6 ?? "" },
        ),
      ).toEqual([
        {
          address: "2001:db8:5::10",
          ip_version: 6,
          address_class: "internet",
          private_range: null,
          aws_service: null,
        },
        {
          address: "2001:db8:bad::7",
          ip_version: 6,
          address_class: "internet",
          private_range: null,
          aws_service: null,
        },
        // The VPC's Amazon-provided IPv6 block lies in AWS's published EC2 ranges, but it is the VPC's own.
        {
          address: APP.ipv6,
          ip_version: 6,
          address_class: "private",
          private_range: "vpc",
          aws_service: null,
        },
        {
          address: "fd12:3456:789a::5",
          ip_version: 6,
          address_class: "private",
          private_range: "ula",
          aws_service: null,
        },
      ]);

      const egress = await runInsight(store, internetEgress, DAY);
      expect(egress.findings[0]?.numbers).toEqual({
        internet_egress_bytes: 40_000,
        via_nat_bytes: 0,
        usd_per_month: expect.any(Number),
      });
      expect(egress.table).toEqual([
        { side: "source", name: APP.instanceId, via_nat: false, bytes: 40_000 },
        { side: "destination", name: "2001:db8:5::10", via_nat: null, bytes: 40_000 },
      ]);

      // IPv6 does not go through the NAT gateway.
      const nat = await runInsight(store, natGateway, DAY);
      expect(nat.findings).toEqual([]);

      const top = await runInsight(store, topTalkers, DAY);
      expect(talkers(top.table, "interface (sent)", "port", "source")).toEqual([
        { dimension: "interface (sent)", talker: APP.id, bytes: 40_000, records: 1 },
        { dimension: "port", talker: "tcp/443", bytes: 2_540_000, records: 2 },
        { dimension: "port", talker: "tcp/22", bytes: 80, records: 1 },
        { dimension: "port", talker: "tcp/5432", bytes: 80, records: 1 },
        { dimension: "source", talker: "2001:db8:5::10", bytes: 2_500_000, records: 1 },
        { dimension: "source", talker: APP.ipv6, bytes: 40_000, records: 1 },
        { dimension: "source", talker: "2001:db8:bad::7", bytes: 80, records: 1 },
        { dimension: "source", talker: "fd12:3456:789a::5", bytes: 80, records: 1 },
      ]);
      // web's and app's own IPv6 addresses lie in AWS's EC2 ranges; they are the VPC's, not EC2's.
      expect(talkers(top.table, "aws service")).toEqual([]);
      expect(top.findings[0]?.numbers).toMatchObject({
        top_pair: `2001:db8:5::10 → ${APP.ipv6}`,
        top_pair_bytes: 2_500_000,
        top_sender: APP.id,
        top_sender_bytes: 40_000,
      });

      // Both rejects count; only the one from the internet is an admin-port probe (the ULA is private).
      const rejected = await runInsight(store, rejectedTraffic, DAY);
      expect(findingWith(rejected.findings, "rejected_records")?.numbers).toEqual({
        rejected_records: 2,
        port_22: 1,
        port_5432: 1,
      });
      expect(rejected.table).toEqual([{ dstport: 22, srcaddr: "2001:db8:bad::7", records: 1, targets: 1 }]);
      // The ULA host and web's IPv6 address (in AWS's EC2 ranges, but the VPC's own) are both yours: a REJECT
      // between them is a rule to fix, not an attack.
      const ownRejects = findingWith(rejected.findings, "private_reject_records");
      expect(ownRejects?.numbers).toEqual({ private_reject_records: 1 });
      expect(ownRejects?.sentence).toContain(`fd12:3456:789a::5 → ${WEB.ipv6}:5432 (1 records)`);
    });
  });

  it("IPv6 traffic between instances in different AZ IDs is cross-AZ traffic", async () => {
    // app (use1-az4) calls worker (use1-az6) over IPv6: 3,000 bytes there, 1,000,000 back; each direction
    // is counted once, from its sender's egress record.
    const records = eastWest(
      APP,
      WORKER,
      {
        clientPort: 40200,
        servicePort: 8080,
        requestBytes: 3_000,
        requestPackets: 5,
        responseBytes: 1_000_000,
        responsePackets: 700,
        start: T,
        end: T + 30,
      },
      { ipv6: true },
    );
    await withStore(records, async (store) => {
      const result = await runInsight(store, crossAz, DAY);
      expect(result.findings[0]?.numbers).toMatchObject({
        cross_az_bytes: 1_003_000,
        "use1-az4>use1-az6": 3_000,
        "use1-az6>use1-az4": 1_000_000,
      });
      // The receivers are the instances that own the IPv6 addresses, not the NAT gateway.
      expect(result.table.map((r) => [r.sender_interface_id, r.receiver_interface_id, r.bytes])).toEqual([
        [WORKER.id, APP.id, 1_000_000],
        [APP.id, WORKER.id, 3_000],
      ]);
    });
  });

  it("traffic between the VPC's own IPv6 addresses is not named an AWS service by top talkers", async () => {
    // app calls worker over IPv6: both addresses are in the VPC's Amazon-provided block, inside AWS's EC2
    // ranges. 3,000 bytes there, 9,000 back.
    const records = eastWest(
      APP,
      WORKER,
      {
        clientPort: 40400,
        servicePort: 8080,
        requestBytes: 3_000,
        requestPackets: 5,
        responseBytes: 9_000,
        responsePackets: 9,
        start: T,
        end: T + 30,
      },
      { ipv6: true },
    );
    await withStore(records, async (store) => {
      const top = await runInsight(store, topTalkers, DAY);
      expect(talkers(top.table, "aws service")).toEqual([]);
    });
  });

  it("cross-AZ bytes are priced as AWS bills them: $0.01/GB out of the sending AZ plus $0.01/GB into the receiving AZ", async () => {
    // app (use1-az4) sends worker (use1-az6) 2 GiB and gets 3 GiB back: 5 GiB cross, each byte billed
    // twice, so 5 × ($0.01 + $0.01) = $0.10 (half of it on each side's bill).
    const records = eastWest(APP, WORKER, {
      clientPort: 40300,
      servicePort: 9000,
      requestBytes: 2 * 2 ** 30,
      requestPackets: 1_500_000,
      responseBytes: 3 * 2 ** 30,
      responsePackets: 2_200_000,
      start: T,
      end: T + 60,
    });
    await withStore(records, async (store) => {
      const [finding] = (await runInsight(store, crossAz, DAY)).findings;
      expect(finding?.numbers.cross_az_bytes).toBe(5 * 2 ** 30);
      expect(finding?.usd).toBeCloseTo(0.1, 12);
      expect(finding?.sentence).toContain("5.0 GiB crossed AZs, costing $0.10 (≈ $3.00/month)");
      expect(finding?.rate).toMatch(
        /^\$0\.01\/GB out \+ \$0\.01\/GB in, us-east-1 list price as of \d{4}-\d{2}-\d{2}$/,
      );
    });
  });

  it("NODATA and SKIPDATA records are counted in the overview, carry no bytes and appear in no other table", async () => {
    const records = [
      // app calls worker's PostgreSQL: 1,000 bytes / 10 packets there, 50,000 bytes / 40 packets back, 4 records.
      ...eastWest(APP, WORKER, {
        clientPort: 40100,
        servicePort: 5432,
        requestBytes: 1_000,
        requestPackets: 10,
        responseBytes: 50_000,
        responsePackets: 40,
        start: T,
        end: T + 45,
      }),
      // web and bastion had no traffic in their capture windows.
      logStatus(WEB, "NODATA", T, T + 60),
      logStatus(BASTION, "NODATA", T, T + 60),
      // worker's flow log lost records in the next window.
      logStatus(WORKER, "SKIPDATA", T + 60, T + 120),
    ];
    await withStore(records, async (store) => {
      const result = await runInsight(store, overview, DAY);
      expect(result.findings[0]?.numbers).toEqual({
        records: 7,
        bytes: 102_000,
        packets: 100,
        accepted: 4,
        rejected: 0,
        nodata: 2,
        skipdata: 1,
        interfaces: 4,
        accounts: 1,
        spanning_midnight: 0,
      });
      expect(result.findings[1]).toEqual({
        insight: "overview",
        severity: "medium",
        sentence:
          "1 SKIPDATA records: flow logs lost records during those capture windows, so every number in this report undercounts there.",
        numbers: { skipdata: 1, share: 1 / 7 },
      });
      expect(result.notes[0]).toBe(
        "2 NODATA records (28.57%) are capture windows with no traffic; they carry no bytes.",
      );
      expect(result.table).toEqual([{ hour: "2026-11-20T10:00Z", records: 7, bytes: 102_000, rejected: 0 }]);

      const others = await runInsights(
        store,
        BUILT_IN_INSIGHTS.filter((i) => i.id !== "overview"),
        DAY,
      );
      for (const other of others) {
        expect(other.error, other.id).toBeUndefined();
        const text = JSON.stringify(other.table);
        expect(text, other.id).not.toContain(WEB.id);
        expect(text, other.id).not.toContain(BASTION.id);
      }
      // No talker without an address: the NODATA/SKIPDATA records have none.
      const top = others.find((r) => r.id === "top-talkers");
      expect(top?.table.filter((r) => r.talker === null)).toEqual([]);
      expect(talkers(top?.table ?? [], "interface (sent)")).toEqual([
        { dimension: "interface (sent)", talker: WORKER.id, bytes: 50_000, records: 1 },
        { dimension: "interface (sent)", talker: APP.id, bytes: 1_000, records: 1 },
      ]);
      expect(talkers(top?.table ?? [], "source").map((r) => r.talker)).toEqual([WORKER.ip, APP.ip]);
    });
  });

  it("ICMP: a ping sweep is a scan by hosts, its rejects are port 0, its bytes count", async () => {
    const ping = (start: number, packets: number) => ({
      protocol: ICMP,
      clientPort: 0,
      servicePort: 0,
      requestBytes: 84 * packets,
      requestPackets: packets,
      responseBytes: 84 * packets,
      responsePackets: packets,
      start,
      end: start + 1,
    });
    const sweeper = "198.51.100.66";
    const records = [
      // One internet address pings the three public instances within 5 seconds, one 84-byte echo each:
      // web answers (84 bytes back), web-2 and bastion reject it.
      ...inbound(WEB, sweeper, ping(T, 1)),
      ...inbound(WEB_2, sweeper, ping(T + 2, 1), { action: "REJECT" }),
      ...inbound(BASTION, sweeper, ping(T + 4, 1), { action: "REJECT" }),
      // app's health check pings worker: 10 echoes of 84 bytes each way, 4 records of 840 bytes.
      ...eastWest(APP, WORKER, ping(T + 300, 10)),
    ];
    await withStore(records, async (store) => {
      // Three public hosts are the whole estate here, so a sweep is three hosts in the window.
      const scan = await runInsight(store, scans, DAY, { min_hosts: 3 });
      expect(scan.findings.map((f) => f.numbers)).toEqual([
        {
          ports_touched: 0,
          hosts_touched: 3,
          records: 3,
          rejected_records: 2,
          accepted_ports: 0,
          window_start: "2026-11-20T10:00:00Z",
          window_end: "2026-11-20T10:00:05Z",
        },
      ]);
      expect(scan.findings[0]?.sentence).toBe(
        `${sweeper} swept 3 host(s) without ports (ICMP or another portless protocol) between 2026-11-20T10:00:00Z and 2026-11-20T10:00:05Z (3 records, 2 rejected).`,
      );
      expect(scan.table[0]).toMatchObject({
        source: sweeper,
        targets: [WEB.id, BASTION.id, WEB_2.id].sort().join(", "),
      });

      const rejected = await runInsight(store, rejectedTraffic, DAY);
      expect(rejected.findings[0]?.numbers).toEqual({ rejected_records: 2, port_0: 2 });
      expect(rejected.chart?.data).toEqual({
        values: [{ protocol: ICMP, dstport: 0, records: 2, sources: 1, targets: 2, port: "0" }],
      });

      // 4 sweep records × 84 + 4 health-check records × 840 = 3,696 bytes.
      const totals = await runInsight(store, overview, DAY);
      expect(totals.findings[0]?.numbers).toMatchObject({
        records: 8,
        bytes: 3_696,
        accepted: 6,
        rejected: 2,
      });
      const top = await runInsight(store, topTalkers, DAY);
      expect(talkers(top.table, "port", "source")).toEqual([
        { dimension: "port", talker: "icmp/0", bytes: 3_696, records: 8 },
        { dimension: "source", talker: APP.ip, bytes: 1_680, records: 2 },
        { dimension: "source", talker: WORKER.ip, bytes: 1_680, records: 2 },
        { dimension: "source", talker: sweeper, bytes: 252, records: 3 },
        { dimension: "source", talker: WEB.ip, bytes: 84, records: 1 },
      ]);
    });
  });

  it("a flow spanning midnight counts on the day it started, and the overview says so", async () => {
    const onPremises = "10.50.0.5";
    const records = [
      // app sends 9,000 bytes to an on-premises database over the VPN from 23:59:30 to 00:00:20.
      ...outbound(
        APP,
        onPremises,
        {
          clientPort: 45000,
          servicePort: 5432,
          requestBytes: 9_000,
          requestPackets: 9,
          start: at("2026-11-20T23:59:30Z"),
          end: at("2026-11-21T00:00:20Z"),
        },
        { trafficPath: VIRTUAL_PRIVATE_GATEWAY },
      ),
      // The next capture window, which starts after midnight: 1,000 bytes.
      ...outbound(
        APP,
        onPremises,
        {
          clientPort: 45000,
          servicePort: 5432,
          requestBytes: 1_000,
          requestPackets: 2,
          start: at("2026-11-21T00:00:20Z"),
          end: at("2026-11-21T00:01:20Z"),
        },
        { trafficPath: VIRTUAL_PRIVATE_GATEWAY },
      ),
    ];
    await withStore(records, async (store) => {
      const day = await runInsight(store, overview, DAY);
      expect(day.findings[0]?.numbers).toMatchObject({ records: 1, bytes: 9_000, spanning_midnight: 1 });
      expect(day.table).toEqual([{ hour: "2026-11-20T23:00Z", records: 1, bytes: 9_000, rejected: 0 }]);
      expect(day.notes).toContain(
        "Records are assigned to the UTC day and hour their start time falls in; a flow spanning midnight counts on the day it started.",
      );

      const nextDay = await runInsight(store, overview, NEXT_DAY);
      expect(nextDay.findings[0]?.numbers).toMatchObject({ records: 1, bytes: 1_000, spanning_midnight: 0 });
      expect(nextDay.table).toEqual([{ hour: "2026-11-21T00:00Z", records: 1, bytes: 1_000, rejected: 0 }]);

      // Over both days the spanning record counts once.
      const both = await runInsight(store, overview, { from: DAY.from, to: NEXT_DAY.to });
      expect(both.findings[0]?.numbers).toMatchObject({ records: 2, bytes: 10_000, spanning_midnight: 1 });
      const top = await runInsight(store, topTalkers, NEXT_DAY);
      expect(talkers(top.table, "interface (sent)")).toEqual([
        { dimension: "interface (sent)", talker: APP.id, bytes: 1_000, records: 1 },
      ]);
    });
  });

  it("NAT gateway records seen from both sides count each byte once per direction", async () => {
    const s3 = "52.216.8.1";
    const records = [
      // app (use1-az4, same AZ as the NAT gateway) talks to S3 through the NAT: 1,500,000,000 bytes up,
      // 9,876,543,210 down; 2 records on app's ENI, 4 on the NAT gateway's.
      ...viaNat(
        APP,
        s3,
        {
          clientPort: 40001,
          servicePort: 443,
          requestBytes: 1_500_000_000,
          requestPackets: 1_100_000,
          responseBytes: 9_876_543_210,
          responsePackets: 7_100_000,
          start: T,
          end: T + 60,
        },
        "S3",
      ),
      // worker (use1-az6) uploads to an internet host through the same NAT: 4,000,000,000 up, 1,000,000,000 down.
      ...viaNat(WORKER, "203.0.113.50", {
        clientPort: 40002,
        servicePort: 443,
        requestBytes: 4_000_000_000,
        requestPackets: 2_900_000,
        responseBytes: 1_000_000_000,
        responsePackets: 800_000,
        start: T,
        end: T + 60,
      }),
    ];
    await withStore(records, async (store) => {
      const result = await runInsight(store, natGateway, DAY);
      const rate = /^\$0\.045\/GB, us-east-1 list price as of \d{4}-\d{2}-\d{2}$/;

      // Processed once: 1,500,000,000 + 9,876,543,210 + 4,000,000,000 + 1,000,000,000 = 16,376,543,210
      // bytes = 15.2518 GB × $0.045 = $0.6863.
      const processed = findingWith(result.findings, "processed_bytes");
      expect(processed?.numbers).toEqual({
        processed_bytes: 16_376_543_210,
        s3_bytes: 11_376_543_210,
        dynamodb_bytes: 0,
        other_aws_bytes: 0,
        internet_bytes: 5_000_000_000,
        // Records in one hour: the month is 30 such days.
        usd_per_month: expect.closeTo((processed?.usd ?? 0) * 30, 9),
      });
      expect(processed?.usd?.toFixed(2)).toBe("0.69");
      expect(processed?.rate).toMatch(rate);

      // S3 through the NAT: 11,376,543,210 bytes = 10.5952 GB × $0.045 = $0.4768.
      const viaNatS3 = result.findings.find((f) => f.sentence.startsWith("S3 and DynamoDB"));
      expect(viaNatS3?.usd).toBeCloseTo((11_376_543_210 / 2 ** 30) * 0.045, 10);
      expect(viaNatS3?.usd?.toFixed(2)).toBe("0.48");
      expect(viaNatS3?.rate).toMatch(rate);
      expect(viaNatS3?.severity).toBe("medium");
      expect(viaNatS3?.sentence).toContain("$0.48");

      // worker's 5,000,000,000 bytes reached a NAT gateway in another AZ (4,000,000,000 up to it, 1,000,000,000
      // back from it), each billed out of one AZ and into the other: 4.6566 GB × ($0.01 + $0.01) = $0.0931.
      const crossAzNat = findingWith(result.findings, "cross_az_bytes");
      expect(crossAzNat?.numbers).toEqual({ cross_az_bytes: 5_000_000_000 });
      expect(crossAzNat?.usd).toBeCloseTo((5_000_000_000 / 2 ** 30) * 0.02, 10);
      expect(crossAzNat?.rate).toMatch(
        /^\$0\.01\/GB out \+ \$0\.01\/GB in, us-east-1 list price as of \d{4}-\d{2}-\d{2}$/,
      );
      expect(crossAzNat?.sentence).toBe(
        "4.7 GiB reached a NAT gateway in another AZ, adding $0.09 of cross-AZ transfer (also in the cross-AZ insight's total, not on top of it); a NAT gateway per AZ avoids it.",
      );

      expect(result.table).toEqual([
        {
          subnet_id: PRIVATE_A.id,
          az_id: PRIVATE_A.azId,
          route_table_id: ROUTE_TABLE_PRIVATE,
          has_s3_endpoint: false,
          destination: "S3",
          cross_az: false,
          bytes: 11_376_543_210,
        },
        {
          subnet_id: PRIVATE_B.id,
          az_id: PRIVATE_B.azId,
          route_table_id: ROUTE_TABLE_PRIVATE,
          has_s3_endpoint: false,
          destination: "internet",
          cross_az: true,
          bytes: 5_000_000_000,
        },
      ]);

      // Internet egress counts the NAT gateway's leg to the internet once, not worker's leg to the NAT.
      const egress = await runInsight(store, internetEgress, DAY);
      expect(egress.findings[0]?.numbers).toEqual({
        internet_egress_bytes: 4_000_000_000,
        via_nat_bytes: 4_000_000_000,
        usd_per_month: expect.closeTo((egress.findings[0]?.usd ?? 0) * 30, 9),
      });
      expect(egress.table[0]).toEqual({
        side: "source",
        name: NAT_GATEWAY,
        via_nat: true,
        bytes: 4_000_000_000,
      });
    });
  });

  it("NAT gateway records without pkt-* fields (the default format) count each byte once, from the outside legs", async () => {
    const s3 = "52.216.8.1";
    const exchange = { clientPort: 40001, servicePort: 443, start: T, end: T + 60 };
    const withPktFields = [
      ...viaNat(APP, s3, {
        ...exchange,
        requestBytes: 1_500_000,
        requestPackets: 1100,
        responseBytes: 9_000_000,
        responsePackets: 7100,
      }),
      ...viaNat(WORKER, "203.0.113.50", { ...exchange, requestBytes: 4_000_000, requestPackets: 2900 }),
    ];
    // What a v2 default-format log holds: no packet-level addresses, services, direction or path.
    const records = withPktFields.map(
      ({
        "pkt-srcaddr": _a,
        "pkt-dstaddr": _b,
        "pkt-src-aws-service": _c,
        "pkt-dst-aws-service": _d,
        "flow-direction": _e,
        "traffic-path": _f,
        ...rest
      }) => rest,
    );
    await withStore(records, async (store) => {
      const result = await runInsight(store, natGateway, DAY);
      const processed = findingWith(result.findings, "processed_bytes");
      expect(processed?.numbers).toEqual({
        processed_bytes: 14_500_000,
        s3_bytes: 10_500_000,
        dynamodb_bytes: 0,
        other_aws_bytes: 0,
        internet_bytes: 4_000_000,
        usd_per_month: expect.closeTo((processed?.usd ?? 0) * 30, 9),
      });
      expect(result.notes.join(" ")).toContain("13.8 MiB were logged without pkt-srcaddr/pkt-dstaddr");
      expect(result.notes.join(" ")).not.toContain("the inventory does not list");
    });
  });

  it("an ENI the inventory does not list is counted and named, and the insights say what they cannot attribute", async () => {
    const records = [
      // The unlisted instance (its records say subnet-0b02, use1-az6) calls app (use1-az4) on 8080:
      // 5,000 bytes there, 3,000 back.
      ...eastWest(UNLISTED, APP, {
        clientPort: 43000,
        servicePort: 8080,
        requestBytes: 5_000,
        requestPackets: 8,
        responseBytes: 3_000,
        responsePackets: 6,
        start: T,
        end: T + 30,
      }),
      // worker, in the unlisted instance's subnet and AZ, calls it on 9000: 2,000 bytes there, 1,000 back.
      ...eastWest(WORKER, UNLISTED, {
        clientPort: 43200,
        servicePort: 9000,
        requestBytes: 2_000,
        requestPackets: 4,
        responseBytes: 1_000,
        responsePackets: 3,
        start: T,
        end: T + 30,
      }),
      // It also reaches an internet host through the NAT gateway: 7,000 bytes up, 20,000 down.
      ...viaNat(UNLISTED, "203.0.113.50", {
        clientPort: 43100,
        servicePort: 443,
        requestBytes: 7_000,
        requestPackets: 10,
        responseBytes: 20_000,
        responsePackets: 20,
        start: T + 60,
        end: T + 90,
      }),
    ];
    await withStore(records, async (store) => {
      // 4 records of 5,000/3,000, 4 of 2,000/1,000 and 6 of 7,000/20,000:
      // 2 × 8,000 + 2 × 3,000 + 3 × 27,000 = 103,000 bytes on 4 ENIs (unlisted, app, worker, NAT).
      const totals = await runInsight(store, overview, DAY);
      expect(totals.findings[0]?.numbers).toMatchObject({ records: 14, bytes: 103_000, interfaces: 4 });

      const nat = await runInsight(store, natGateway, DAY);
      expect(findingWith(nat.findings, "processed_bytes")?.numbers).toMatchObject({
        processed_bytes: 27_000,
        internet_bytes: 27_000,
      });
      expect(nat.notes).toEqual([
        "26.4 KiB came from hosts the inventory does not list; their subnet is unknown.",
      ]);
      expect(nat.table).toEqual([
        {
          subnet_id: "(unknown)",
          az_id: null,
          route_table_id: null,
          has_s3_endpoint: false,
          destination: "internet",
          cross_az: false,
          bytes: 27_000,
        },
      ]);

      // Cross-AZ: the unlisted ENI's own records name its AZ, so what it sent is attributed: 5,000 bytes to
      // app and 7,000 to the NAT gateway, both use1-az6 → use1-az4 (its 1,000 to worker stays in use1-az6).
      // What was sent to it (3,000 from app, 2,000 from worker, 20,000 from the NAT gateway) has no known
      // receiver AZ — it is not the NAT gateway's — so its 25,000 bytes are left out and said in a note.
      const cross = await runInsight(store, crossAz, DAY);
      expect(cross.findings[0]?.numbers).toMatchObject({
        cross_az_bytes: 12_000,
        "use1-az6>use1-az4": 12_000,
      });
      expect(cross.table).toEqual([
        {
          sender_interface_id: UNLISTED.id,
          sender_kind: null,
          sender_az_id: "use1-az6",
          receiver_interface_id: NAT_ENI.id,
          receiver_kind: "nat_gateway",
          receiver_az_id: "use1-az4",
          protocol: 6,
          port: 443,
          bytes: 7_000,
        },
        {
          sender_interface_id: UNLISTED.id,
          sender_kind: null,
          sender_az_id: "use1-az6",
          receiver_interface_id: APP.id,
          receiver_kind: "instance",
          receiver_az_id: "use1-az4",
          protocol: 6,
          port: 8080,
          bytes: 5_000,
        },
      ]);
      expect(cross.notes).toContain(
        "24.4 KiB sent within the VPC is not counted: its sender or receiver is an ENI the inventory does not list (or, for a receiver, beyond a transit gateway), so its AZ is unknown.",
      );

      const top = await runInsight(store, topTalkers, DAY);
      expect(talkers(top.table, "interface (sent)")).toEqual([
        { dimension: "interface (sent)", talker: NAT_ENI.id, bytes: 27_000, records: 2 },
        { dimension: "interface (sent)", talker: UNLISTED.id, bytes: 13_000, records: 3 },
        { dimension: "interface (sent)", talker: APP.id, bytes: 3_000, records: 1 },
        { dimension: "interface (sent)", talker: WORKER.id, bytes: 2_000, records: 1 },
      ]);
    });
  });

  it("an account id AWS writes as unknown (interfaces AWS services create) is counted as no account in the overview", async () => {
    const records = [
      logStatus(WEB, "NODATA", T, T + 60),
      { ...logStatus(UNLISTED, "NODATA", T, T + 60), "account-id": "unknown" },
    ];
    await withStore(records, async (store) => {
      const result = await runInsight(store, overview, DAY);
      expect(result.findings[0]?.numbers).toMatchObject({ records: 2, interfaces: 2, accounts: 1 });
      expect(result.findings[0]?.sentence).toContain("from 2 network interfaces in 1 account(s)");
    });
  });
});
