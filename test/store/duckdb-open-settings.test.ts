/**
 * The settings a DuckDB store opens with, read back from DuckDB itself: the memory ceiling it is given,
 * the insertion order dropped (large inserts stream), and the allocator returning freed memory as it goes
 * (a 30 M-record ingest otherwise grew chunk by chunk past 1 GiB: BENCHMARKS.md).
 */
import { describe, expect, it } from "vitest";
import { withStoreIn } from "../helpers/store-in-dir.js";
import { tempDir } from "../helpers/temp-dir.js";

describe("a DuckDB store, once open", () => {
  it("runs with the memory limit, no insertion order and the allocator's background thread", async () => {
    await withStoreIn(tempDir(), async (store) => {
      const setting = (name: string) => store.value<string>(`SELECT current_setting('${name}')::VARCHAR`);
      expect(await setting("memory_limit")).toBe("572.2 MiB");
      expect(await setting("preserve_insertion_order")).toBe("false");
      expect(await setting("allocator_background_threads")).toBe("true");
    });
  });
});
