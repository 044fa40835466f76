/**
 * The region the estate's prices are read in: the first region of the inventory's ENIs (by name, so the
 * answer does not depend on row order), or us-east-1 when no inventory is loaded.
 */
import type { Store } from "../store/store.js";

export const DEFAULT_REGION = "us-east-1";

export async function estateRegion(store: Store): Promise<string> {
  // Both dialects: ClickHouse answers '' (its String default) where DuckDB answers NULL.
  const region = await store.value<string | null>("SELECT min(region) AS region FROM inventory_enis");
  return region || DEFAULT_REGION;
}
