import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { CLI, runCli, runCliJson } from "../helpers/run-cli.js";
import { tempDir } from "../helpers/temp-dir.js";
import { startWatched } from "../helpers/watched-process.js";

interface Totals {
  records: number;
  bytes: number;
  packets: number;
  logStatus: Record<string, number>;
  action: Record<string, number>;
  accounts: Record<string, { records: number; bytes: number; packets: number }>;
}
interface GroundTruth {
  total: Totals;
  days: (Totals & { date: string })[];
  objects: { path: string; records: number }[];
}

describe("flowlens demo", () => {
  it("ingests exactly what the ground truth says it wrote, text and Parquet, per object, day and account", async () => {
    const dir = tempDir();
    const db = join(dir, "demo.duckdb");
    const outDir = join(dir, "demo");
    const args = [
      "demo",
      "--days",
      "2",
      "--date",
      "2026-11-20",
      "--records-per-day",
      "15000",
      "--out-dir",
      outDir,
    ];
    const { code, json } = await runCliJson<{ ingest: { objectsFailed: number; rowsRejected: number } }>([
      ...args,
      "--db",
      db,
    ]);
    expect(code).toBe(0);
    expect(json.ingest).toMatchObject({ objectsFailed: 0, rowsRejected: 0 });
    const truth = JSON.parse(readFileSync(join(outDir, "ground-truth.json"), "utf8")) as GroundTruth;
    const query = async (sql: string) =>
      (await runCliJson<Record<string, unknown>[]>(["query", sql, "--db", db])).json;

    const [total] = await query(
      `SELECT count(*) AS records, sum(bytes) AS bytes, sum(packets) AS packets FROM flows`,
    );
    expect(total).toEqual({
      records: truth.total.records,
      bytes: truth.total.bytes,
      packets: truth.total.packets,
    });

    // The ground truth places a record on the day its start falls in, as the store's day column does.
    const days = await query(
      `SELECT strftime(day, '%Y-%m-%d') AS date, count(*) AS records, coalesce(sum(bytes), 0) AS bytes FROM flows GROUP BY 1 ORDER BY 1`,
    );
    expect(days).toEqual(truth.days.map((d) => ({ date: d.date, records: d.records, bytes: d.bytes })));

    const accounts = await query(
      `SELECT account_id, count(*) AS records, sum(bytes) AS bytes, sum(packets) AS packets FROM flows GROUP BY 1 ORDER BY 1`,
    );
    expect(accounts).toEqual(
      Object.entries(truth.total.accounts).map(([account_id, a]) => ({ account_id, ...a })),
    );

    const statuses = await query(`SELECT log_status, count(*) AS n FROM flows GROUP BY 1 ORDER BY 1`);
    expect(Object.fromEntries(statuses.map((r) => [r.log_status, r.n]))).toEqual(truth.total.logStatus);
    const actions = await query(
      `SELECT action, count(*) AS n FROM flows WHERE action IS NOT NULL GROUP BY 1 ORDER BY 1`,
    );
    expect(Object.fromEntries(actions.map((r) => [r.action, r.n]))).toEqual(truth.total.action);

    const objects = await query(`SELECT uri, kind, row_count FROM sources ORDER BY uri`);
    const expected = truth.objects
      .map((o) => ({
        uri: join(outDir, o.path),
        kind: o.path.endsWith(".parquet") ? "parquet" : "text",
        row_count: o.records,
      }))
      .sort((a, b) => (a.uri < b.uri ? -1 : 1));
    expect(objects).toEqual(expected);
    expect(new Set(objects.map((o) => o.kind))).toEqual(new Set(["text", "parquet"]));
  });

  it("running the demo again with the same seed gives the same store contents", async () => {
    const dir = tempDir();
    const db = join(dir, "demo.duckdb");
    const args = [
      "demo",
      "--date",
      "2026-11-20",
      "--records-per-day",
      "5000",
      "--out-dir",
      join(dir, "demo"),
      "--db",
      db,
    ];
    const fingerprint =
      "SELECT count(*) AS n, sum(bytes) AS bytes, sum(hash(interface_id, srcaddr, dstaddr, start_time)) AS h FROM flows";
    expect((await runCli(args)).code).toBe(0);
    const first = await runCliJson(["query", fingerprint, "--db", db]);
    expect((await runCli(args)).code).toBe(0);
    const second = await runCliJson(["query", fingerprint, "--db", db]);
    expect(second.json).toEqual(first.json);
  });

  it("refuses to clear an out-dir it did not write", async () => {
    const dir = tempDir();
    const { writeFileSync } = await import("node:fs");
    writeFileSync(join(dir, "precious.txt"), "keep me");
    const result = await runCli(["demo", "--out-dir", dir, "--db", join(dir, "d.duckdb")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `--out-dir ${dir} is not empty and holds no earlier demo — choose an empty or new directory`,
    );
  });

  it("writes the last day's report inside --out-dir, and nothing beside it", async () => {
    const dir = tempDir();
    const outDir = join(dir, "demo");
    const args = ["demo", "--date", "2026-11-20", "--records-per-day", "2000", "--out-dir", outDir];
    const { code } = await runCli([...args, "--db", join(outDir, "..", "d.duckdb"), "--no-progress"]);
    expect(code).toBe(0);
    expect(readFileSync(join(outDir, "report", "2026-11-20", "report.md"), "utf8")).toContain(
      "# flowlens report — 2026-11-20 (UTC)",
    );
    expect(readdirSync(dir).sort()).toEqual(["d.duckdb", "demo"]);
  });
});

describe("flowlens demo --serve", () => {
  it("opens the dashboard on the demo's store, and stops with exit 0 on SIGTERM", async () => {
    const dir = tempDir();
    const demo = startWatched(
      [
        CLI,
        "demo",
        "--serve",
        "--date",
        "2026-11-20",
        "--records-per-day",
        "2000",
        "--out-dir",
        join(dir, "demo"),
        "--db",
        join(dir, "d.duckdb"),
        "--no-progress",
      ],
      { FLOWLENS_SERVE_PORT: "0" },
    );
    onTestFinished(() => {
      demo.child.kill("SIGKILL");
    });
    await demo.waitFor(/Dashboard: http:\/\/127\.0\.0\.1:\d+\/\n/);
    const url = /Dashboard: (\S+)\n/.exec(demo.output())?.[1] as string;
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await page.text()).toMatch(/<script type="module" src="\/assets\/main-[A-Z0-9]+\.js"><\/script>/);
    const days = (await (await fetch(`${url}api/days`)).json()) as { days: { day: string }[] };
    expect(days.days.map((d) => d.day)).toContain("2026-11-20");
    demo.child.kill("SIGTERM");
    expect(await demo.exit).toBe(0);
  });
});
