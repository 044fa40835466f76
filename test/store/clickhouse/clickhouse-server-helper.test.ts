import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import {
  clickHouseAvailable,
  startClickHouse,
  startClickHouseCluster,
} from "../../helpers/clickhouse-server.js";

const pidAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe.skipIf(!clickHouseAvailable)("the ClickHouse test servers", () => {
  it("a single server answers SQL on loopback and stops with its directory removed", async () => {
    const server = await startClickHouse();
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await server.sql("SELECT 1 + 1")).trim()).toBe("2");
    } finally {
      await server.stop();
    }
    expect(existsSync(server.dir)).toBe(false);
    await expect(server.sql("SELECT 1")).rejects.toThrow();
  });

  it("a server with a password refuses SQL without it", async () => {
    const server = await startClickHouse({ password: "pw-for-test" });
    try {
      const response = await fetch(`${server.url}/?query=SELECT%201`);
      expect(response.ok).toBe(false);
      expect((await server.sql("SELECT 1")).trim()).toBe("1");
    } finally {
      await server.stop();
    }
  });

  it("a two-shard cluster answers a query over both shards through remote_servers", async () => {
    const cluster = await startClickHouseCluster({ cluster: "two_shards" });
    try {
      expect(cluster.shards.map((s) => s.host)).toEqual(["127.0.0.1", "127.0.0.2"]);
      const hosts = await cluster.shards[0]?.sql(
        "SELECT shard_num, host_address FROM system.clusters WHERE cluster = 'two_shards' ORDER BY shard_num FORMAT CSV",
      );
      expect(hosts?.trim().split("\n")).toEqual(['1,"127.0.0.1"', '2,"127.0.0.2"']);
      const total = await cluster.shards[1]?.sql("SELECT count() FROM cluster('two_shards', system, one)");
      expect(total?.trim()).toBe("2");
    } finally {
      await cluster.stop();
    }
  });

  it("a killed server starts again on the same port with its data", async () => {
    const server = await startClickHouse();
    try {
      await server.sql("CREATE TABLE kept (n UInt8) ENGINE = MergeTree ORDER BY n");
      await server.sql("INSERT INTO kept VALUES (7)");
      await server.kill();
      await expect(server.sql("SELECT 1")).rejects.toThrow();
      await server.start();
      expect((await server.sql("SELECT n FROM kept")).trim()).toBe("7");
    } finally {
      await server.stop();
    }
  });

  it("stop kills the server's whole process group", async () => {
    const server = await startClickHouse();
    expect(pidAlive(server.pid)).toBe(true);
    await server.stop();
    expect(pidAlive(server.pid)).toBe(false);
  });
});

describe.skipIf(!clickHouseAvailable)("the ClickHouse test servers' watchdog", () => {
  it("a server whose test process was killed stops by itself", async () => {
    const { spawn } = await import("node:child_process");
    const script = `import { startClickHouse } from ${JSON.stringify(new URL("../../helpers/clickhouse-server.ts", import.meta.url).pathname)};
const s = await startClickHouse(); process.stdout.write(JSON.stringify({ pid: s.pid, dir: s.dir }) + "\\n"); setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const { pid, dir } = await new Promise<{ pid: number; dir: string }>((resolve) =>
      child.stdout.once("data", (d) => resolve(JSON.parse(String(d)))),
    );
    expect(pidAlive(pid)).toBe(true);
    child.kill("SIGKILL");
    const deadline = Date.now() + 15_000;
    while (pidAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(pidAlive(pid)).toBe(false);
    await rm(dir, { recursive: true, force: true });
  });
});
