/**
 * The dashboard's API on a ClickHouse store answers what it answers on DuckDB for the demo: the same day
 * ingested by the built CLI into a DuckDB file and a ClickHouse server (with the demo's inventory and the
 * AWS IP ranges snapshot), one `flowlens serve` in this process on each, the JSON of each route compared.
 */
import { join } from "node:path";
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateSettings } from "../../../src/config/config.js";
import { type RunningServer, startServer } from "../../../src/server/start-server.js";
import { SNAPSHOT_PATH } from "../../enrich/aws-ip-ranges-snapshot.js";
import {
  type ClickHouseServer,
  clickHouseAvailable,
  startClickHouse,
} from "../../helpers/clickhouse-server.js";
import { dayFolders } from "../../helpers/day-folders.js";
import { ACCESS_KEY } from "../../helpers/firehose-payloads.js";
import { runCli } from "../../helpers/run-cli.js";
import { sharedTempDir } from "../../helpers/temp-dir.js";

const DAY = "2026-11-30";

interface Insight {
  id: string;
  findings: unknown;
  table: unknown;
  notes: unknown;
  error?: string;
}

describe.skipIf(!clickHouseAvailable)("the dashboard's API on every backend", () => {
  let clickhouse: ClickHouseServer;
  const servers = new Map<"duckdb" | "clickhouse", RunningServer>();
  const get = (backend: "duckdb" | "clickhouse", url: string) =>
    (servers.get(backend) as RunningServer).app.inject({ method: "GET", url });
  const both = async (url: string): Promise<[LightMyRequestResponse, LightMyRequestResponse]> => [
    await get("duckdb", url),
    await get("clickhouse", url),
  ];

  beforeAll(async () => {
    const dir = sharedTempDir();
    clickhouse = await startClickHouse();
    const store = `clickhouse://default@127.0.0.1:${clickhouse.httpPort}/dashboard`;
    const db = join(dir, "demo.duckdb");
    const demo = join(dir, "demo");
    const ok = async (args: readonly string[]) => {
      const result = await runCli(args, { env: { FLOWLENS_CACHE_DIR: join(dir, "cache") } });
      expect(result.code, `${args.join(" ")}: ${result.stderr}`).toBe(0);
    };
    await ok([
      "demo",
      "--date",
      DAY,
      "--records-per-day",
      "3000",
      "--out-dir",
      demo,
      "--db",
      db,
      "--no-progress",
    ]);
    await ok(["ip-ranges", "update", "--file", SNAPSHOT_PATH, "--db", db]);
    await ok(["store", "init", "--store", store]);
    for (const folder of dayFolders(join(demo, "AWSLogs")))
      await ok(["ingest", folder, "--store", store, "--no-progress"]);
    await ok(["inventory", "import", join(demo, "inventory.json"), "--store", store]);
    await ok(["ip-ranges", "update", "--file", SNAPSHOT_PATH, "--store", store]);
    for (const [backend, settings] of [
      ["duckdb", { db }],
      ["clickhouse", { db: join(dir, "unused.duckdb"), store }],
    ] as const) {
      const { config, problems } = validateSettings({
        ...settings,
        serve: {
          port: 0,
          accessKey: ACCESS_KEY,
          loadEveryMs: 60_000,
          spoolDir: join(dir, `spool-${backend}`),
        },
      });
      if (!config) throw new Error(problems.map((p) => p.message).join("; "));
      servers.set(backend, await startServer({ config }));
    }
  }, 300_000);
  afterAll(async () => {
    for (const server of servers.values()) await server.stop();
    await clickhouse?.stop();
  });

  it("GET /api/days answers the same days, counts and gaps on ClickHouse as on DuckDB", async () => {
    const [duck, click] = await both("/api/days");
    expect([duck.statusCode, click.statusCode]).toEqual([200, 200]);
    expect(duck.json().days.length).toBeGreaterThan(0);
    expect(click.json()).toEqual(duck.json());
  });

  it("GET /api/report answers every insight's findings, table and notes on ClickHouse as on DuckDB", async () => {
    const [duck, click] = await both(`/api/report?from=${DAY}`);
    expect([duck.statusCode, click.statusCode]).toEqual([200, 200]);
    const answers = (r: LightMyRequestResponse) =>
      (r.json().report.insights as Insight[]).map(({ id, findings, table, notes, error }) => ({
        id,
        findings,
        table,
        notes,
        error,
      }));
    expect(answers(duck).filter((i) => i.error)).toEqual([]);
    expect(answers(click)).toEqual(answers(duck));
    expect([click.json().costs, click.json().security]).toEqual([duck.json().costs, duck.json().security]);
  });

  it("GET /api/insights/:id answers the same insight with its chart on ClickHouse as on DuckDB", async () => {
    const [duck, click] = await both(`/api/insights/nat-gateway?from=${DAY}`);
    expect([duck.statusCode, click.statusCode]).toEqual([200, 200]);
    const { ms: _d, ...duckInsight } = duck.json().insight;
    const { ms: _c, ...clickInsight } = click.json().insight;
    expect(clickInsight).toEqual(duckInsight);
  });

  it("POST /api/sql runs a read in ClickHouse's sandbox and answers the same rows as DuckDB's", async () => {
    const sql = "SELECT action, count(*) AS n FROM flows GROUP BY action ORDER BY action";
    const post = (backend: "duckdb" | "clickhouse") =>
      (servers.get(backend) as RunningServer).app.inject({
        method: "POST",
        url: "/api/sql",
        payload: { sql },
      });
    const [duck, click] = [await post("duckdb"), await post("clickhouse")];
    expect([duck.statusCode, click.statusCode]).toEqual([200, 200]);
    expect(click.json().rows).toEqual(duck.json().rows);
    expect(click.json().columns.map((c: { name: string }) => c.name)).toEqual(["action", "n"]);
  });

  it("POST /api/sql on ClickHouse refuses a statement that writes, as a 400 naming the rule", async () => {
    const answer = await (servers.get("clickhouse") as RunningServer).app.inject({
      method: "POST",
      url: "/api/sql",
      payload: { sql: "DROP TABLE source_versions" },
    });
    expect(answer.statusCode).toBe(400);
    expect(answer.json().error).toMatch(
      /^the query is not a read .*, and flowlens runs only queries that read on ClickHouse/,
    );
  });

  it("GET /api/schema on ClickHouse lists the flows view with its columns and their descriptions", async () => {
    const [duck, click] = await both("/api/schema");
    const flows = (r: LightMyRequestResponse) =>
      (r.json().tables as { name: string; columns: { name: string; description?: string }[] }[]).find(
        (t) => t.name === "flows",
      );
    expect(flows(click)?.columns.map((c) => [c.name, c.description])).toEqual(
      flows(duck)?.columns.map((c) => [c.name, c.description]),
    );
  });

  it("saved queries on ClickHouse are listed, replaced by name and deleted as on DuckDB", async () => {
    const run = async (backend: "duckdb" | "clickhouse") => {
      const app = (servers.get(backend) as RunningServer).app;
      await app.inject({ method: "POST", url: "/api/queries", payload: { name: "a", sql: "SELECT 1" } });
      await app.inject({ method: "POST", url: "/api/queries", payload: { name: "a", sql: "SELECT 2" } });
      await app.inject({ method: "POST", url: "/api/queries", payload: { name: "b", sql: "SELECT 3" } });
      const deleted = await app.inject({ method: "DELETE", url: "/api/queries/b" });
      const missing = await app.inject({ method: "DELETE", url: "/api/queries/b" });
      const list = await app.inject({ method: "GET", url: "/api/queries" });
      return {
        statuses: [deleted.statusCode, missing.statusCode],
        queries: (list.json().queries as { name: string; sql: string; savedAt: string }[]).map(
          ({ name, sql, savedAt }) => ({
            name,
            sql,
            savedAt: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(savedAt),
          }),
        ),
      };
    };
    const duck = await run("duckdb");
    expect(duck).toEqual({ statuses: [204, 404], queries: [{ name: "a", sql: "SELECT 2", savedAt: true }] });
    expect(await run("clickhouse")).toEqual(duck);
  });

  it("GET /api/operations on ClickHouse answers the ledger and the quarantine as on DuckDB", async () => {
    const [duck, click] = await both("/api/operations");
    expect([duck.statusCode, click.statusCode]).toEqual([200, 200]);
    expect([click.json().failedObjects, click.json().quarantine.reasons]).toEqual([
      duck.json().failedObjects,
      duck.json().quarantine.reasons,
    ]);
  });
});
