/**
 * The `addresses` table: every distinct address the flows mention (srcaddr, dstaddr, pkt_srcaddr,
 * pkt_dstaddr) with its class, so insights JOIN flows to it instead of classifying per row. Refreshing is
 * incremental: only addresses not yet in the table are classified, except when the AWS IP ranges changed
 * since a row was classified (its ranges_create_date differs from aws_ip_ranges_source's), in which case
 * that row is classified again. Likewise when the inventory's VPC CIDR blocks changed (a row's
 * vpc_blocks_key differs from the current blocks'), since an address inside one is the estate's own. The
 * addresses are read from `flow_rollup`, which holds every address of `flows` in a few thousand rows a
 * day instead of millions.
 */
import { createHash } from "node:crypto";
import { DuckDBDataChunk, INTEGER } from "@duckdb/node-api";
import type { DuckDbStore } from "../store/duckdb/duckdb-store.js";
import { refreshRollups } from "../store/duckdb/rollups.js";
import { type AddressClassification, classifyAddress } from "./address-class.js";
import { type IpPrefix, parseCidr } from "./aws-ip-ranges/ip-address.js";
import {
  ensureIpRangesTables,
  readAwsPrefixes,
  readIpRangesSource,
} from "./aws-ip-ranges/ip-ranges-tables.js";
import { AwsPrefixIndex } from "./aws-ip-ranges/prefix-index.js";
import { hasInventoryTables } from "./inventory/inventory-tables.js";

const CLASS_COLUMNS = `ip_version TINYINT,
  address_class VARCHAR NOT NULL,
  private_range VARCHAR,
  aws_service VARCHAR,
  aws_region VARCHAR,
  aws_prefix VARCHAR`;

/** Creates `addresses` when it is missing (and adds vpc_blocks_key to a table made before it existed). */
export async function ensureAddressesTable(store: DuckDbStore): Promise<void> {
  await store.run(`CREATE TABLE IF NOT EXISTS addresses (
  address VARCHAR PRIMARY KEY,
  ${CLASS_COLUMNS},
  ranges_create_date TIMESTAMP,
  vpc_blocks_key VARCHAR
)`);
  await store.run("ALTER TABLE addresses ADD COLUMN IF NOT EXISTS vpc_blocks_key VARCHAR");
}

/** The estate's VPC CIDR blocks, and a key that changes whenever they do. */
export interface VpcBlocks {
  readonly prefixes: readonly IpPrefix[];
  readonly key: string;
}

/** The blocks of the inventory's VPCs (`texts`: distinct, sorted), whichever store holds them. */
export function vpcBlocksOf(texts: readonly string[]): VpcBlocks {
  const prefixes = texts.map(parseCidr).filter((prefix): prefix is IpPrefix => prefix !== null);
  const key = createHash("sha256").update(texts.join(" ")).digest("hex").slice(0, 16);
  return { prefixes, key };
}

async function readVpcBlocks(store: DuckDbStore): Promise<VpcBlocks> {
  const blocks = (await hasInventoryTables(store))
    ? await store.rows<{ block: string }>(
        "SELECT DISTINCT unnest(cidr_blocks) AS block FROM inventory_vpcs ORDER BY block",
      )
    : [];
  return vpcBlocksOf(blocks.map((row) => row.block));
}

const CURRENT_RANGES = "(SELECT max(create_date) FROM aws_ip_ranges_source)";

const UNCLASSIFIED_ADDRESSES = `SELECT address FROM (
    SELECT srcaddr AS address FROM flow_rollup
    UNION SELECT dstaddr FROM flow_rollup
    UNION SELECT pkt_srcaddr FROM flow_rollup
    UNION SELECT pkt_dstaddr FROM flow_rollup
  ) AS seen
  WHERE address IS NOT NULL AND NOT EXISTS (SELECT 1 FROM addresses a WHERE a.address = seen.address)`;

/**
 * Distinct classifications, numbered. Millions of addresses share a few thousand classifications, so
 * JavaScript sends DuckDB one integer per address (cheap) instead of seven values (many native calls).
 */
class ClassNumbers {
  readonly list: AddressClassification[] = [];
  private readonly numbers = new Map<string, number>();

  numberOf(c: AddressClassification): number {
    const key = `${c.ipVersion}|${c.addressClass}|${c.privateRange}|${c.awsService}|${c.awsRegion}|${c.awsPrefix}`;
    let n = this.numbers.get(key);
    if (n === undefined) {
      n = this.list.length;
      this.list.push(c);
      this.numbers.set(key, n);
    }
    return n;
  }
}

