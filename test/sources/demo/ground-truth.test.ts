import { readFileSync } from "node:fs";
import type { DuckDBConnection } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DemoFixture, generateInTemp, loadRecords, openDuckDb, query } from "./demo-records.js";

interface Inventory {
  networkInterfaces: {
    id: string;
    ownerAccount: string;
    subnet: string;
    azId: string;
    kind: string;
    privateIps: string[];
  }[];
  subnets: { id: string; usesS3GatewayEndpoint: boolean }[];
  natGateways: { networkInterface: string; privateIp: string }[];
}

describe("demo ground truth", () => {
  let demo: DemoFixture;
  let db: DuckDBConnection;
  // biome-ignore lint/suspicious/noExplicitAny: the ground truth is checked field by field
  let truth: any;
  let inventory: Inventory;
  let natEni: string;
  const one = async (sql: string) => Object.values((await query(db, sql))[0] ?? {})[0];

  beforeAll(async () => {
    demo = await generateInTemp({ startDate: "2026-03-01", days: 1, seed: 3, recordsPerDay: 10_000 });
    truth = JSON.parse(readFileSync(demo.result.groundTruthPath, "utf8"));
    inventory = JSON.parse(readFileSync(demo.result.inventoryPath, "utf8"));
    natEni = inventory.natGateways[0]?.networkInterface ?? "";
    db = await openDuckDb();
    await loadRecords(db, demo.result.files);
    const enis = inventory.networkInterfaces
      .map((e) => `('${e.id}', '${e.ownerAccount}', '${e.subnet}', '${e.azId}', '${e.kind}')`)
      .join(", ");
    await db.run(`CREATE TABLE enis AS SELECT * FROM (VALUES ${enis}) t(id, account, subnet, az_id, kind)`);
    const addresses = inventory.networkInterfaces.flatMap((e) =>
      e.privateIps.map((ip) => `('${ip}', '${e.azId}')`),
    );
    await db.run(`CREATE TABLE addresses AS SELECT * FROM (VALUES ${addresses.join(", ")}) t(ip, az_id)`);
  });
  afterAll(() => {
    db?.closeSync();
    demo?.remove();
  });

  it("counts as many records per object as the object holds", async () => {
    const counted = await query<{ filename: string; n: number }>(
      db,
      "SELECT filename, count(*) AS n FROM records GROUP BY filename",
    );
    const actual = Object.fromEntries(counted.map((row) => [row.filename, row.n]));
    const stated = Object.fromEntries(
      demo.result.files.map((file, i) => [file, truth.objects[i].records as number]),
    );
    expect(actual).toEqual(stated);
    expect(truth.total.records).toBe(demo.result.records);
    expect(await one("SELECT count(*) FROM records")).toBe(demo.result.records);
  });

  it("states the bytes, packets, log-status and action totals of the records written", async () => {
    const [row] = await query(
      db,
      `SELECT sum(bytes) AS bytes, sum(packets) AS packets,
              count(*) FILTER (WHERE log_status = 'OK') AS ok,
              count(*) FILTER (WHERE log_status = 'NODATA') AS nodata,
              count(*) FILTER (WHERE log_status = 'SKIPDATA') AS skipdata,
              count(*) FILTER (WHERE action = 'ACCEPT') AS accept,
              count(*) FILTER (WHERE action = 'REJECT') AS reject,
              count(*) FILTER (WHERE type = 'IPv6') AS ipv6,
              count(*) FILTER (WHERE protocol = 1) AS icmp,
              count(*) FILTER (WHERE start // 86400 <> "end" // 86400) AS midnight
       FROM records`,
    );
    const t = truth.total;
    expect(row).toEqual({
      bytes: t.bytes,
      packets: t.packets,
      ok: t.logStatus.OK,
      nodata: t.logStatus.NODATA,
      skipdata: t.logStatus.SKIPDATA,
      accept: t.action.ACCEPT,
      reject: t.action.REJECT,
      ipv6: t.ipv6Records,
      icmp: t.icmpRecords,
      midnight: t.midnightSpanningRecords,
    });
    expect(t.midnightSpanningRecords).toBeGreaterThan(0);
    expect(t.ipv6Records).toBeGreaterThan(0);
    expect(t.logStatus.NODATA).toBeGreaterThan(0);
  });

  it("counts each record on the UTC day its start time falls in, as insights do", async () => {
    const days = await query<{ date: string; records: number; bytes: number }>(
      db,
      `SELECT strftime(make_timestamp(start * 1000000)::DATE, '%Y-%m-%d') AS date, count(*) AS records,
              coalesce(sum(bytes), 0) AS bytes
       FROM records GROUP BY 1 ORDER BY 1`,
    );
    expect(days).toEqual(
      truth.days.map((d: { date: string; records: number; bytes: number }) => ({
        date: d.date,
        records: d.records,
        bytes: d.bytes,
      })),
    );
    // The connections open at the first midnight started the day before: that day holds only them.
    expect(truth.days.map((d: { date: string }) => d.date)).toEqual(["2026-02-28", "2026-03-01"]);
    expect(truth.days[0].records).toBe(truth.days[0].midnightSpanningRecords);
  });

  it("counts the port scan's probes as its records, not the target's replies", async () => {
    const scan = truth.events.portScan;
    const [sent] = await query(
      db,
      `SELECT count(*) AS records, count(*) FILTER (WHERE action = 'REJECT') AS rejected
       FROM records WHERE srcaddr = '${scan.sourceAddr}'`,
    );
    expect(sent).toEqual({ records: scan.records, rejected: scan.rejectedRecords });
    expect(await one(`SELECT count(*) FROM records WHERE dstaddr = '${scan.sourceAddr}'`)).toBeGreaterThan(0);
  });

  it("sums NAT gateway bytes by the rules its definitions state", async () => {
    const onNatIngress = `FROM records WHERE interface_id = '${natEni}' AND flow_direction = 'ingress'`;
    const s3 = "(pkt_src_aws_service = 'S3' OR pkt_dst_aws_service = 'S3')";
    const dynamodb = "(pkt_src_aws_service = 'DYNAMODB' OR pkt_dst_aws_service = 'DYNAMODB')";
    expect(await one(`SELECT sum(bytes) ${onNatIngress}`)).toBe(truth.total.natProcessedBytes);
    expect(await one(`SELECT sum(bytes) ${onNatIngress} AND ${s3}`)).toBe(truth.total.s3ViaNatBytes);
    expect(await one(`SELECT sum(bytes) ${onNatIngress} AND ${dynamodb}`)).toBe(
      truth.total.dynamodbViaNatBytes,
    );
    expect(truth.total.s3ViaNatBytes).toBeGreaterThan(0);
    expect(truth.definitions.s3ViaNatBytes).toMatch(/ingress/);
  });

  it("attributes S3 through the NAT only to the subnet whose route table lacks the endpoint", () => {
    const withoutEndpoint = inventory.subnets.filter((s) => !s.usesS3GatewayEndpoint).map((s) => s.id);
    for (const subnet of Object.keys(truth.total.s3ViaNatBytesBySourceSubnet)) {
      expect(withoutEndpoint).toContain(subnet);
    }
  });

  it("sums S3 bytes through the gateway endpoint by traffic-path 7 and the endpoint's subnets", async () => {
    const endpointSubnets = inventory.subnets.filter((s) => s.usesS3GatewayEndpoint).map((s) => `'${s.id}'`);
    const bytes = await one(
      `SELECT sum(bytes) FROM records WHERE interface_id <> '${natEni}' AND (
         (flow_direction = 'egress' AND traffic_path = 7)
         OR (flow_direction = 'ingress' AND pkt_src_aws_service = 'S3' AND subnet_id IN (${endpointSubnets.join(", ")})))`,
    );
    expect(bytes).toBe(truth.total.s3ViaGatewayEndpointBytes);
    expect(
      await one("SELECT count(*) FROM records WHERE traffic_path = 7 AND pkt_dst_aws_service <> 'S3'"),
    ).toBe(0);
  });

  it("sums cross-AZ bytes per ordered AZ ID pair from the sender's egress records", async () => {
    const pairs = await query<{ pair: string; bytes: number }>(
      db,
      `WITH hops AS (
         SELECT r.bytes, me.az_id AS from_az,
                coalesce(owner.az_id, CASE WHEN r.traffic_path = 1 THEN nat.az_id END) AS to_az
         FROM records r
         JOIN enis me ON me.id = r.interface_id
         LEFT JOIN addresses owner ON owner.ip = r.dstaddr
         CROSS JOIN (SELECT az_id FROM enis WHERE kind = 'nat_gateway') nat
         WHERE r.flow_direction = 'egress')
       SELECT from_az || '>' || to_az AS pair, sum(bytes) AS bytes FROM hops
       WHERE to_az <> from_az GROUP BY ALL ORDER BY pair`,
    );
    expect(Object.fromEntries(pairs.map((p) => [p.pair, p.bytes]))).toEqual(truth.total.crossAzBytes);
  });

  it("sums internet egress from traffic-path 8 records to addresses outside AWS", async () => {
    const egress =
      "FROM records WHERE flow_direction = 'egress' AND traffic_path = 8 AND pkt_dst_aws_service IS NULL";
    expect(await one(`SELECT sum(bytes) ${egress}`)).toBe(truth.total.internetEgressBytes);
    expect(await one(`SELECT sum(bytes) ${egress} AND interface_id = '${natEni}'`)).toBe(
      truth.total.internetEgressViaNatBytes,
    );
  });

  it("counts rejects per destination port and SSH/RDP probes per source", async () => {
    const rejects = await query<{ port: number; n: number }>(
      db,
      "SELECT dstport AS port, count(*) AS n FROM records WHERE action = 'REJECT' GROUP BY 1",
    );
    expect(Object.fromEntries(rejects.map((r) => [String(r.port), r.n]))).toEqual(
      truth.total.rejectsByDstPort,
    );
    const probes = await query<{ source: string; n: number }>(
      db,
      `SELECT srcaddr AS source, count(*) AS n FROM records
       WHERE action = 'REJECT' AND flow_direction = 'ingress' AND dstport IN (22, 3389)
         AND pkt_src_aws_service IS NULL AND NOT starts_with(srcaddr, '10.0.') GROUP BY 1`,
    );
    expect(Object.fromEntries(probes.map((p) => [p.source, p.n]))).toEqual(truth.total.sshRdpProbes.bySource);
  });

  it("describes the port scan and the large transfer as the records show them", async () => {
    const scan = truth.events.portScan;
    const [seen] = await query(
      db,
      `SELECT count(DISTINCT dstport) AS ports, min(start) AS first, max("end") AS last
       FROM records WHERE srcaddr = '${scan.sourceAddr}'`,
    );
    expect(seen).toEqual({ ports: scan.portsTouched, first: scan.firstStart, last: scan.lastEnd });
    expect(scan.portsTouched).toBeGreaterThanOrEqual(300);
    expect(scan.lastEnd - scan.firstStart).toBeLessThan(300);
    const transfer = truth.events.largeTransfer;
    const sent = await one(
      `SELECT sum(bytes) FROM records WHERE interface_id = '${transfer.sourceEni}'
       AND flow_direction = 'egress' AND dstaddr = '${transfer.destinationAddr}'`,
    );
    expect(sent).toBe(transfer.bytes);
    expect(transfer.bytes).toBeGreaterThan(3 * 2 ** 30);
  });

  it("writes each flow through the NAT gateway as four records on the NAT gateway's ENI", async () => {
    const natIp = inventory.natGateways[0]?.privateIp;
    const [row] = await query(
      db,
      `WITH flows AS (
         SELECT r.* FROM records r JOIN enis e ON e.id = r.interface_id
         WHERE e.kind <> 'nat_gateway' AND r.flow_direction = 'egress' AND r.traffic_path = 1
           AND NOT starts_with(r.dstaddr, '10.0.'))
       SELECT
         (SELECT count(*) FROM flows) AS flows,
         (SELECT count(*) FROM records WHERE interface_id = '${natEni}') AS nat_records,
         (SELECT count(*) FROM flows f JOIN records n ON n.interface_id = '${natEni}'
            AND n.flow_direction = 'ingress' AND n.srcaddr = f.srcaddr AND n.srcport = f.srcport
            AND n.dstaddr = '${natIp}' AND n.pkt_dstaddr = f.dstaddr AND n.start = f.start) AS to_nat,
         (SELECT count(*) FROM flows f JOIN records n ON n.interface_id = '${natEni}'
            AND n.flow_direction = 'egress' AND n.dstaddr = f.srcaddr AND n.dstport = f.srcport
            AND n.srcaddr = '${natIp}' AND n.pkt_srcaddr = f.dstaddr AND n.start = f.start) AS to_instance,
         (SELECT count(*) FROM records WHERE interface_id = '${natEni}' AND instance_id IS NOT NULL) AS with_instance`,
    );
    expect(row?.flows).toBeGreaterThan(0);
    expect(row).toEqual({
      flows: row?.flows,
      nat_records: 4 * Number(row?.flows),
      to_nat: row?.flows,
      to_instance: row?.flows,
      with_instance: 0,
    });
  });

  it("writes only ENIs of the inventory, with their owner account, subnet and AZ ID", async () => {
    const strangers = await query(
      db,
      `SELECT DISTINCT r.interface_id, r.account_id, r.subnet_id, r.az_id FROM records r
       LEFT JOIN enis e ON e.id = r.interface_id AND e.account = r.account_id
         AND e.subnet = r.subnet_id AND e.az_id = r.az_id
       WHERE e.id IS NULL`,
    );
    expect(strangers).toEqual([]);
  });
});
