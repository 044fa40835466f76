/**
 * `flowlens serve` in the test's process: a temporary store, port 0 on 127.0.0.1, the loader's timer far
 * off so that tests load the spool when they choose (`server.loader.loadAll()`), stopped when the test ends.
 */
import { join } from "node:path";
import { onTestFinished } from "vitest";
import { type Config, validateSettings } from "../../src/config/config.js";
import { type RunningServer, type StartServerOptions, startServer } from "../../src/server/start-server.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { ACCESS_KEY } from "./firehose-payloads.js";
import { tempDir } from "./temp-dir.js";

export interface TestServer extends RunningServer {
  readonly db: string;
  /** Sends a request over a real socket. */
  post(
    path: string,
    headers: Record<string, string>,
    body: Buffer | string,
  ): Promise<{ status: number; json: unknown }>;
  /** Rows of a query on the store (opened read-only, then closed). */
  rows(sql: string): Promise<Record<string, unknown>[]>;
}

/** `settings`: other sections of the config (`alerts`, …). */
export function testConfig(
  db: string,
  serve: Record<string, unknown> = {},
  settings: Record<string, unknown> = {},
): Config {
  const { config, problems } = validateSettings({
    ...settings,
    db,
    serve: { port: 0, accessKey: ACCESS_KEY, loadEveryMs: 60_000, ...serve },
  });
  if (!config) throw new Error(problems.map((p) => p.message).join("; "));
  return config;
}

export async function startTestServer(
  serve: Record<string, unknown> = {},
  options: Omit<StartServerOptions, "config"> & { db?: string; settings?: Record<string, unknown> } = {},
): Promise<TestServer> {
  const db = options.db ?? join(tempDir("flowlens-serve-"), "flows.duckdb");
  const server = await startServer({ ...options, config: testConfig(db, serve, options.settings) });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await server.stop();
  };
  onTestFinished(stop);
  return {
    ...server,
    stop,
    db,
    post: async (path, headers, body) => {
      const response = await fetch(`${server.url}${path}`, { method: "POST", headers, body });
      const text = await response.text();
      return { status: response.status, json: text === "" ? undefined : JSON.parse(text) };
    },
    rows: async (sql) => {
      const store = await DuckDbStore.open(db, { readOnly: true, lockWaitMs: 5000 });
      try {
        return await store.rows(sql);
      } finally {
        store.close();
      }
    },
  };
}
