/**
 * ClickHouse servers for tests: `startClickHouse()` starts one server, `startClickHouseCluster()` two (or
 * more) shards with a `remote_servers` entry naming every shard. Each server runs Debian's
 * `/usr/sbin/clickhouse-server` with a config this helper writes into its own temporary directory (data,
 * logs, users: nothing under /etc is read), listens on loopback only and is ready (HTTP `/ping` answers)
 * when the promise resolves. Shard i of a cluster listens on 127.0.0.(i+1), all shards on the same HTTP and
 * TCP ports, so that flowlens can reach every shard's HTTP port from the cluster's TCP addresses alone
 * (system.clusters names hosts and TCP ports; see src/store/clickhouse/cluster-hosts.ts).
 *
 * Every server is a process-group leader and is killed with its group by `stop()`, by the vitest worker's
 * exit (also when a test fails or times out), and its directory removed. Usage:
 *
 *   const server = await startClickHouse({ password: "s3cret" });
 *   afterAll(() => server.stop());
 *   // server.url: http://127.0.0.1:<port>, user "default"
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const CLICKHOUSE_SERVER_BINARY = "/usr/sbin/clickhouse-server";

/** Whether this machine has the server (.ci/run installs it); tests skip with a reason otherwise. */
export const clickHouseAvailable = existsSync(CLICKHOUSE_SERVER_BINARY);

export interface ClickHouseServer {
  /** `http://<host>:<httpPort>` */
  readonly url: string;
  readonly host: string;
  readonly httpPort: number;
  readonly tcpPort: number;
  /** The `default` user's password ("" for none). */
  readonly password: string;
  /** The server's own directory (config, data, logs). */
  readonly dir: string;
  /** The id of the process group the server runs in now (its watchdog shell's). */
  readonly pid: number;
  /** Kills the server's process group and removes its directory; calling it again does nothing. */
  stop(): Promise<void>;
  /** Kills the server (SIGKILL, as a crash would) and keeps its data; `start` brings it back. */
  kill(): Promise<void>;
  /** Starts a killed server again on the same ports and data, ready when it resolves. */
  start(): Promise<void>;
  /** Runs SQL over HTTP as `default`; returns the body. Throws with the server's message on failure. */
  sql(query: string): Promise<string>;
}

export interface ClickHouseCluster {
  /** The first shard's URL: where flowlens connects. */
  readonly url: string;
  /** The `remote_servers` name. */
  readonly cluster: string;
  readonly shards: readonly ClickHouseServer[];
  stop(): Promise<void>;
}

export interface StartOptions {
  /** The `default` user's password. @default "" */
  readonly password?: string;
  /** How long to wait for `/ping`. @default 30 s */
  readonly readyTimeoutMs?: number;
}

/**
 * The server runs under a shell that leads its process group and kills the group once the test process
 * is gone (even by SIGKILL, when no exit handler runs) or the server has exited.
 */
const WATCHDOG = `"$0" --config-file="$1" & server=$!
while kill -0 "$2" 2>/dev/null && kill -0 "$server" 2>/dev/null; do sleep 1; done
kill -9 -$$`;

const running = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of running) killGroup(child);
});

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    // already gone
  }
}

/** Starts one server on 127.0.0.1. */
export async function startClickHouse(options: StartOptions = {}): Promise<ClickHouseServer> {
  const host = "127.0.0.1";
  const [httpPort, tcpPort] = await freePorts([host], 2);
  return launch({ host, httpPort, tcpPort, remoteServers: "", ...options });
}

/** Starts `shards` servers (default 2), shard i on 127.0.0.(i+1), each knowing the cluster `cluster`. */
export async function startClickHouseCluster(
  options: StartOptions & { readonly shards?: number; readonly cluster?: string } = {},
): Promise<ClickHouseCluster> {
  const cluster = options.cluster ?? "flowlens_test";
  const hosts = Array.from({ length: options.shards ?? 2 }, (_, i) => `127.0.0.${i + 1}`);
  const [httpPort, tcpPort] = await freePorts(hosts, 2);
  const password = options.password ?? "";
  const remoteServers = `<${cluster}>${hosts
    .map(
      (h) =>
        `<shard><replica><host>${h}</host><port>${tcpPort}</port><user>default</user><password>${password}</password></replica></shard>`,
    )
    .join("")}</${cluster}>`;
  const started = await Promise.allSettled(
    hosts.map((host) => launch({ host, httpPort, tcpPort, remoteServers, ...options })),
  );
  const shards = started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  const failed = started.find((s) => s.status === "rejected");
  if (failed) {
    await Promise.all(shards.map((s) => s.stop()));
    throw failed.reason;
  }
  return {
    url: shards[0]?.url ?? "",
    cluster,
    shards,
    stop: async () => {
      await Promise.all(shards.map((s) => s.stop()));
    },
  };
}

