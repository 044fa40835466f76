/**
 * How a CIDR filter reaches DuckDB: the range is tested on each distinct address, never on each record,
 * which the plan shows (the filter that converts addresses with ipv4_to_int reads the DISTINCT's output).
 */
import { describe, expect, it, onTestFinished } from "vitest";
import { FLOW_DIALECTS } from "../../../src/server/api/flow-dialect.js";
import { filterSql, parseFilters, SqlParams } from "../../../src/server/api/flow-filters.js";
import { DuckDbStore } from "../../../src/store/duckdb/duckdb-store.js";
import { DEMO_DAY, demoStores } from "../../helpers/api-server.js";

interface PlanNode {
  readonly name: string;
  readonly extra_info?: unknown;
  readonly children: readonly PlanNode[];
}

const demoStore = demoStores();
async function planOf(sql: string, params: SqlParams): Promise<PlanNode[]> {
  const store = await DuckDbStore.open(demoStore(), { readOnly: true });
  onTestFinished(() => store.close());
  const rows = await store.rows<{ explain_value: string }>(`EXPLAIN (FORMAT JSON) ${sql}`, params.values);
  return JSON.parse(rows[0]?.explain_value ?? "[]") as PlanNode[];
}

/** Each node that splits addresses into octets (ipv4_to_int), with whether a DISTINCT feeds it. */
function addressConversions(nodes: readonly PlanNode[]): { name: string; afterDistinct: boolean }[] {
  const hasGroupBy = (node: PlanNode): boolean =>
    node.name.includes("GROUP_BY") || node.children.some(hasGroupBy);
  return nodes.flatMap((node) => [
    ...(JSON.stringify(node.extra_info ?? "").includes("string_split")
      ? [{ name: node.name, afterDistinct: node.children.some(hasGroupBy) }]
      : []),
    ...addressConversions(node.children),
  ]);
}

describe("a CIDR filter", () => {
  it("converts each distinct address to an integer, not each record", async () => {
    const [filter] = parseFilters({ addr: "10.0.0.0/16" });
    const params = new SqlParams();
    params.values.from = DEMO_DAY;
    params.values.to = DEMO_DAY;
    const where = filterSql(filter as NonNullable<typeof filter>, "flows", params, FLOW_DIALECTS.duckdb);
    const conversions = addressConversions(
      await planOf(`SELECT count(*) FROM flows f WHERE ${where}`, params),
    );
    expect(conversions.length).toBeGreaterThan(0);
    expect(conversions.filter((c) => !c.afterDistinct)).toEqual([]);
  });
});
