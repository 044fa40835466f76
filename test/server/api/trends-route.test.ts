/**
 * `GET /api/trends` on a demo whose S3 endpoint is added mid-period: every number per day, the change
 * marked on its day, and the before/after sentence the CLI's `flowlens compare` prints for the same days.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { startApiServer } from "../../helpers/api-server.js";
import { runCliJson } from "../../helpers/run-cli.js";
import { endpointFixDemoStore } from "../../helpers/small-demo.js";
import { sharedTempDir } from "../../helpers/temp-dir.js";

let dir = "";
let db = "";

beforeAll(async () => {
  dir = sharedTempDir("flowlens-trends-");
  db = await endpointFixDemoStore(dir);
}, 180_000);

interface Trends {
  period: { from: string; to: string };
  days: string[];
  series: {
    metric: string;
    natGatewayId?: string;
    values: { day: string; value: number; usd: number | null }[];
  }[];
  changes: { at: string; kind: string; detail: string }[];
  comparison: {
    headline: string | null;
    before: { from: string; to: string };
    after: { from: string; to: string };
  } | null;
}

describe("GET /api/trends", () => {
  it("gives each number per day of the last 30 days with data, and marks the endpoint's route on its day", async () => {
    const server = await startApiServer(db);
    const answer = await server.get("/api/trends?days=30");
    expect(answer.statusCode).toBe(200);
    const trends = answer.json() as Trends;
    expect(trends.period).toEqual({ from: "2026-10-25", to: "2026-11-23" });
    expect(trends.days).toHaveLength(30);
    expect(trends.series.map((s) => s.metric)).toContain("s3_via_nat");
    expect(trends.changes.some((c) => c.at.startsWith("2026-11-21") && /vpce-/.test(c.detail))).toBe(true);
  });

  it("states the before/after around the change exactly as flowlens compare does, and the ground truth's numbers", async () => {
    const server = await startApiServer(db);
    const trends = (await server.get("/api/trends?from=2026-11-18&to=2026-11-23")).json() as Trends;
    await server.stop();
    expect(trends.comparison?.before).toMatchObject({ from: "2026-11-18", to: "2026-11-20" });
    expect(trends.comparison?.after).toMatchObject({ from: "2026-11-21", to: "2026-11-23" });
    const cli = await runCliJson<{ headline: string }>([
      "compare",
      "--db",
      db,
      "--before",
      "2026-11-18..2026-11-20",
      "--after",
      "2026-11-21..2026-11-23",
    ]);
    expect(trends.comparison?.headline).toBe(cli.json.headline);
    const truth = JSON.parse(readFileSync(join(dir, "fix", "ground-truth.json"), "utf8")).s3EndpointAdded;
    const gib = (bytes: number) => (bytes / 2 ** 30).toFixed(1);
    expect(trends.comparison?.headline).toBe(
      `S3 traffic through ${truth.natGatewayId} fell from ${gib(truth.before.s3ViaNatBytesPerDay)} GiB/day ($${((truth.before.s3ViaNatBytesPerDay / 2 ** 30) * 0.045).toFixed(2)}) to ${gib(truth.after.s3ViaNatBytesPerDay)} GiB/day ($0.00) after ${truth.vpcEndpointId} was added to ${truth.routeTableIds[0]} on 2026-11-21.`,
    );
  });

  it("answers 400 naming a days value it does not offer", async () => {
    const server = await startApiServer(db);
    const answer = await server.get("/api/trends?days=45");
    expect(answer.statusCode).toBe(400);
    expect(answer.json().error).toMatch(/^query parameter days/);
  });
});