interface LaunchOptions extends StartOptions {
  readonly host: string;
  readonly httpPort: number;
  readonly tcpPort: number;
  readonly remoteServers: string;
}

async function launch(options: LaunchOptions): Promise<ClickHouseServer> {
  const dir = await mkdtemp(join(tmpdir(), "flowlens-clickhouse-"));
  const password = options.password ?? "";
  for (const sub of ["data", "tmp", "user_files", "format_schemas", "log"]) await mkdir(join(dir, sub));
  await writeFile(join(dir, "config.xml"), configXml(dir, options));
  await writeFile(join(dir, "users.xml"), usersXml(password));
  const spawnServer = () => {
    const child = spawn(
      "/bin/sh",
      ["-c", WATCHDOG, CLICKHOUSE_SERVER_BINARY, join(dir, "config.xml"), String(process.pid)],
      { cwd: dir, detached: true, stdio: "ignore" },
    );
    running.add(child);
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.once("exit", () => running.delete(child));
    return { child, exited };
  };
  let current = spawnServer();
  const killCurrent = async () => {
    const { child, exited } = current;
    killGroup(child);
    if (child.exitCode === null && child.signalCode === null) await exited;
  };
  const url = `http://${options.host}:${options.httpPort}`;
  let stopped = false;
  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
  const server: ClickHouseServer = {
    url,
    host: options.host,
    httpPort: options.httpPort,
    tcpPort: options.tcpPort,
    password,
    dir,
    get pid() {
      return current.child.pid ?? 0;
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await killCurrent();
      await rm(dir, { recursive: true, force: true });
    },
    kill: killCurrent,
    start: async () => {
      await killCurrent();
      current = spawnServer();
      await waitUntilReady(server, current.child, readyTimeoutMs);
    },
    sql: (query) => httpSql(url, password, query),
  };
  try {
    await waitUntilReady(server, current.child, readyTimeoutMs);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

async function waitUntilReady(server: ClickHouseServer, child: ChildProcess, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      const log = await readFile(join(server.dir, "log", "err.log"), "utf8").catch(() => "");
      throw new Error(`clickhouse-server at ${server.url} exited while starting: ${log.slice(-2000)}`);
    }
    const ok = await fetch(`${server.url}/ping`, { signal: AbortSignal.timeout(1000) })
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`clickhouse-server at ${server.url} did not answer /ping within ${timeoutMs} ms`);
}

async function httpSql(url: string, password: string, query: string, retried = false): Promise<string> {
  const response = await fetch(`${url}/`, {
    method: "POST",
    body: query,
    headers: { "X-ClickHouse-User": "default", "X-ClickHouse-Key": password },
    signal: AbortSignal.timeout(30_000),
  }).catch((error: unknown) => {
    // The server closes idle keep-alive connections after 3 s; a request sent on one just then is retried.
    if (!retried && String((error as { cause?: { code?: string } }).cause?.code) === "UND_ERR_SOCKET")
      return undefined;
    throw error;
  });
  if (!response) return httpSql(url, password, query, true);
  const body = await response.text();
  if (!response.ok) throw new Error(`ClickHouse at ${url} answered ${response.status}: ${body}`);
  return body;
}

/** `count` ports free on every one of `hosts` (a cluster's shards share their ports). */
async function freePorts(hosts: readonly string[], count: 2): Promise<[number, number]> {
  const ports: number[] = [];
  while (ports.length < count) {
    const port = await ephemeralPort(hosts[0] as string);
    if (ports.includes(port)) continue;
    const freeEverywhere = await Promise.all(hosts.slice(1).map((h) => canListen(h, port)));
    if (freeEverywhere.every(Boolean)) ports.push(port);
  }
  return [ports[0] as number, ports[1] as number];
}

function ephemeralPort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function canListen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}

function configXml(dir: string, o: LaunchOptions): string {
  return `<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>${dir}/log/server.log</log><errorlog>${dir}/log/err.log</errorlog><console>0</console></logger>
  <listen_host>${o.host}</listen_host>
  <http_port>${o.httpPort}</http_port>
  <tcp_port>${o.tcpPort}</tcp_port>
  <path>${dir}/data/</path>
  <tmp_path>${dir}/tmp/</tmp_path>
  <user_files_path>${dir}/user_files/</user_files_path>
  <format_schema_path>${dir}/format_schemas/</format_schema_path>
  <users_config>${dir}/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <mark_cache_size>67108864</mark_cache_size>
  <uncompressed_cache_size>0</uncompressed_cache_size>
  <max_concurrent_queries>50</max_concurrent_queries>
  <remote_servers>${o.remoteServers}</remote_servers>
</yandex>
`;
}

function usersXml(password: string): string {
  return `<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>4000000000</max_memory_usage></default></profiles>
  <users><default><password>${password}</password><networks><ip>127.0.0.0/8</ip><ip>::1</ip></networks><profile>default</profile><quota>default</quota></default></users>
  <quotas><default></default></quotas>
</yandex>
`;
}
