/**
 * The `addresses` table on ClickHouse: every distinct address of `flow_rollup` with its class, as on
 * DuckDB (enrich/addresses.ts), classified by the same pure classifier (enrich/address-class.ts) with the
 * same AWS IP ranges and VPC blocks, read from the store's own enrichment tables (enrichment-mirror.ts).
 * So both backends give every address the same class. Refreshing is incremental: only addresses not yet
 * in the table are classified; when the ranges or the VPC blocks changed since the rows were classified,
 * the table is emptied first (ClickHouse deletes rows only asynchronously) and every address classified
 * again. The pending addresses are read at once (text only) and sent back classified in batches of
 * BATCH rows.
 */
import { classifyAddress } from "../../enrich/address-class.js";
import type { AddressesRefresh } from "../../enrich/addresses.js";
import { vpcBlocksOf } from "../../enrich/addresses.js";
import { type AwsPrefix, AwsPrefixIndex } from "../../enrich/aws-ip-ranges/prefix-index.js";
import type { ClickHouseStore } from "./clickhouse-store.js";
import { ensureClickHouseEnrichmentTables } from "./enrichment-mirror.js";

const ADDRESSES_DDL = `CREATE TABLE IF NOT EXISTS addresses (
  address String, ip_version Nullable(Int8), address_class String, private_range Nullable(String),
  aws_service Nullable(String), aws_region Nullable(String), aws_prefix Nullable(String),
  ranges_create_date Nullable(DateTime('UTC')), vpc_blocks_key Nullable(String)
) ENGINE = MergeTree() ORDER BY address`;

/** Addresses sent to the server per INSERT. */
const BATCH = 50_000;

const SEEN_ADDRESSES = `SELECT address FROM (
    SELECT arrayJoin([srcaddr, dstaddr, pkt_srcaddr, pkt_dstaddr]) AS address FROM flow_rollup
  ) WHERE isNotNull(address) AND address GLOBAL NOT IN (SELECT address FROM addresses)
  GROUP BY address`;

/** Creates `addresses` and the tables it is classified from when they are missing. */
export async function ensureClickHouseAddresses(store: ClickHouseStore): Promise<void> {
  await ensureClickHouseEnrichmentTables(store);
  await store.run(ADDRESSES_DDL);
}

/** Brings `addresses` up to date with the flows, the AWS IP ranges and the VPC blocks. */
export async function refreshClickHouseAddresses(store: ClickHouseStore): Promise<AddressesRefresh> {
  await ensureClickHouseAddresses(store);
  const rangesCreateDate =
    (await store.value<string | null>(
      "SELECT if(count() = 0, NULL, toString(max(create_date))) FROM aws_ip_ranges_source",
    )) ?? null;
  const blocks = await store.rows<{ block: string }>(
    "SELECT DISTINCT arrayJoin(cidr_blocks) AS block FROM inventory_vpcs ORDER BY block",
  );
  const vpcBlocks = vpcBlocksOf(blocks.map((b) => b.block));
  const stale = await store.value<number>(
    `SELECT count() FROM addresses
     WHERE ifNull(toString(ranges_create_date), '') != $ranges OR ifNull(vpc_blocks_key, '') != $key`,
    { ranges: rangesCreateDate ?? "", key: vpcBlocks.key },
  );
  if (stale > 0) await store.run("TRUNCATE TABLE addresses");
  const pending = await store.rows<{ address: string }>(SEEN_ADDRESSES);
  if (pending.length > 0) {
    const prefixes = rangesCreateDate
      ? await store.rows<AwsPrefix & Record<string, unknown>>(
          `SELECT prefix, region, service, network_border_group AS networkBorderGroup FROM aws_ip_ranges`,
        )
      : [];
    const index = prefixes.length > 0 ? AwsPrefixIndex.build(prefixes) : undefined;
    for (let start = 0; start < pending.length; start += BATCH) {
      const rows = pending.slice(start, start + BATCH).map(({ address }) => {
        const c = classifyAddress(address, index, vpcBlocks.prefixes);
        return {
          address,
          ip_version: c.ipVersion,
          address_class: c.addressClass,
          private_range: c.privateRange,
          aws_service: c.awsService,
          aws_region: c.awsRegion,
          aws_prefix: c.awsPrefix,
          ranges_create_date: rangesCreateDate,
          vpc_blocks_key: vpcBlocks.key,
        };
      });
      await store.insertRows("addresses", rows);
    }
  }
  const total = await store.value<number>("SELECT count() FROM addresses");
  return {
    classified: pending.length,
    total,
    rangesCreateDate: rangesCreateDate ? `${rangesCreateDate.replace(" ", "T")}Z` : null,
  };
}
