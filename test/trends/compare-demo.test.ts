/**
 * Before and after on a six-day demo whose S3 endpoint reaches the ETL subnet's route table on day four:
 * the comparison's numbers are the ground truth's, and its headline names the change, word for word.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { compareInStore } from "../../src/trends/compare-in-store.js";
import type { Comparison } from "../../src/trends/compare-periods.js";
import { prepareStoreForSeries } from "../../src/trends/daily-series.js";
import { sharedTempDir } from "../helpers/temp-dir.js";
import { demoStore } from "./demo-store.js";

/** us-east-1's list price of NAT gateway data processing, per GB (2^30 bytes). */
const NAT_USD_PER_GB = 0.045;
const GB = 2 ** 30;

interface Side {
  from: string;
  to: string;
  days: number;
  s3ViaNatBytesPerDay: number;
}
interface Change {
  date: string;
  vpcEndpointId: string;
  routeTableIds: string[];
  natGatewayId: string;
  before: Side;
  after: Side;
}

let store: DuckDbStore;
let change: Change;
let comparison: Comparison;

beforeAll(async () => {
  const demo = await demoStore(sharedTempDir(), {
    startDate: "2026-11-18",
    days: 6,
    recordsPerDay: 4000,
    s3EndpointAddedOn: "2026-11-21",
  });
  store = demo.store;
  change = demo.truth.s3EndpointAdded as unknown as Change;
  await prepareStoreForSeries(store);
  comparison = await compareInStore(
    store,
    { from: "2026-11-18", to: "2026-11-20" },
    { from: "2026-11-21", to: "2026-11-23" },
  );
}, 120_000);

afterAll(() => store?.close());

const s3ViaNat = () =>
  comparison.numbers.find((n) => n.metric === "s3_via_nat" && n.natGatewayId === change.natGatewayId);

describe("flowlens compare on a demo whose S3 endpoint is added mid-period", () => {
  it("finds S3 through the NAT gateway per day as the ground truth states it, before and after", () => {
    expect(s3ViaNat()?.before.perDay).toBeCloseTo(change.before.s3ViaNatBytesPerDay, 6);
    expect(s3ViaNat()?.after.perDay).toBe(0);
    expect(s3ViaNat()?.before.usdPerDay).toBeCloseTo(
      (change.before.s3ViaNatBytesPerDay / GB) * NAT_USD_PER_GB,
      10,
    );
  });

  it("explains the fall with the endpoint's new route, dated by the inventory", () => {
    expect(s3ViaNat()?.explainedBy.map((c) => [c.resourceId, c.target, c.at])).toEqual([
      [change.routeTableIds[0], change.vpcEndpointId, "2026-11-21T00:00:00.000Z"],
    ]);
  });

  it("says so in its headline, word for word", () => {
    const perDay = change.before.s3ViaNatBytesPerDay;
    const usd = ((perDay / GB) * NAT_USD_PER_GB).toFixed(2);
    expect(comparison.headline).toBe(
      `S3 traffic through ${change.natGatewayId} fell from ${(perDay / GB).toFixed(1)} GiB/day ($${usd}) to 0.0 GiB/day ($0.00) after ${change.vpcEndpointId} was added to ${change.routeTableIds[0]} on 2026-11-21.`,
    );
  });

  it("counts the days with data of each period", () => {
    expect(comparison.before).toEqual({ from: "2026-11-18", to: "2026-11-20", dataDays: 3 });
    expect(comparison.after).toEqual({ from: "2026-11-21", to: "2026-11-23", dataDays: 3 });
  });

  it("lists the inventory change between the periods", () => {
    expect(comparison.changes.map((c) => c.detail)).toEqual([
      `route table ${change.routeTableIds[0]} now routes to ${change.vpcEndpointId} (com.amazonaws.us-east-1.s3)`,
    ]);
  });

  it("leaves numbers no inventory change explains without an explanation", () => {
    const probes = comparison.numbers.find((n) => n.metric === "admin_probes");
    expect(probes?.explainedBy).toEqual([]);
    expect(probes?.sentence).toMatch(/^Admin-port probes from the internet (rose|fell|stayed)/);
    expect(probes?.sentence).not.toContain(" after ");
  });

  it("refuses an after period that begins before the before period ends", async () => {
    await expect(
      compareInStore(
        store,
        { from: "2026-11-18", to: "2026-11-21" },
        { from: "2026-11-21", to: "2026-11-23" },
      ),
    ).rejects.toThrow(
      "--after 2026-11-21..2026-11-23 begins before --before 2026-11-18..2026-11-21 ends: expected the after period to begin on 2026-11-22 or later",
    );
  });
});
