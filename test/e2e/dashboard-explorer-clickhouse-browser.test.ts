/**
 * The flows explorer in a real browser (Debian's chromium through playwright-core) against `flowlens
 * serve` on a ClickHouse store holding the demo day: the page draws its table, series chart and Sankey,
 * and answers a change of grouping, with no console error and nothing requested off the server.
 */
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../src/server/start-server.js";
import { launchBrowser, openPage } from "../helpers/browser.js";
import { type ClickHouseServer, clickHouseAvailable, startClickHouse } from "../helpers/clickhouse-server.js";
import { runCli } from "../helpers/run-cli.js";
import { sharedTempDir } from "../helpers/temp-dir.js";
import { testConfig } from "../helpers/test-server.js";

const DAY = "2026-11-30";

describe.skipIf(!clickHouseAvailable)("the flows explorer on a ClickHouse store, in a browser", () => {
  let clickhouse: ClickHouseServer;
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    const dir = sharedTempDir("flowlens-explorer-clickhouse-");
    clickhouse = await startClickHouse();
    const store = `clickhouse://default@127.0.0.1:${clickhouse.httpPort}/explorer`;
    for (const args of [
      ["store", "init"],
      ["demo", "--date", DAY, "--records-per-day", "3000", "--out-dir", join(dir, "demo"), "--no-progress"],
    ]) {
      const result = await runCli([...args, "--store", store]);
      expect(result.code, `${args.join(" ")}: ${result.stderr}`).toBe(0);
    }
    server = await startServer({
      config: testConfig(join(dir, "unused.duckdb"), { accessKey: undefined }, { store }),
    });
    browser = await launchBrowser();
  }, 240_000);
  afterAll(async () => {
    // The browser first: its pages hold connections the server would otherwise wait for.
    await browser?.close();
    await server?.stop();
    await clickhouse?.stop();
  });

  it("draws the top ENIs, their series and the Sankey, then regroups by destination port", async () => {
    const { page, expectNoProblems, screenshot } = await openPage(browser, server.url);
    await page.goto(`${server.url}/explorer?from=${DAY}`);
    await page.getByRole("heading", { name: "Flows" }).waitFor();
    await page.locator(".chart svg path").first().waitFor();
    await page.locator("svg.sankey path.band").first().waitFor();
    expect(await page.locator("table tbody tr").count()).toBeGreaterThan(1);
    await page.getByLabel("group by").selectOption("dstport");
    await page.getByRole("heading", { name: "Top dstport" }).waitFor();
    // The heading changes as the new query starts: its rows arrive after it.
    await page.locator("table tbody tr").first().waitFor();
    expect(await page.locator("table tbody tr").count()).toBeGreaterThan(0);
    await screenshot("explorer-clickhouse");
    expectNoProblems();
  });
});
