import { describe, expect, it } from "vitest";
import { bindParams } from "../../../src/store/clickhouse/bind-params.js";

describe("binding parameters around SQL comments", () => {
  it("a parameter after a comment with an apostrophe is bound", () => {
    const sql = "-- DuckDB's time_bucket\nSELECT $n AS n, 'x' AS y";
    expect(bindParams(sql, { n: 2 })).toBe("-- DuckDB's time_bucket\nSELECT 2 AS n, 'x' AS y");
  });

  it("a parameter named inside a comment is left alone", () => {
    const sql = "/* $missing */ SELECT $n -- and $other\n";
    expect(bindParams(sql, { n: 1 })).toBe("/* $missing */ SELECT 1 -- and $other\n");
  });
});
