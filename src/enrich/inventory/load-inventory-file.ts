/** `flowlens inventory import FILE`: read, validate and import an inventory file. */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { FlowlensError } from "../../errors.js";
import type { DuckDbStore } from "../../store/duckdb/duckdb-store.js";
import { importInventory } from "./import-inventory.js";
import { parseInventoryFile } from "./inventory-file.js";
import { inventoryFromFile } from "./inventory-from-file.js";
import type { InventoryCountsRow } from "./inventory-summary.js";

/**
 * @returns the rows the store now holds for each (account, region) pair the file describes
 * @throws FlowlensError FLOWLENS_SOURCE_NOT_FOUND when the file cannot be read,
 *   FLOWLENS_INVENTORY_INVALID when it is not a valid inventory
 */
export async function importInventoryFile(store: DuckDbStore, path: string): Promise<InventoryCountsRow[]> {
  const absolute = resolve(path);
  let text: string;
  try {
    text = await readFile(absolute, "utf8");
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
    throw new FlowlensError(
      "FLOWLENS_SOURCE_NOT_FOUND",
      missing
        ? `inventory file ${path} does not exist`
        : `cannot read inventory file ${path}: ${(error as Error).message}`,
      { hint: missing ? "check the path" : "check that the file is readable", cause: error },
    );
  }
  const file = parseInventoryFile(text, path);
  return importInventory(store, inventoryFromFile(file, absolute));
}
