/**
 * The inventory model: what flowlens knows about one or more (account, region) pairs at one moment, as
 * rows of the inventory tables. Both an inventory file and an EC2 sync become a snapshot, and importing a
 * snapshot is the one way rows get into the store.
 */
import type { InventoryRow, InventoryTableName } from "./inventory-tables.js";

/** One account in one region. */
export interface InventoryScope {
  readonly accountId: string;
  readonly region: string;
}

export type InventoryRows = { readonly [N in InventoryTableName]: readonly InventoryRow<N>[] };

export interface InventorySnapshot extends InventoryRows {
  /** Where the rows came from: the file's path, or `ec2-api`. */
  readonly source: string;
  /**
   * The pairs this snapshot describes completely: importing replaces all their rows. Rows owned by an
   * account outside the scopes (a subnet shared with the synced account, say) are added only when the
   * store holds no row for that resource yet; the owner's own import stays the authority on them.
   */
  readonly scopes: readonly InventoryScope[];
  /**
   * When things came to be, where the source says: a NAT gateway's or VPC endpoint's creation by its ID
   * (EC2's CreateTime and CreationTimestamp, a file's `createdAt`), a route's by `routeKey(table, target)`
   * (a file's `routes[].createdAt`); ISO 8601 UTC. Used to date the changes an import records.
   * @default none known
   */
  readonly createdAt?: ReadonlyMap<string, string>;
}

export function scopeKey(scope: InventoryScope): string {
  return `${scope.accountId} ${scope.region}`;
}
