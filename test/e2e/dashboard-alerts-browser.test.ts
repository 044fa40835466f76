/**
 * The dashboard's Alerts page in a real browser (Debian's chromium through playwright-core) against a real
 * `flowlens serve`: an empty store's helpful empty state; a store with alert events shows the states as
 * badges and the history with its numbers, paged and filtered by the URL. Screenshots land in
 * test-artifacts/screenshots/.
 */
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AlertEvent } from "../../src/alerts/alert-event.js";
import { AlertDeliveryLedger } from "../../src/alerts/notify/alert-delivery-ledger.js";
import { type RunningServer, startServer } from "../../src/server/start-server.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { alarmEvent, insertEvents, okEvent } from "../alerts/notify/alert-events.js";
import { launchBrowser, openPage } from "../helpers/browser.js";
import { sharedTempDir } from "../helpers/temp-dir.js";
import { testConfig } from "../helpers/test-server.js";

let browser: Browser;
let withAlerts: RunningServer;
let empty: RunningServer;

/** A day of alerts: S3 through NAT fired and cleared, an SSH brute force firing, a scan each hour. */
function dayOfAlerts(): AlertEvent[] {
  const s3 = alarmEvent({ evaluatedAt: "2026-11-30T15:01:00Z" });
  const ssh = alarmEvent({
    rule: "ssh-from-internet",
    instance: "203.0.113.9",
    eventId: "ssh-from-internet|203.0.113.9|ALARM|2026-11-30T18:10:00Z",
    windowStart: "2026-11-30T18:00:00Z",
    windowEnd: "2026-11-30T18:10:00Z",
    unit: "count",
    value: 412,
    threshold: 100,
    usd: null,
    message: "412 SSH attempts from 203.0.113.9 in 10 minutes (threshold 100)",
    series: [40, 30, 60, 180, 412, 390].map((value, i) => ({
      time: new Date(Date.parse("2026-11-30T17:20:00Z") + i * 600_000).toISOString(),
      value,
    })),
    evaluatedAt: "2026-11-30T18:11:00Z",
  });
  const skipdata = alarmEvent({
    rule: "skipdata-share",
    instance: "",
    eventId: "skipdata-share||INSUFFICIENT_DATA|2026-11-30T12:00:00Z",
    fromState: "OK",
    toState: "INSUFFICIENT_DATA",
    severity: "medium",
    windowStart: "2026-11-30T11:00:00Z",
    windowEnd: "2026-11-30T12:00:00Z",
    unit: "share",
    value: null,
    threshold: 0.01,
    usd: null,
    message: "No flow log records arrived for an hour: SKIPDATA share cannot be computed",
    series: [],
    evaluatedAt: "2026-11-30T12:01:00Z",
  });
  const scans = Array.from({ length: 24 }, (_, hour) => {
    const end = `2026-11-29T${String(hour).padStart(2, "0")}:10:00Z`;
    return alarmEvent({
      rule: "port-scan",
      instance: `198.51.100.${hour + 1}`,
      eventId: `port-scan|198.51.100.${hour + 1}|ALARM|${end}`,
      severity: "medium",
      windowStart: end.replace(":10:", ":00:"),
      windowEnd: end,
      unit: "count",
      value: 60 + hour,
      threshold: 50,
      usd: null,
      message: `198.51.100.${hour + 1} tried ${60 + hour} ports on 3 hosts in 10 minutes`,
      series: [0, 2, 1, 0, 60 + hour, 12].map((value, i) => ({
        time: new Date(Date.parse(end) - (4 - i) * 600_000).toISOString(),
        value,
      })),
      evaluatedAt: end,
    });
  });
  return [s3, okEvent(s3, { evaluatedAt: "2026-11-30T16:01:00Z" }), ssh, skipdata, ...scans];
}

