/**
 * The dashboard's front end, as `npm run build` leaves it in dist/web/: read once at startup and served
 * from memory — only the files that are there, by exact name, so no path can reach anything else. The
 * hashed assets are cached for a year (their names change with their content); index.html is revalidated
 * each time and answers every page path, so a bookmarked view opens where it was.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";
import { FlowlensError } from "../../errors.js";

/** The pages the front end routes; each answers with index.html. */
export const DASHBOARD_PAGES = [
  "/",
  "/insights/:id",
  "/trends",
  "/explorer",
  "/console",
  "/operations",
  "/alerts",
];

const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

interface Asset {
  readonly body: Buffer;
  readonly type: string;
  readonly etag: string;
}

/** dist/web of this installation: found from this file's place, in dist/ or (tests) src/. */
export function dashboardDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return join(dir, "dist", "web");
}

function asset(path: string): Asset {
  const body = readFileSync(path);
  const type = TYPES[extname(path)] ?? "application/octet-stream";
  return { body, type, etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"` };
}

/** @throws FlowlensError FLOWLENS_SERVE_FAILED when the front end was not built */
export function registerDashboardAssets(app: FastifyInstance, dir = dashboardDir()): void {
  if (!existsSync(join(dir, "index.html"))) {
    throw new FlowlensError(
      "FLOWLENS_SERVE_FAILED",
      `the dashboard is not built: ${join(dir, "index.html")} is missing`,
      {
        hint: "run npm run build (npm ci runs it too)",
      },
    );
  }
  const index = asset(join(dir, "index.html"));
  const assets = new Map(
    readdirSync(join(dir, "assets")).map((name) => [name, asset(join(dir, "assets", name))]),
  );
  const send = (cache: string) => (item: Asset, ifNoneMatch: string | undefined) => ({
    item,
    cache,
    fresh: ifNoneMatch === item.etag,
  });
  const page = send("no-cache");
  const immutable = send("public, max-age=31536000, immutable");

  for (const path of DASHBOARD_PAGES) {
    app.get(path, async (request, reply) => {
      const { item, cache, fresh } = page(index, request.headers["if-none-match"]);
      reply.header("cache-control", cache).header("etag", item.etag);
      return fresh ? reply.code(304).send() : reply.type(item.type).send(item.body);
    });
  }
  app.get<{ Params: { name: string } }>("/assets/:name", async (request, reply) => {
    const found = assets.get(request.params.name);
    if (!found) return reply.code(404).type("text/plain").send("not found");
    const { item, cache, fresh } = immutable(found, request.headers["if-none-match"]);
    reply.header("cache-control", cache).header("etag", item.etag);
    return fresh ? reply.code(304).send() : reply.type(item.type).send(item.body);
  });
}
