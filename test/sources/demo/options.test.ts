import { describe, expect, it } from "vitest";
import { generateDemo } from "../../../src/sources/demo/generate-demo.js";

describe("demo options", () => {
  it("rejects a start date not written YYYY-MM-DD", async () => {
    await expect(generateDemo({ outDir: "unused", startDate: "2026-3-1" })).rejects.toMatchObject({
      code: "FLOWLENS_CONFIG_INVALID",
      message: 'demo option startDate is "2026-3-1": expected a date written YYYY-MM-DD',
    });
  });

  it("rejects a start date that does not exist", async () => {
    await expect(generateDemo({ outDir: "unused", startDate: "2026-02-30" })).rejects.toThrow(
      'demo option startDate is "2026-02-30": expected a date written YYYY-MM-DD',
    );
  });

  it("rejects a number of days below one", async () => {
    await expect(generateDemo({ outDir: "unused", startDate: "2026-03-01", days: 0 })).rejects.toThrow(
      "demo option days is 0: expected a whole number of at least 1",
    );
  });

  it("rejects a fractional number of records per day", async () => {
    await expect(
      generateDemo({ outDir: "unused", startDate: "2026-03-01", recordsPerDay: 2.5 }),
    ).rejects.toThrow("demo option recordsPerDay is 2.5: expected a whole number of at least 1");
  });

  it("rejects a seed outside 32 bits", async () => {
    await expect(generateDemo({ outDir: "unused", startDate: "2026-03-01", seed: 2 ** 32 })).rejects.toThrow(
      "demo option seed is 4294967296: expected a whole number from 0 to 4294967295",
    );
  });
});