beforeAll(async () => {
  const dir = sharedTempDir("flowlens-alerts-dashboard-");
  const emptyDb = join(dir, "empty.duckdb");
  const db = join(dir, "alerts.duckdb");
  const store = await DuckDbStore.open(db);
  const events = dayOfAlerts();
  await insertEvents(store, ...events);
  const ledger = await AlertDeliveryLedger.open(store);
  await ledger.record(events[0]?.eventId as string, "slack", { state: "delivered" });
  await ledger.record(events[0]?.eventId as string, "webhook:pager", { state: "delivered", httpStatus: 200 });
  await ledger.record(events[2]?.eventId as string, "slack", {
    state: "failed",
    detail: "Slack answered HTTP 503",
  });
  store.close();
  (await DuckDbStore.open(emptyDb)).close();
  withAlerts = await startServer({ config: testConfig(db, { accessKey: undefined }) });
  empty = await startServer({ config: testConfig(emptyDb, { accessKey: undefined }) });
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await withAlerts?.stop();
  await empty?.stop();
});

describe("the dashboard's Alerts page", () => {
  it("shows the states as badges, alarms first, with their numbers", async () => {
    const { page, expectNoProblems, screenshot } = await openPage(browser, withAlerts.url);
    await page.goto(withAlerts.url);
    await page.getByRole("link", { name: "Alerts" }).click();
    await page.getByRole("heading", { name: "Current state" }).waitFor();
    const rows = page.getByRole("table", { name: "current alert states" }).locator("tbody tr");
    expect(await rows.count()).toBe(27);
    expect(await rows.first().locator(".state-badge").textContent()).toBe("ALARM");
    expect(await rows.first().locator("td.rule").textContent()).toBe("ssh-from-internet");
    expect(await rows.first().locator("svg.sparkline path").count()).toBe(1);
    const s3 = rows.filter({ hasText: "s3-back-through-nat" });
    expect(await s3.locator(".state-badge").textContent()).toBe("OK");
    expect(await s3.locator("td.number").allTextContents()).toEqual(["102.4 MiB", "1.0 GiB"]);
    expect(await page.locator(".summary.alarm .figure").textContent()).toContain("25");
    await screenshot("alerts");
    expectNoProblems();
  });

  it("lists the history newest first with what each notification did, and pages it", async () => {
    const { page, expectNoProblems } = await openPage(browser, withAlerts.url);
    await page.goto(`${withAlerts.url}/alerts`);
    const history = page.getByRole("table", { name: "alert history" });
    await history.waitFor();
    expect(await history.locator("tbody tr").count()).toBe(25);
    expect(await history.locator("tbody tr").first().textContent()).toContain("ssh-from-internet");
    expect(
      await history
        .locator("tbody tr")
        .filter({ hasText: "ssh-from-internet" })
        .locator(".delivery.failed")
        .count(),
    ).toBe(1);
    await page.getByText("1–25 of 28 transition(s)").waitFor();
    await page.getByRole("button", { name: "Older →" }).click();
    await page.getByText("26–28 of 28 transition(s)").waitFor();
    expect(new URL(page.url()).searchParams.get("page")).toBe("1");
    expect(await history.locator("tbody tr").count()).toBe(3);
    expectNoProblems();
  });

  it("shows only the transitions since the day the URL names", async () => {
    const { page, expectNoProblems } = await openPage(browser, withAlerts.url);
    await page.goto(`${withAlerts.url}/alerts?since=2026-11-30`);
    await page.getByText("1–4 of 4 transition(s)").waitFor();
    expectNoProblems();
  });

  it("explains what alerts are and how to add rules when the store has none", async () => {
    const { page, expectNoProblems, screenshot } = await openPage(browser, empty.url);
    await page.goto(`${empty.url}/alerts`);
    await page.getByRole("heading", { name: "No alerts yet" }).waitFor();
    expect(await page.locator(".empty-state").textContent()).toContain(
      "Add rules under alerts: in the config file",
    );
    await screenshot("alerts-empty");
    expectNoProblems();
  });
});
