/**
 * What does not run on a ClickHouse store yet says so, before it reaches the server: the sentence names
 * the store (without a password) and the hint lists what runs there.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";

const STORE = "clickhouse://default@127.0.0.1:1/flowlens";

describe("commands that do not run on ClickHouse yet", () => {
  for (const args of [
    ["compare", "--before", "2026-11-01..2026-11-07", "--after", "2026-11-08..2026-11-14"],
  ]) {
    it(`${args.slice(0, 2).join(" ")} on a ClickHouse store is refused naming the store and what runs there`, async () => {
      const result = await runCli([...args, "--store", STORE]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`this command does not run on the clickhouse store ${STORE} yet`);
      expect(result.stderr).toContain("on ClickHouse run ingest, query, stats, store, report, daily");
      expect(result.stderr).toContain("ip-ranges update|show and alerts");
      expect(result.stderr).toMatch(/on ClickHouse run [^\n]*\bdemo\b/);
    });
  }

  it("query --allow-local-files on a ClickHouse store is a usage error: there queries read only its tables", async () => {
    const result = await runCli(["query", "--allow-local-files", "--store", STORE, "SELECT 1"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `--allow-local-files reads files on this machine with DuckDB, and the store is the ClickHouse store ${STORE}`,
    );
  });
});
