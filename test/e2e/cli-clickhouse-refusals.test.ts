/**
 * What a ClickHouse store cannot mean is refused before it reaches the server, naming the store (without a
 * password).
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";

const STORE = "clickhouse://default@127.0.0.1:1/flowlens";

describe("refusals on a ClickHouse store", () => {
  it("query --allow-local-files on a ClickHouse store is a usage error: there queries read only its tables", async () => {
    const result = await runCli(["query", "--allow-local-files", "--store", STORE, "SELECT 1"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `--allow-local-files reads files on this machine with DuckDB, and the store is the ClickHouse store ${STORE}`,
    );
  });
});
