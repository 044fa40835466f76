/**
 * The README's screenshots: a six-day demo whose S3 endpoint is added on its fourth day, served by the
 * built CLI, photographed by Debian's chromium into docs/screenshots/ (JPEG, 1280 px wide, small).
 * Run: npm run build && npx tsx scripts/readme-screenshots.ts
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";

const root = resolve(import.meta.dirname, "..");
const cli = join(root, "dist/cli/main.js");
const dir = mkdtempSync(join(tmpdir(), "flowlens-screenshots-"));
const out = join(root, "docs/screenshots");
mkdirSync(out, { recursive: true });
const db = join(dir, "demo.duckdb");
const demoArgs = [
  "--date",
  "2026-11-23",
  "--days",
  "6",
  "--records-per-day",
  "20000",
  "--s3-endpoint-added-on",
  "2026-11-21",
];
const demo = spawnSync(process.execPath, [
  cli,
  "demo",
  ...demoArgs,
  "--out-dir",
  join(dir, "demo"),
  "--db",
  db,
  "--no-progress",
]);
if (demo.status !== 0) throw new Error(String(demo.stderr));

const serve = spawn(process.execPath, [cli, "serve", "--db", db, "--port", "0", "--log-level", "silent"]);
const url = await new Promise<string>((done) => {
  serve.stderr.on("data", (chunk: Buffer) => {
    const found = /Dashboard: (\S+)\//.exec(String(chunk));
    if (found?.[1]) done(found[1]);
  });
});
const browser = await chromium.launch({
  executablePath: process.env.FLOWLENS_CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  const shots: [string, string, string][] = [
    ["home", "/?from=2026-11-23", ".figure"],
    ["trends", "/trends?days=7", ".headline .sentence"],
    ["explorer", "/explorer?from=2026-11-23&groupBy=dstport", "svg.sankey"],
    ["insight", "/insights/cross-az?from=2026-11-23", ".chart svg"],
  ];
  for (const [name, path, ready] of shots) {
    await page.goto(`${url}${path}`);
    await page.locator(ready).first().waitFor({ state: "attached" });
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(out, `${name}.jpg`), type: "jpeg", quality: 72 });
  }
} finally {
  await browser.close();
  serve.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
}
