/**
 * `s3EndpointAddedOn`: a demo whose S3 gateway endpoint reaches the last private route table mid-period.
 * Before the day the ETL tasks' S3 traffic goes through the NAT gateway, from it through the endpoint;
 * the inventory dates the new route and the ground truth states S3 through NAT before and after.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { generateDemo } from "../../../src/sources/demo/generate-demo.js";
import { sharedTempDir } from "../../helpers/temp-dir.js";

interface Day {
  date: string;
  s3ViaNatBytes: number;
  s3ViaGatewayEndpointBytes: number;
}
interface Truth {
  options: Record<string, unknown>;
  days: Day[];
  s3EndpointAdded: {
    date: string;
    vpcEndpointId: string;
    routeTableIds: string[];
    subnetIds: string[];
    natGatewayId: string;
    before: { from: string; to: string; days: number; s3ViaNatBytes: number; s3ViaNatBytesPerDay: number };
    after: { from: string; to: string; days: number; s3ViaNatBytes: number; s3ViaNatBytesPerDay: number };
  };
}
interface InventoryJson {
  subnets: { id: string; name: string; routeTable: string }[];
  routeTables: { id: string; routes: { target: string; createdAt?: string }[] }[];
  vpcEndpoints: { id: string; service: string; routeTables?: string[] }[];
}

let truth: Truth;
let defaultTruth: Truth;
let inventory: InventoryJson;

beforeAll(async () => {
  const dir = sharedTempDir();
  const options = { startDate: "2026-11-18", days: 3, recordsPerDay: 3000, textOnly: true };
  await generateDemo({ ...options, outDir: join(dir, "fixed"), s3EndpointAddedOn: "2026-11-19" });
  await generateDemo({ ...options, outDir: join(dir, "default") });
  truth = JSON.parse(readFileSync(join(dir, "fixed", "ground-truth.json"), "utf8"));
  defaultTruth = JSON.parse(readFileSync(join(dir, "default", "ground-truth.json"), "utf8"));
  inventory = JSON.parse(readFileSync(join(dir, "fixed", "inventory.json"), "utf8"));
}, 60_000);

const day = (date: string) => truth.days.find((d) => d.date === date) as Day;

describe("a demo whose S3 endpoint is added mid-period", () => {
  it("sends S3 traffic through the NAT gateway before the day and none from it", () => {
    expect(day("2026-11-18").s3ViaNatBytes).toBeGreaterThan(0);
    expect(day("2026-11-19").s3ViaNatBytes).toBe(0);
    expect(day("2026-11-20").s3ViaNatBytes).toBe(0);
  });

  it("carries that S3 traffic through the endpoint from the day", () => {
    const defaultDay = defaultTruth.days.find((d) => d.date === "2026-11-19") as Day;
    expect(day("2026-11-19").s3ViaGatewayEndpointBytes).toBeGreaterThan(defaultDay.s3ViaGatewayEndpointBytes);
  });

  it("generates the days before the change exactly as the default demo does", () => {
    expect(truth.days.filter((d) => d.date < "2026-11-19")).toEqual(
      defaultTruth.days.filter((d) => d.date < "2026-11-19"),
    );
  });

  it("dates the new route in the inventory and lists the endpoint on every private route table", () => {
    const az4 = inventory.subnets.find((s) => s.name === "private-az4");
    const table = inventory.routeTables.find((t) => t.id === az4?.routeTable);
    const s3 = inventory.vpcEndpoints.find((e) => e.service === "com.amazonaws.us-east-1.s3");
    expect(table?.routes.find((r) => r.target === s3?.id)?.createdAt).toBe("2026-11-19T00:00:00Z");
    const privateTables = inventory.subnets
      .filter((s) => s.name.startsWith("private-"))
      .map((s) => s.routeTable);
    expect(s3?.routeTables).toEqual(privateTables);
  });

  it("states the change and S3 through the NAT gateway per day before and after it", () => {
    const az4 = inventory.subnets.find((s) => s.name === "private-az4");
    const change = truth.s3EndpointAdded;
    expect(change).toMatchObject({
      date: "2026-11-19",
      routeTableIds: [az4?.routeTable],
      subnetIds: [az4?.id],
      before: {
        from: "2026-11-18",
        to: "2026-11-18",
        days: 1,
        s3ViaNatBytes: day("2026-11-18").s3ViaNatBytes,
      },
      after: { from: "2026-11-19", to: "2026-11-20", days: 2, s3ViaNatBytes: 0, s3ViaNatBytesPerDay: 0 },
    });
    expect(change.before.s3ViaNatBytesPerDay).toBe(day("2026-11-18").s3ViaNatBytes);
    expect(truth.options.s3EndpointAddedOn).toBe("2026-11-19");
  });

  it("leaves the default demo's ground truth without the section", () => {
    expect(defaultTruth).not.toHaveProperty("s3EndpointAdded");
    expect(defaultTruth.options).not.toHaveProperty("s3EndpointAddedOn");
  });

  it("refuses a day that is not after the first day", async () => {
    await expect(
      generateDemo({ outDir: "unused", startDate: "2026-11-18", days: 3, s3EndpointAddedOn: "2026-11-18" }),
    ).rejects.toThrow(
      'demo option s3EndpointAddedOn is "2026-11-18": expected a day after 2026-11-18 and no later than 2026-11-20',
    );
  });
});
