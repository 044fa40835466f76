/**
 * The series price cross-AZ and internet egress in the region the insights do (estate-region.ts), also
 * when the inventory spans several regions: a one-day demo plus one ENI of another account in eu-central-1,
 * whose cross-AZ price is overridden.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importInventory } from "../../src/enrich/inventory/import-inventory.js";
import { BUILT_IN_INSIGHTS } from "../../src/insights/registry.js";
import { loadPrices } from "../../src/pricing/price-table.js";
import { buildReport } from "../../src/report/build-report.js";
import type { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { dailySeries, prepareStoreForSeries } from "../../src/trends/daily-series.js";
import { sharedTempDir } from "../helpers/temp-dir.js";
import { demoStore } from "./demo-store.js";

const DAY = "2026-11-18";
const other = { accountId: "999999999999", region: "eu-central-1" };
const prices = loadPrices({ overrides: { "eu-central-1": { crossAzOut: 0.05, crossAzIn: 0.05 } } });
let store: DuckDbStore;

beforeAll(async () => {
  store = (await demoStore(sharedTempDir(), { startDate: DAY, days: 1, recordsPerDay: 2000 })).store;
  await importInventory(store, {
    source: "other.json",
    scopes: [other],
    azs: [],
    vpcs: [],
    enis: [
      {
        ...other,
        interfaceId: "eni-0other",
        vpcId: "vpc-0other",
        subnetId: "subnet-0other",
        azId: "euc1-az1",
        kind: "instance",
        resourceId: "i-0other",
        description: null,
        privateIps: ["172.31.0.10"],
        ipv6Ips: [],
        publicIp: null,
      },
    ],
    subnets: [],
    routeTables: [],
    natGateways: [],
    vpcEndpoints: [],
    createdAt: new Map(),
  });
  await prepareStoreForSeries(store);
}, 120_000);

afterAll(() => store?.close());

describe("daily series in an estate of several regions", () => {
  it("prices cross-AZ in the region the cross-az insight prices it in", async () => {
    const series = await dailySeries(store, { from: DAY, to: DAY }, { prices });
    const report = await buildReport(store, BUILT_IN_INSIGHTS, { from: DAY, to: DAY }, { prices });
    const crossAz = series.series.find((s) => s.metric === "cross_az");
    const finding = report.insights
      .find((i) => i.id === "cross-az")
      ?.findings.find((f) => "cross_az_bytes" in f.numbers);
    expect(crossAz?.rate).toContain("eu-central-1");
    expect(crossAz?.values[0]?.usd).toBeGreaterThan(0);
    expect(crossAz?.values[0]?.usd).toBeCloseTo(finding?.usd ?? 0, 10);
  });
});
