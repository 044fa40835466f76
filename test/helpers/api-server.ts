/**
 * The dashboard's API on a copy of the small demo store: the demo is made once per test file (beforeAll),
 * and each test gets its own copy and its own `flowlens serve`, so no test sees another's writes.
 * `get`/`postJson`/`del` use Fastify's inject (no socket); `json` parses the answer.
 */
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import type { LightMyRequestResponse } from "fastify";
import { beforeAll } from "vitest";
import { smallDemoStore } from "./small-demo.js";
import { sharedTempDir, tempDir } from "./temp-dir.js";
import { startTestServer, type TestServer } from "./test-server.js";

export const DEMO_DAY = "2026-11-30";

export interface ApiServer extends TestServer {
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  postJson(url: string, body: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  del(url: string): Promise<LightMyRequestResponse>;
}

/** Makes the demo store once for the file; returns a function that gives each test its own copy. */
export function demoStores(): () => string {
  let template = "";
  beforeAll(async () => {
    template = await smallDemoStore(sharedTempDir("flowlens-api-demo-"));
  }, 120_000);
  return () => {
    const db = join(tempDir("flowlens-api-"), "flows.duckdb");
    copyFileSync(template, db);
    return db;
  };
}

export async function startApiServer(db: string, serve: Record<string, unknown> = {}): Promise<ApiServer> {
  const server = await startTestServer(serve, { db });
  const inject = (method: "GET" | "POST" | "DELETE", url: string, payload?: unknown, headers = {}) =>
    server.app.inject({
      method,
      url,
      headers,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  return {
    ...server,
    get: (url, headers) => inject("GET", url, undefined, headers),
    postJson: (url, body, headers) => inject("POST", url, body, headers),
    del: (url) => inject("DELETE", url),
  };
}
