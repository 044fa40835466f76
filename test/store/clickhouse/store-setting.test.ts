import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config/config.js";
import { backendOf, clickHousePassword, storeSettingProblem } from "../../../src/store/backends.js";
import { parseClickHouseUrl, redactStoreUrl } from "../../../src/store/clickhouse/clickhouse-url.js";
import { thrown } from "../../config/thrown.js";

describe("the store setting", () => {
  it("a ClickHouse URL gives the endpoint, user, database and cluster", () => {
    expect(parseClickHouseUrl("clickhouse://flowlens@ch1.internal:8123/flows?cluster=prod")).toEqual({
      endpoint: "http://ch1.internal:8123",
      user: "flowlens",
      database: "flows",
      cluster: "prod",
      shown: "clickhouse://flowlens@ch1.internal:8123/flows?cluster=prod",
    });
  });

  it("a ClickHouse URL without user, port or database means default, 8123 and default", () => {
    expect(parseClickHouseUrl("clickhouse://ch1")).toMatchObject({
      endpoint: "http://ch1:8123",
      user: "default",
      database: "default",
    });
  });

  it("clickhouses:// means HTTPS on 8443", () => {
    expect(parseClickHouseUrl("clickhouses://u@ch1/db")).toMatchObject({ endpoint: "https://ch1:8443" });
  });

  it("a URL with a password is refused, and the sentence shows it redacted", () => {
    const problem = storeSettingProblem("clickhouse://flowlens:s3cr3t-pw@ch1:8123/flows");
    expect(problem).toBe(
      'a password in the store URL is refused ("clickhouse://flowlens:[redacted]@ch1:8123/flows"): set FLOWLENS_CLICKHOUSE_PASSWORD, or name a Secrets Manager secret with ?secret=ID',
    );
  });

  it("redaction leaves a URL without a password as it is", () => {
    expect(redactStoreUrl("clickhouse://u@h:1/d")).toBe("clickhouse://u@h:1/d");
    expect(redactStoreUrl("clickhouse://u:p@h:1/d")).toBe("clickhouse://u:[redacted]@h:1/d");
  });

  it("an unknown URL parameter is refused, naming the ones there are", () => {
    expect(storeSettingProblem("clickhouse://h/db?shards=2")).toBe(
      'unknown parameter "shards" in "clickhouse://h/db?shards=2": expected cluster or secret',
    );
  });

  it("a database that is not a plain name is refused", () => {
    expect(storeSettingProblem("clickhouse://h/my-db")).toBe(
      'the database "my-db" in "clickhouse://h/my-db" is not a plain name (letters, digits, _)',
    );
  });

  it("a setting of no known backend is refused, listing the forms", () => {
    expect(storeSettingProblem("postgres://u:pw@h/db")).toBe(
      'expected clickhouse://user@host:8123/database?cluster=NAME, got "postgres://u:[redacted]@h/db" (the DuckDB file is set with --db FILE)',
    );
  });

  it("FLOWLENS_STORE is validated like --store, naming the variable and never the password", () => {
    const error = thrown(() => loadConfig({ env: { FLOWLENS_STORE: "clickhouse://u:topsecret@h/db" } }));
    expect(error.code).toBe("FLOWLENS_CONFIG_INVALID");
    expect(error.message).toContain("FLOWLENS_STORE: a password in the store URL is refused");
    expect(error.message).not.toContain("topsecret");
  });

  it("--store picks ClickHouse; without it the DuckDB file is the store", () => {
    expect(backendOf(loadConfig({ env: {}, flags: { store: "clickhouse://h/db" } }))).toBe("clickhouse");
    expect(backendOf(loadConfig({ env: {} }))).toBe("duckdb");
  });

  it("the password comes from FLOWLENS_CLICKHOUSE_PASSWORD", async () => {
    const password = await clickHousePassword(
      { store: "clickhouse://h/db" },
      { FLOWLENS_CLICKHOUSE_PASSWORD: "from-env" },
    );
    expect(password).toBe("from-env");
  });

  it("without a password variable or secret the password is empty", async () => {
    expect(await clickHousePassword({ store: "clickhouse://h/db" }, {})).toBe("");
  });
});