async function writeClasses(store: DuckDbStore, classes: readonly AddressClassification[]): Promise<void> {
  await store.run(`CREATE OR REPLACE TEMP TABLE address_classes (class_id INTEGER, ${CLASS_COLUMNS})`);
  const appender = await store.connection.createAppender("address_classes");
  try {
    classes.forEach((c, id) => {
      appender.appendInteger(id);
      if (c.ipVersion === null) appender.appendNull();
      else appender.appendTinyInt(c.ipVersion);
      appender.appendVarchar(c.addressClass);
      for (const value of [c.privateRange, c.awsService, c.awsRegion, c.awsPrefix]) {
        if (value === null) appender.appendNull();
        else appender.appendVarchar(value);
      }
      appender.endRow();
    });
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

/** Classifies the numbered addresses of `addresses_pending` into `address_class_ids` and `address_classes`. */
async function classifyPending(
  store: DuckDbStore,
  ranges: AwsPrefixIndex | undefined,
  vpcBlocks: readonly IpPrefix[],
): Promise<void> {
  // Read as DuckDB chunks (2,048 rows each), so millions of addresses never sit in JavaScript at once.
  const pending = await store.connection.run("SELECT n, address FROM addresses_pending");
  await store.run("CREATE OR REPLACE TEMP TABLE address_class_ids (n INTEGER, class_id INTEGER)");
  const classes = new ClassNumbers();
  const appender = await store.connection.createAppender("address_class_ids");
  try {
    for (let i = 0; i < pending.chunkCount; i++) {
      const chunk = pending.getChunk(i);
      const ids = (chunk.getColumnValues(1) as string[]).map((address) =>
        classes.numberOf(classifyAddress(address, ranges, vpcBlocks)),
      );
      const out = DuckDBDataChunk.create([INTEGER, INTEGER], ids.length);
      out.setColumns([chunk.getColumnValues(0), ids]);
      appender.appendDataChunk(out);
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
  await writeClasses(store, classes.list);
}

export interface AddressesRefresh {
  /** Addresses classified by this refresh. */
  readonly classified: number;
  /** Rows in `addresses` afterwards. */
  readonly total: number;
  /** The createDate of the AWS IP ranges used (UTC, ISO 8601), or null when none are loaded. */
  readonly rangesCreateDate: string | null;
}

/**
 * Brings `addresses` up to date with `flows` and the stored AWS IP ranges, in one transaction, after
 * bringing the rollups up to date (they are where the addresses are read).
 */
export async function refreshAddresses(store: DuckDbStore): Promise<AddressesRefresh> {
  await refreshRollups(store);
  await ensureIpRangesTables(store);
  // The empty stand-in of a store without addresses (insights/enrichment-tables.ts) would shadow the table
  // made here: the classes would go to it and be lost when the store closes.
  await store.run("DROP TABLE IF EXISTS temp.addresses");
  await ensureAddressesTable(store);
  return store.transaction(async () => {
    const rangesCreateDate = (await readIpRangesSource(store))?.createDate ?? null;
    const vpcBlocks = await readVpcBlocks(store);
    await store.run(
      `DELETE FROM addresses WHERE ranges_create_date IS DISTINCT FROM ${CURRENT_RANGES}
         OR vpc_blocks_key IS DISTINCT FROM $key`,
      { key: vpcBlocks.key },
    );
    await store.run(
      `CREATE OR REPLACE TEMP TABLE addresses_pending AS
       SELECT (row_number() OVER ())::INTEGER AS n, address FROM (${UNCLASSIFIED_ADDRESSES})`,
    );
    const classified = await store.value<number>("SELECT count(*)::INTEGER FROM addresses_pending");
    if (classified > 0) {
      const prefixes = rangesCreateDate ? await readAwsPrefixes(store) : [];
      const index = prefixes.length > 0 ? AwsPrefixIndex.build(prefixes) : undefined;
      await classifyPending(store, index, vpcBlocks.prefixes);
      await store.run(
        `INSERT INTO addresses
         SELECT p.address, c.* EXCLUDE (class_id), ${CURRENT_RANGES}, $key
         FROM addresses_pending p JOIN address_class_ids USING (n) JOIN address_classes c USING (class_id)`,
        { key: vpcBlocks.key },
      );
    }
    for (const table of ["addresses_pending", "address_class_ids", "address_classes"]) {
      await store.run(`DROP TABLE IF EXISTS ${table}`);
    }
    const total = await store.value<number>("SELECT count(*)::INTEGER FROM addresses");
    return { classified, total, rangesCreateDate };
  });
}
