/**
 * The dashboard in a real browser (Debian's chromium through playwright-core) against a real `flowlens
 * serve` on a six-day demo store whose S3 endpoint is added on its fourth day: each page opens, draws and answers clicks; no page logs a console error or
 * requests anything off the server. Screenshots of each page land in test-artifacts/screenshots/.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../src/server/start-server.js";
import { launchBrowser, openPage } from "../helpers/browser.js";
import { endpointFixDemoStore } from "../helpers/small-demo.js";
import { sharedTempDir } from "../helpers/temp-dir.js";
import { testConfig } from "../helpers/test-server.js";

let browser: Browser;
let server: RunningServer;

beforeAll(async () => {
  const dir = sharedTempDir("flowlens-dashboard-");
  const db = await endpointFixDemoStore(dir);
  server = await startServer({ config: testConfig(db, { accessKey: undefined }) });
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  // The browser first: its pages hold connections the server would otherwise wait for.
  await browser?.close();
  await server?.stop();
});

describe("the dashboard", () => {
  it("opens on the last day with data: headline findings, what traffic cost and what knocked", async () => {
    const { page, expectNoProblems, screenshot } = await openPage(browser, server.url);
    await page.goto(server.url);
    await page.getByRole("heading", { name: "2026-11-23" }).waitFor();
    await page.getByText("What matters most").waitFor();
    await expect(page.getByLabel("cost").getByText("NAT gateway processing")).toBeDefined();
    expect(await page.getByLabel("cost").locator(".figure").count()).toBe(4);
    expect(await page.getByLabel("security").textContent()).toContain("Rejected records");
    await screenshot("home");
    expectNoProblems();
  });

  it("changes the day from the calendar, and the URL says which", async () => {
    const { page, expectNoProblems } = await openPage(browser, server.url);
    await page.goto(server.url);
    await page.locator('.calendar button[data-day="2026-11-22"]').click();
    await page.getByRole("heading", { name: "2026-11-22" }).waitFor();
    expect(new URL(page.url()).searchParams.get("from")).toBe("2026-11-22");
    expectNoProblems();
  });

  it("follows an insight to its page, draws its chart and sorts and downloads its table", async () => {
    const { page, expectNoProblems, screenshot } = await openPage(browser, server.url);
    await page.goto(`${server.url}/?from=2026-11-23`);
    await page.getByRole("link", { name: /Top talkers/ }).click();
    await page.getByRole("heading", { name: "Top talkers" }).waitFor();
    await page
      .locator(".chart svg .mark-rect path, .chart svg .mark-rect rect, .chart svg path")
      .first()
      .waitFor();
    expect(await page.locator(".chart svg path").count()).toBeGreaterThan(0);
    const header = page.locator("th button").nth(1);
    await header.click();
    expect(await page.locator("th[aria-sort='descending']").count()).toBe(1);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "CSV" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("top-talkers-2026-11-23.csv");
    await screenshot("insight-top-talkers");
    expectNoProblems();
  });

  it("runs SQL in the console and shows its rows and a chart; refuses a write with the sandbox's sentence", async () => {
    const { page, problems, screenshot } = await openPage(browser, server.url);
    await page.goto(`${server.url}/console`);
    await page.getByRole("button", { name: /Run/ }).click();
    await page.getByText(/row\(s\) in \d+ ms/).waitFor();
    // The six-day demo's records fall on seven days: the first day's earliest records start the day before.
    expect(await page.locator("table tbody tr").count()).toBe(7);
    await page.locator(".chart svg").first().waitFor();
    await screenshot("console");
    await page.getByLabel("SQL").fill("DELETE FROM flows");
    await page.getByRole("button", { name: /Run/ }).click();
    expect(await page.getByRole("alert").textContent()).toMatch(/read/i);
    expect(new URL(page.url()).searchParams.get("sql")).toBe("DELETE FROM flows");
    // The refusal is a 400, which chromium logs as a failed resource; nothing else went wrong.
    expect(problems).toEqual([
      "console error: Failed to load resource: the server responded with a status of 400 (Bad Request)",
    ]);
  });

  it("says on the trends page that S3 traffic through the NAT gateway fell after the endpoint was added", async () => {
    const { page, expectNoProblems, screenshot } = await openPage(browser, server.url);
    await page.goto(`${server.url}/trends?days=7`);
    const sentence = page.locator(".headline .sentence");
    await sentence.waitFor();
    expect(await sentence.textContent()).toMatch(
      /^S3 traffic through nat-[0-9a-f]+ fell from \d+\.\d GiB\/day \(\$\d+\.\d\d\) to 0\.0 GiB\/day \(\$0\.00\) after vpce-[0-9a-f]+ was added to rtb-[0-9a-f]+ on 2026-11-21\.$/,
    );
    // The change is marked on the time axis of the charts: a dashed red rule.
    await page.locator('.chart svg line[stroke="#c4352b"]').first().waitFor({ state: "attached" });
    await screenshot("trends");
    expectNoProblems();
  });

  it("follows an ENI of a finding to the explorer with its filter set, then groups by port", async () => {
    const { page, expectNoProblems, screenshot } = await openPage(browser, server.url);
    await page.goto(`${server.url}/insights/cross-az?from=2026-11-23`);
    const eni = page.locator(".finding a", { hasText: /^eni-/ }).first();
    const name = (await eni.textContent()) as string;
    await eni.click();
    await page.getByRole("heading", { name: "Flows" }).waitFor();
    expect(new URL(page.url()).searchParams.get("eni")).toBe(name);
    expect(await page.getByLabel("filters").textContent()).toContain(`eni = ${name}`);
    await page.getByLabel("group by").selectOption("dstport");
    await page.getByRole("heading", { name: "Top dstport" }).waitFor();
    expect(new URL(page.url()).searchParams.get("groupBy")).toBe("dstport");
    expect(await page.locator("table tbody tr").count()).toBeGreaterThan(0);
    await page.locator(".chart svg path").first().waitFor();
    await page.locator("svg.sankey path.band").first().waitFor();
    await screenshot("explorer");
    expectNoProblems();
  });

  it("gives each of the explorer's top 10 values and the rest a color of its own", async () => {
    const { page, expectNoProblems } = await openPage(browser, server.url);
    await page.goto(`${server.url}/explorer?from=2026-11-23&groupBy=dstport`);
    await page.getByRole("heading", { name: "Top dstport" }).waitFor();
    const symbols = page.locator(".chart svg .role-legend-symbol path");
    await symbols.nth(10).waitFor({ state: "attached" });
    const fills = await symbols.evaluateAll((paths) => paths.map((p) => p.getAttribute("fill")));
    expect(fills).toHaveLength(11);
    expect(new Set(fills).size).toBe(11);
    expectNoProblems();
  });

  it("shows the ledger and the quarantine on the operations page", async () => {
    const { page, expectNoProblems, screenshot } = await openPage(browser, server.url);
    await page.goto(`${server.url}/operations`);
    await page.getByRole("heading", { name: "Ledger" }).waitFor();
    expect(
      await page.locator(".panel").filter({ hasText: "Ledger" }).locator("tbody tr").count(),
    ).toBeGreaterThan(0);
    await screenshot("operations");
    expectNoProblems();
  });
});
