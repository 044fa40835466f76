import { describe, expect, it } from "vitest";
import { loaderThreads } from "../../src/server/loader-threads.js";

describe("DuckDB threads for serve's loads", () => {
  it("leave one core to the HTTP side when threads is not set", () => {
    expect([loaderThreads(undefined, 2), loaderThreads(undefined, 8)]).toEqual([1, 7]);
  });

  it("are one on a single core", () => {
    expect(loaderThreads(undefined, 1)).toBe(1);
  });

  it("are the configured threads when threads is set", () => {
    expect(loaderThreads(2, 2)).toBe(2);
  });
});
