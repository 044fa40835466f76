import { describe, expect, it } from "vitest";
import { refreshAddresses } from "../../src/enrich/addresses.js";
import { updateIpRanges } from "../../src/enrich/aws-ip-ranges/update-ip-ranges.js";
import { importInventory } from "../../src/enrich/inventory/import-inventory.js";
import { parseLogFormat } from "../../src/records/log-format.js";
import type { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { addFlowColumns } from "../../src/store/duckdb/flow-tables.js";
import { tempDir } from "../helpers/temp-dir.js";
import { SNAPSHOT_PATH, writeSnapshotVariant } from "./aws-ip-ranges-snapshot.js";
import { openTestStore } from "./open-test-store.js";

type Addresses = [
  srcaddr: string | null,
  dstaddr: string | null,
  pktSrcaddr?: string | null,
  pktDstaddr?: string | null,
];

/** Adds flow rows on one day and marks the day for its rollup, as a load does. */
async function addFlows(store: DuckDbStore, flows: Addresses[]): Promise<void> {
  await addFlowColumns(store, parseLogFormat("${srcaddr} ${dstaddr} ${pkt-srcaddr} ${pkt-dstaddr}"));
  for (const [src, dst, pktSrc = null, pktDst = null] of flows) {
    await store.run(
      "INSERT INTO flow_records (day, srcaddr, dstaddr, pkt_srcaddr, pkt_dstaddr) VALUES (DATE '2026-11-20', $1, $2, $3, $4)",
      [src, dst, pktSrc, pktDst],
    );
  }
  await store.run("INSERT OR IGNORE INTO rollup_dirty_days VALUES (DATE '2026-11-20')");
}

async function loadSnapshot(store: DuckDbStore): Promise<void> {
  await updateIpRanges(store, { file: SNAPSHOT_PATH, cacheDir: tempDir() });
}

/** Imports an inventory of one VPC with these CIDR blocks (IPv4, then IPv6) and nothing else. */
async function importVpc(store: DuckDbStore, cidrBlocks: readonly string[]): Promise<void> {
  const scope = { accountId: "111111111111", region: "us-east-1" };
  await importInventory(store, {
    source: "test",
    scopes: [scope],
    azs: [],
    vpcs: [{ vpcId: "vpc-0a1b", ...scope, cidrBlocks }],
    subnets: [],
    routeTables: [],
    enis: [],
    natGateways: [],
    vpcEndpoints: [],
  });
}

const classOf = (store: DuckDbStore) =>
  store.rows(
    "SELECT address, address_class, private_range, aws_service, aws_region FROM addresses ORDER BY address",
  );

describe("refreshAddresses", () => {
  it("classifies every distinct address of srcaddr, dstaddr, pkt_srcaddr and pkt_dstaddr", async () => {
    const store = await openTestStore();
    await loadSnapshot(store);
    await addFlows(store, [
      ["10.0.1.5", "52.216.8.1", "10.0.1.5", "52.216.8.1"],
      ["10.0.1.5", "3.218.180.5"],
      ["100.64.0.1", "8.8.8.8", "fd00::1", "2600:1f18:4000::1"],
      [null, null],
    ]);
    expect(await refreshAddresses(store)).toEqual({
      classified: 7,
      total: 7,
      rangesCreateDate: "2026-08-22T15:17:05Z",
    });
    expect(await classOf(store)).toEqual([
      {
        address: "10.0.1.5",
        address_class: "private",
        private_range: "rfc1918",
        aws_service: null,
        aws_region: null,
      },
      {
        address: "100.64.0.1",
        address_class: "private",
        private_range: "cgnat",
        aws_service: null,
        aws_region: null,
      },
      {
        address: "2600:1f18:4000::1",
        address_class: "aws",
        private_range: null,
        aws_service: "EC2",
        aws_region: "us-east-1",
      },
      {
        address: "3.218.180.5",
        address_class: "aws",
        private_range: null,
        aws_service: "DYNAMODB",
        aws_region: "us-east-1",
      },
      {
        address: "52.216.8.1",
        address_class: "aws",
        private_range: null,
        aws_service: "S3",
        aws_region: "us-east-1",
      },
      {
        address: "8.8.8.8",
        address_class: "internet",
        private_range: null,
        aws_service: null,
        aws_region: null,
      },
      {
        address: "fd00::1",
        address_class: "private",
        private_range: "ula",
        aws_service: null,
        aws_region: null,
      },
    ]);
  });

  it("records the prefix, IP version and ranges date of each address", async () => {
    const store = await openTestStore();
    await loadSnapshot(store);
    await addFlows(store, [["not-an-ip", "52.216.8.1"]]);
    await refreshAddresses(store);
    expect(
      await store.rows(
        "SELECT address, ip_version, aws_prefix, strftime(ranges_create_date, '%Y-%m-%d %H:%M:%S') AS ranges FROM addresses ORDER BY address",
      ),
    ).toEqual([
      { address: "52.216.8.1", ip_version: 4, aws_prefix: "52.216.0.0/15", ranges: "2026-08-22 15:17:05" },
      { address: "not-an-ip", ip_version: null, aws_prefix: null, ranges: "2026-08-22 15:17:05" },
    ]);
  });

  it("a second refresh classifies nothing", async () => {
    const store = await openTestStore();
    await loadSnapshot(store);
    await addFlows(store, [["10.0.1.5", "52.216.8.1"]]);
    await refreshAddresses(store);
    expect(await refreshAddresses(store)).toMatchObject({ classified: 0, total: 2 });
  });

  it("classifies only the addresses new flows bring", async () => {
    const store = await openTestStore();
    await loadSnapshot(store);
    await addFlows(store, [["10.0.1.5", "52.216.8.1"]]);
    await refreshAddresses(store);
    await addFlows(store, [["10.0.1.5", "8.8.8.8"]]);
    expect(await refreshAddresses(store)).toMatchObject({ classified: 1, total: 3 });
  });

  it("without AWS IP ranges, public addresses are public", async () => {
    const store = await openTestStore();
    await addFlows(store, [["10.0.1.5", "52.216.8.1"]]);
    expect(await refreshAddresses(store)).toEqual({ classified: 2, total: 2, rangesCreateDate: null });
    expect((await classOf(store)).map((row) => row.address_class)).toEqual(["private", "public"]);
  });

  it("reclassifies everything once AWS IP ranges are loaded", async () => {
    const store = await openTestStore();
    await addFlows(store, [["10.0.1.5", "52.216.8.1"]]);
    await refreshAddresses(store);
    await loadSnapshot(store);
    expect(await refreshAddresses(store)).toMatchObject({ classified: 2, total: 2 });
    expect((await classOf(store)).map((row) => row.aws_service)).toEqual([null, "S3"]);
  });

  it("reclassifies everything after an ip-ranges update with another createDate", async () => {
    const store = await openTestStore();
    const dir = tempDir();
    await loadSnapshot(store);
    await addFlows(store, [["10.0.1.5", "52.216.8.1"]]);
    await refreshAddresses(store);
    const newer = writeSnapshotVariant(dir, { createDate: "2026-09-01-00-00-00", syncToken: "2" });
    await updateIpRanges(store, { file: newer, cacheDir: dir });
    expect(await refreshAddresses(store)).toEqual({
      classified: 2,
      total: 2,
      rangesCreateDate: "2026-09-01T00:00:00Z",
    });
    expect(await store.value("SELECT count(DISTINCT ranges_create_date)::INTEGER FROM addresses")).toBe(1);
  });

  it("an address in the inventory's VPC IPv6 block is the estate's own, not AWS EC2", async () => {
    const store = await openTestStore();
    await loadSnapshot(store);
    await importVpc(store, ["10.0.0.0/16", "2600:1f18:6c2:5e00::/56"]);
    await addFlows(store, [["2600:1f18:6c2:5e01::30", "2600:1f18:4000::1"]]);
    await refreshAddresses(store);
    expect(await classOf(store)).toEqual([
      {
        address: "2600:1f18:4000::1",
        address_class: "aws",
        private_range: null,
        aws_service: "EC2",
        aws_region: "us-east-1",
      },
      {
        address: "2600:1f18:6c2:5e01::30",
        address_class: "private",
        private_range: "vpc",
        aws_service: null,
        aws_region: null,
      },
    ]);
  });

  it("reclassifies everything once the inventory's VPC blocks change", async () => {
    const store = await openTestStore();
    await loadSnapshot(store);
    await addFlows(store, [["10.0.1.5", "2600:1f18:6c2:5e01::30"]]);
    await refreshAddresses(store);
    expect((await classOf(store)).map((row) => row.aws_service)).toEqual([null, "EC2"]);
    await importVpc(store, ["10.0.0.0/16", "2600:1f18:6c2:5e00::/56"]);
    expect(await refreshAddresses(store)).toMatchObject({ classified: 2, total: 2 });
    expect((await classOf(store)).map((row) => row.private_range)).toEqual(["vpc", "vpc"]);
    expect(await refreshAddresses(store)).toMatchObject({ classified: 0, total: 2 });
  });

  it("an addresses table written before VPC blocks were considered gains the key and is classified again", async () => {
    const store = await openTestStore();
    await store.run(`CREATE TABLE addresses (address VARCHAR PRIMARY KEY, ip_version TINYINT,
      address_class VARCHAR NOT NULL, private_range VARCHAR, aws_service VARCHAR, aws_region VARCHAR,
      aws_prefix VARCHAR, ranges_create_date TIMESTAMP)`);
    await store.run(
      "INSERT INTO addresses VALUES ('10.0.1.5', 4, 'private', 'rfc1918', NULL, NULL, NULL, NULL)",
    );
    await importVpc(store, ["10.0.0.0/16"]);
    await addFlows(store, [["10.0.1.5", null]]);
    expect(await refreshAddresses(store)).toMatchObject({ classified: 1, total: 1 });
    expect((await classOf(store)).map((row) => row.private_range)).toEqual(["vpc"]);
  });

  it("insights can JOIN flows to addresses on the address", async () => {
    const store = await openTestStore();
    await loadSnapshot(store);
    await addFlows(store, [
      ["10.0.1.5", "52.216.8.1"],
      ["10.0.1.6", "3.218.180.5"],
    ]);
    await refreshAddresses(store);
    expect(
      await store.rows(
        "SELECT f.srcaddr, a.aws_service FROM flows f JOIN addresses a ON a.address = f.dstaddr ORDER BY 1",
      ),
    ).toEqual([
      { srcaddr: "10.0.1.5", aws_service: "S3" },
      { srcaddr: "10.0.1.6", aws_service: "DYNAMODB" },
    ]);
  });
});
