/**
 * The inventory's tables, defined once. INVENTORY_TABLES gives each table's columns (camelCase here,
 * snake_case in SQL) and the key that names one row; the DDL, the importer's column order and the
 * TypeScript row types are all derived from it, so a new column is added in one place.
 *
 * Every row carries `account_id` and `region`: the account that owns the resource (for subnets and VPCs
 * shared through RAM, the owner, not the participant) and the region it lives in.
 */
import type { DuckDbStore } from "../../store/duckdb/duckdb-store.js";

/** The SQL types inventory columns use. */
export type ColumnType = "VARCHAR NOT NULL" | "VARCHAR" | "VARCHAR[]" | "BOOLEAN" | "TIMESTAMP";

export interface TableSpec {
  readonly table: string;
  /** The columns that name one row (a resource ID, or account, region and zone for AZs). */
  readonly key: readonly string[];
  readonly columns: Readonly<Record<string, ColumnType>>;
}

const OWNER = { accountId: "VARCHAR NOT NULL", region: "VARCHAR NOT NULL" } as const;

export const INVENTORY_TABLES = {
  azs: {
    table: "inventory_azs",
    key: ["accountId", "region", "zoneName"],
    columns: { ...OWNER, zoneName: "VARCHAR NOT NULL", zoneId: "VARCHAR NOT NULL" },
  },
  vpcs: {
    table: "inventory_vpcs",
    key: ["vpcId"],
    columns: { vpcId: "VARCHAR NOT NULL", ...OWNER, cidrBlocks: "VARCHAR[]" },
  },
  subnets: {
    table: "inventory_subnets",
    key: ["subnetId"],
    columns: {
      subnetId: "VARCHAR NOT NULL",
      vpcId: "VARCHAR NOT NULL",
      ...OWNER,
      cidr: "VARCHAR",
      ipv6Cidr: "VARCHAR",
      azName: "VARCHAR",
      azId: "VARCHAR",
      isPublic: "BOOLEAN",
      routeTableId: "VARCHAR",
    },
  },
  routeTables: {
    table: "inventory_route_tables",
    key: ["routeTableId"],
    columns: {
      routeTableId: "VARCHAR NOT NULL",
      vpcId: "VARCHAR NOT NULL",
      ...OWNER,
      gatewayEndpointIds: "VARCHAR[]",
      natGatewayIds: "VARCHAR[]",
      hasInternetGateway: "BOOLEAN",
    },
  },
  enis: {
    table: "inventory_enis",
    key: ["interfaceId"],
    columns: {
      interfaceId: "VARCHAR NOT NULL",
      ...OWNER,
      vpcId: "VARCHAR",
      subnetId: "VARCHAR",
      azId: "VARCHAR",
      kind: "VARCHAR NOT NULL",
      resourceId: "VARCHAR",
      description: "VARCHAR",
      privateIps: "VARCHAR[]",
      ipv6Ips: "VARCHAR[]",
      publicIp: "VARCHAR",
    },
  },
  natGateways: {
    table: "inventory_nat_gateways",
    key: ["natGatewayId"],
    columns: {
      natGatewayId: "VARCHAR NOT NULL",
      ...OWNER,
      vpcId: "VARCHAR",
      subnetId: "VARCHAR",
      azId: "VARCHAR",
      interfaceId: "VARCHAR",
      privateIp: "VARCHAR",
      publicIp: "VARCHAR",
    },
  },
  vpcEndpoints: {
    table: "inventory_vpc_endpoints",
    key: ["vpcEndpointId"],
    columns: {
      vpcEndpointId: "VARCHAR NOT NULL",
      ...OWNER,
      vpcId: "VARCHAR",
      endpointType: "VARCHAR",
      serviceName: "VARCHAR",
      routeTableIds: "VARCHAR[]",
      subnetIds: "VARCHAR[]",
      interfaceIds: "VARCHAR[]",
    },
  },
} as const satisfies Record<string, TableSpec>;

/** Where each (account, region) pair's rows came from: a file path or `ec2-api`, and when (UTC). */
export const INVENTORY_SOURCES = {
  table: "inventory_sources",
  key: ["accountId", "region"],
  columns: { ...OWNER, source: "VARCHAR NOT NULL", importedAt: "TIMESTAMP" },
} as const satisfies TableSpec;

export type InventoryTableName = keyof typeof INVENTORY_TABLES;
export const INVENTORY_TABLE_NAMES = Object.keys(INVENTORY_TABLES) as InventoryTableName[];

type ValueOf<T extends ColumnType> = T extends "VARCHAR NOT NULL"
  ? string
  : T extends "VARCHAR"
    ? string | null
    : T extends "VARCHAR[]"
      ? readonly string[]
      : T extends "BOOLEAN"
        ? boolean | null
        : string;

type RowOfColumns<C extends Readonly<Record<string, ColumnType>>> = {
  readonly [K in keyof C]: ValueOf<C[K]>;
};

/** One row of an inventory table, with camelCase keys. */
export type InventoryRow<N extends InventoryTableName> = RowOfColumns<
  (typeof INVENTORY_TABLES)[N]["columns"]
>;

/** `routeTableId` → `route_table_id`, `ipv6Ips` → `ipv6_ips`. */
export function columnName(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

export function tableDdl(spec: TableSpec): string {
  const columns = Object.entries(spec.columns).map(([key, type]) => `${columnName(key)} ${type}`);
  return `CREATE TABLE IF NOT EXISTS ${spec.table} (${columns.join(", ")})`;
}

/** Creates the inventory tables when missing (the store's own schema does not include them). */
export async function ensureInventoryTables(store: DuckDbStore): Promise<void> {
  for (const spec of [...Object.values(INVENTORY_TABLES), INVENTORY_SOURCES]) {
    await store.run(tableDdl(spec));
  }
}

/** True when the store holds the inventory tables (a read-only store cannot create them). */
export async function hasInventoryTables(store: DuckDbStore): Promise<boolean> {
  const found = await store.value<number>("SELECT count(*) FROM duckdb_tables() WHERE table_name = $table", {
    table: INVENTORY_SOURCES.table,
  });
  return found > 0;
}
