import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BUILT_IN_INSIGHTS } from "../../src/insights/registry.js";
import { runInsights } from "../../src/insights/run-insights.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { tempDir } from "../helpers/temp-dir.js";

describe("the insight registry", () => {
  it("ids are unique kebab-case names", () => {
    const ids = BUILT_IN_INSIGHTS.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][a-z0-9-]*$/);
  });

  for (const insight of BUILT_IN_INSIGHTS) {
    it(`${insight.id}: its parameters all have defaults`, () => {
      expect(() => insight.params.parse({})).not.toThrow();
    });

    it(`${insight.id}: runs on an empty store without error`, async () => {
      const store = await DuckDbStore.open(join(tempDir(), "s.duckdb"));
      try {
        const [result] = await runInsights(store, [insight], { from: "2026-11-20", to: "2026-11-20" });
        expect(result?.error).toBeUndefined();
      } finally {
        store.close();
      }
    });
  }
});
