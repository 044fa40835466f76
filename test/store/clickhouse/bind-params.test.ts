import { describe, expect, it } from "vitest";
import { bindParams } from "../../../src/store/clickhouse/bind-params.js";

describe("SQL parameters on ClickHouse", () => {
  it("named parameters become literals: text quoted, numbers bare, null as NULL", () => {
    expect(
      bindParams("SELECT * FROM flows WHERE day >= $from AND n = $n AND x = $x", {
        from: "2026-11-30",
        n: 3,
        x: null,
      }),
    ).toBe("SELECT * FROM flows WHERE day >= '2026-11-30' AND n = 3 AND x = NULL");
  });

  it("positional parameters are numbered from 1", () => {
    expect(bindParams("SELECT $2, $1", ["a", 2])).toBe("SELECT 2, 'a'");
  });

  it("quotes and backslashes in text cannot end the literal", () => {
    expect(bindParams("SELECT $v", { v: "x' OR 1 = 1 --\\" })).toBe("SELECT 'x\\' OR 1 = 1 --\\\\'");
  });

  it("a $ inside a string literal is not a parameter", () => {
    expect(bindParams("SELECT '$from costs $1', $from", { from: "d" })).toBe("SELECT '$from costs $1', 'd'");
  });

  it("a parameter the SQL names but the call does not give is refused, naming it", () => {
    expect(() => bindParams("SELECT $to", { from: "d" })).toThrow(
      "the SQL names parameter $to, which was not given",
    );
  });
});
