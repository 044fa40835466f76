/**
 * Splits the objects to load into chunks of bounded size: each chunk is fetched, sniffed and loaded
 * together, so a chunk is the unit of parallel reading, of progress and of what a crash can lose.
 */
import type { PlannedObject } from "../store/duckdb/ledger.js";

export function chunkObjects(
  objects: readonly PlannedObject[],
  maxBytes: number,
  maxObjects: number,
): PlannedObject[][] {
  const chunks: PlannedObject[][] = [];
  let current: PlannedObject[] = [];
  let bytes = 0;
  for (const planned of objects) {
    if (current.length > 0 && (bytes + planned.object.size > maxBytes || current.length >= maxObjects)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(planned);
    bytes += planned.object.size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
