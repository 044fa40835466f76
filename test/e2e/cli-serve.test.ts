/**
 * `flowlens serve` as a user runs it, in its own process: records acknowledged to a client that retries
 * like Firehose are in the store exactly once, also when the server is killed with SIGKILL mid-load and
 * started again; SIGTERM loads what was acknowledged and exits 0; other commands use the store meanwhile.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { type Delivery, deliverAll } from "../helpers/firehose-client.js";
import { ACCESS_KEY, cloudWatchData, dataMessage, defaultRecords } from "../helpers/firehose-payloads.js";
import { CLI, runCli, runCliJson } from "../helpers/run-cli.js";
import { tempDir } from "../helpers/temp-dir.js";
import { startWatched, type WatchedProcess } from "../helpers/watched-process.js";

/** How a lock error reads (waiting for the lock is announced as "flowlens: waiting up to 30 s: …"). */
const LOCK_ERROR = /^flowlens: store .* is locked by PID/m;

interface Serve {
  readonly process: WatchedProcess;
  readonly url: string;
}

async function startServe(dir: string, port = 0): Promise<Serve> {
  const process = startWatched(
    [
      CLI,
      "serve",
      "--db",
      join(dir, "flows.duckdb"),
      "--config",
      join(dir, "flowlens.yaml"),
      "--port",
      String(port),
    ],
    { FLOWLENS_SERVE_ACCESS_KEY: ACCESS_KEY },
  );
  onTestFinished(() => {
    process.child.kill("SIGKILL");
  });
  await process.waitFor(/listening on https?:\/\/\S+/);
  const url = /listening on (https?:\/\/[^\s)]+)/.exec(process.output())?.[1] as string;
  return { process, url };
}

function serveDir(loadEveryMs: number): string {
  const dir = tempDir("flowlens-serve-e2e-");
  writeFileSync(join(dir, "flowlens.yaml"), `serve:\n  loadEveryMs: ${loadEveryMs}\n`);
  return dir;
}

/** `count` requests of `perRequest` default-format records each, every record distinct (bytes = its number). */
function requests(count: number, perRequest: number) {
  return Array.from({ length: count }, (_, r) => ({
    requestId: `request-${r}`,
    records: [
      { data: cloudWatchData(dataMessage(defaultRecords(perRequest, { first: r * perRequest + 1 }))) },
    ],
  }));
}

async function totals(dir: string): Promise<{ n: number; bytes: number; distinct: number }> {
  const { json, code, stderr } = await runCliJson<{ n: number; bytes: number; distinct: number }[]>([
    "query",
    "--db",
    join(dir, "flows.duckdb"),
    "SELECT count(*) AS n, sum(bytes) AS bytes, count(DISTINCT bytes) AS distinct FROM flows",
  ]);
  expect(stderr).not.toMatch(LOCK_ERROR);
  expect(code).toBe(0);
  return json[0] as { n: number; bytes: number; distinct: number };
}

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const exactly = (records: number) => ({
  n: records,
  bytes: (records * (records + 1)) / 2,
  distinct: records,
});

describe("flowlens serve", () => {
  it("makes acknowledged records visible to flowlens query while it runs", async () => {
    const dir = serveDir(2000);
    const serve = await startServe(dir);
    await deliverAll(requests(3, 100), { url: () => serve.url });
    expect(
      await eventually(
        () => totals(dir),
        (t) => t.n === 300,
      ),
    ).toEqual(exactly(300));
  });

  it("stores every acknowledged record exactly once when SIGKILLed mid-load and started again", async () => {
    const dir = serveDir(150);
    let serve = await startServe(dir);
    const port = Number(new URL(serve.url).port);
    const all = requests(60, 400);
    const delivering = deliverAll(all, { url: () => serve.url, maxBackoffMs: 500 });
    // Three kills at different moments, while requests are spooled and loads run every 150 ms; each new
    // server takes the same port, and the client's retries reach it.
    for (const [after, delayMs] of [
      ["delivery stored", 0],
      ["spool loaded", 60],
      ["spool loaded", 140],
    ] as const) {
      await serve.process.waitFor(new RegExp(after));
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      serve.process.child.kill("SIGKILL");
      await serve.process.exit;
      serve = await startServe(dir, port);
    }
    const deliveries: Delivery[] = await delivering;
    expect(deliveries).toHaveLength(60);
    expect(deliveries.some((d) => d.answers.includes("error"))).toBe(true);
    expect(
      await eventually(
        () => totals(dir),
        (t) => t.n >= 24_000,
      ),
    ).toEqual(exactly(24_000));
  });

  it("loads what it acknowledged and exits 0 on SIGTERM", async () => {
    const dir = serveDir(60_000);
    const serve = await startServe(dir);
    await deliverAll(requests(5, 50), { url: () => serve.url });
    serve.process.child.kill("SIGTERM");
    expect(await serve.process.exit).toBe(0);
    expect(await totals(dir)).toEqual(exactly(250));
  });

  it("lets query, stats, report and ingest use the store while it loads", async () => {
    const dir = serveDir(100);
    const serve = await startServe(dir);
    const db = join(dir, "flows.duckdb");
    const delivering = deliverAll(requests(40, 500), { url: () => serve.url, connections: 2 });
    const file = join(dir, "more.log");
    writeFileSync(file, `${defaultRecords(5, { first: 20_001, eni: "eni-0f0f0f0f0f0f0f0f0" }).join("\n")}\n`);
    const commands = [
      ["query", "--db", db, "SELECT count(*) FROM flows"],
      ["stats", "--db", db],
      ["ingest", "--db", db, file, "--no-progress"],
      ["report", "--db", db, "--date", "2025-12-01", "--out-dir", join(dir, "report"), "--formats", "json"],
      ["query", "--db", db, "SELECT count(*) FROM flows"],
    ];
    for (const args of commands) {
      const result = await runCli(args);
      expect({ args, code: result.code, stderr: result.stderr }).toEqual({
        args,
        code: 0,
        stderr: expect.not.stringMatching(LOCK_ERROR),
      });
    }
    await delivering;
    expect(
      await eventually(
        () => totals(dir),
        (t) => t.n === 20_005,
      ),
    ).toEqual(exactly(20_005));
  });

  it("shows the streaming side per delivery stream in flowlens stats --json", async () => {
    const dir = serveDir(100);
    const serve = await startServe(dir);
    const sent = requests(2, 10);
    await deliverAll([...sent, sent[0] as (typeof sent)[0]], { url: () => serve.url, connections: 1 });
    const stats = await eventually(
      async () =>
        (
          await runCliJson<{ streams: { duplicatesSkipped: number; flowRecords: number }[] }>([
            "stats",
            "--db",
            join(dir, "flows.duckdb"),
          ])
        ).json,
      (s) => s.streams?.[0]?.duplicatesSkipped === 1 && s.streams[0].flowRecords === 20,
    );
    expect(stats.streams).toEqual([
      {
        deliveryStream: "vpc-flows",
        endpoint: "firehose",
        requests: 2,
        records: 2,
        controlMessages: 0,
        flowRecords: 20,
        rejected: 0,
        duplicatesSkipped: 1,
        lastRequestAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      },
    ]);
  });
});
