/**
 * Debian's chromium driven by playwright-core, for the dashboard's browser tests: headless, one browser
 * per test file, and pages that record every console error, page error and request off the server —
 * a test fails on any of them. Screenshots go to test-artifacts/screenshots/ (git-ignored) to be looked at.
 */
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, expect } from "vitest";

export const CHROMIUM = process.env.FLOWLENS_CHROMIUM ?? "/usr/bin/chromium";
const SCREENSHOTS = resolve(import.meta.dirname, "../../test-artifacts/screenshots");

/** Launches chromium for this test file; it is closed after the file's last test. */
export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  afterAll(() => browser.close());
  return browser;
}

export interface WatchedPage {
  readonly page: Page;
  /** Console errors, page errors and requests that left the server, as sentences. */
  readonly problems: string[];
  /** Fails the test if anything went wrong on the page so far. */
  expectNoProblems(): void;
  screenshot(name: string): Promise<void>;
}

export async function openPage(browser: Browser, baseUrl: string): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, timezoneId: "UTC" });
  const page = await context.newPage();
  const problems: string[] = [];
  const origin = new URL(baseUrl).origin;
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (new URL(url).origin === origin || url.startsWith("data:") || url.startsWith("blob:"))
      return route.continue();
    problems.push(`request off the server: ${url}`);
    return route.abort();
  });
  return {
    page,
    problems,
    expectNoProblems: () => expect(problems).toEqual([]),
    screenshot: async (name) => {
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
    },
  };
}
