/**
 * The dashboard in a real browser (Debian's chromium through playwright-core) against a real `flowlens
 * serve` on a demo store: each page opens, draws and answers clicks; no page logs a console error or
 * requests anything off the server. Screenshots of each page land in test-artifacts/screenshots/.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../src/server/start-server.js";
import { launchBrowser, openPage } from "../helpers/browser.js";
import { smallDemoStore } from "../helpers/small-demo.js";
import { sharedTempDir } from "../helpers/temp-dir.js";
import { testConfig } from "../helpers/test-server.js";

let browser: Browser;
let server: RunningServer;

beforeAll(async () => {
  const dir = sharedTempDir("flowlens-dashboard-");
  const db = await smallDemoStore(dir);
  server = await startServer({ config: testConfig(db, { accessKey: undefined }) });
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe("the dashboard", () => {
  it("opens on the last day with data: headline findings, what traffic cost and what knocked", async () => {
    const { page, expectNoProblems, screenshot } = await openPage(browser, server.url);
    await page.goto(server.url);
    await page.getByRole("heading", { name: "2026-11-30" }).waitFor();
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
    await page.locator('.calendar button[data-day="2026-11-29"]').click();
    await page.getByRole("heading", { name: "2026-11-29" }).waitFor();
    expect(new URL(page.url()).searchParams.get("from")).toBe("2026-11-29");
    expectNoProblems();
  });

  it("follows an insight to its page, draws its chart and sorts and downloads its table", async () => {
    const { page, expectNoProblems, screenshot } = await openPage(browser, server.url);
    await page.goto(`${server.url}/?from=2026-11-30`);
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
    expect(download.suggestedFilename()).toBe("top-talkers-2026-11-30.csv");
    await screenshot("insight-top-talkers");
    expectNoProblems();
  });

  it("runs SQL in the console and shows its rows and a chart; refuses a write with the sandbox's sentence", async () => {
    const { page, problems, screenshot } = await openPage(browser, server.url);
    await page.goto(`${server.url}/console`);
    await page.getByRole("button", { name: /Run/ }).click();
    await page.getByText(/row\(s\) in \d+ ms/).waitFor();
    expect(await page.locator("table tbody tr").count()).toBe(2);
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
