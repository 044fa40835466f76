/**
 * `flowlens inventory sync`: describes each region through the EC2 API as the calling account and imports
 * what it finds (source `ec2-api`). Every region is described before anything is written, so a missing
 * permission fails the sync without changing the store. Each region is then its own import: the calling
 * account's rows there are replaced, and other accounts' rows stay.
 */
import type { DuckDbStore } from "../../store/duckdb/duckdb-store.js";
import { describeRegion } from "./describe-region.js";
import { configuredRegion, createEc2Client, type Ec2ClientOptions } from "./ec2-client.js";
import { importInventory } from "./import-inventory.js";
import { callerAccount, inventoryFromEc2 } from "./inventory-from-ec2.js";
import type { InventorySnapshot } from "./inventory-snapshot.js";
import type { InventoryCountsRow } from "./inventory-summary.js";

export interface SyncOptions extends Omit<Ec2ClientOptions, "region"> {
  /** Regions to describe. @default the SDK's configured region (AWS_REGION, then the profile's) */
  readonly regions?: readonly string[];
}

export interface RegionSync {
  readonly region: string;
  /** The calling account, or null when the region showed no resource that names it. */
  readonly accountId: string | null;
  /** The rows the store now holds per (account, region) pair the region's snapshot touched. */
  readonly counts: InventoryCountsRow[];
}

/**
 * @example await syncInventory(store, { regions: ["us-east-1", "eu-west-1"], profile: "audit" })
 * @throws FlowlensError FLOWLENS_EC2_FAILED naming the call and region that failed,
 *   FLOWLENS_USAGE when no region is given or configured
 */
export async function syncInventory(store: DuckDbStore, options: SyncOptions = {}): Promise<RegionSync[]> {
  const { regions: given, ...clientOptions } = options;
  const regions = given && given.length > 0 ? [...new Set(given)] : [await configuredRegion(clientOptions)];
  const described: { region: string; snapshot: InventorySnapshot | undefined }[] = [];
  for (const region of regions) {
    const client = createEc2Client({ ...clientOptions, region });
    try {
      const estate = await describeRegion(client, region);
      const accountId = callerAccount(estate);
      described.push({
        region,
        snapshot: accountId === undefined ? undefined : inventoryFromEc2(estate, region, accountId),
      });
    } finally {
      client.destroy();
    }
  }
  const results: RegionSync[] = [];
  for (const { region, snapshot } of described) {
    results.push({
      region,
      accountId: snapshot?.scopes[0]?.accountId ?? null,
      counts: snapshot ? await importInventory(store, snapshot) : [],
    });
  }
  return results;
}
