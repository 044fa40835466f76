/** The outbox's rules: what is due, what is too old to send, what waits for the next call, and who gets what. */
import { describe, expect, it } from "vitest";
import { deliverAlertEvents } from "../../../src/alerts/notify/deliver-alert-events.js";
import { alertTargets } from "../../../src/alerts/notify/notify-settings.js";
import { openTestStore } from "../../enrich/open-test-store.js";
import { startSlackApiServer } from "../../helpers/slack-api-server.js";
import { alarmEvent, FAST_RETRY, insertEvents, slackSettings } from "./alert-events.js";

describe("the alert outbox", () => {
  it("records an event evaluated more than a day before delivery as skipped, and sends nothing", async () => {
    const server = await startSlackApiServer();
    const store = await openTestStore();
    await insertEvents(
      store,
      alarmEvent({ evaluatedAt: new Date(Date.now() - 25 * 3_600_000).toISOString() }),
    );
    const report = await deliverAlertEvents(store, slackSettings(server), { retry: FAST_RETRY });
    expect(report.results.map((r) => [r.target, r.state, r.detail])).toEqual([
      ["slack", "skipped", "evaluated too long before it could be delivered; not sent"],
      ["slack-chart", "skipped", "evaluated too long before it could be delivered; not sent"],
    ]);
    expect(server.calls).toEqual([]);
  });

  it("starts no delivery once its time budget is spent; the events wait for the next call", async () => {
    const server = await startSlackApiServer();
    const store = await openTestStore();
    await insertEvents(store, alarmEvent());
    const report = await deliverAlertEvents(store, slackSettings(server), {
      retry: FAST_RETRY,
      timeBudgetMs: -1,
    });
    expect(report).toEqual({ results: [], waiting: 2, problems: [] });
  });

  it("leaves the events of a rule without targets where they are", async () => {
    const store = await openTestStore();
    await insertEvents(store, alarmEvent());
    const report = await deliverAlertEvents(store, { targetsOf: () => undefined });
    expect(report).toEqual({ results: [], waiting: 0, problems: [] });
  });

  it("sends nothing for an event recorded while its rule was silenced", async () => {
    const server = await startSlackApiServer();
    const store = await openTestStore();
    const silenced = alarmEvent();
    await insertEvents(store, silenced);
    await store.run("INSERT INTO alert_silenced_events VALUES ($id, now()::TIMESTAMP)", {
      id: silenced.eventId,
    });
    const report = await deliverAlertEvents(store, slackSettings(server), { retry: FAST_RETRY });
    expect(report).toEqual({ results: [], waiting: 0, problems: [] });
    expect(server.calls).toEqual([]);
  });

  it("returns a store failure as a problem instead of throwing it", async () => {
    const store = await openTestStore();
    await store.run("CREATE TABLE alert_deliveries (event_id VARCHAR)");
    await insertEvents(store, alarmEvent());
    const webhook = { name: "pager", url: "http://127.0.0.1:9/", secretEnv: "K", timeoutSeconds: 1 };
    const report = await deliverAlertEvents(store, { targetsOf: () => ({ webhooks: [webhook] }) });
    expect(report.problems).toEqual([expect.stringMatching(/^alert notifications stopped: /)]);
  });
});

describe("a rule's targets from its notify settings", () => {
  const webhooks = {
    pager: { url: "https://hooks.example.com/flowlens", secretEnv: "PAGER_HMAC", timeoutSeconds: 10 },
  };

  it("posts to Slack's default channel when the rule says nothing and a bot is configured", () => {
    expect(alertTargets(undefined, webhooks, true)).toEqual({ slack: { channel: undefined }, webhooks: [] });
  });

  it("does not post to Slack when the rule says slack: false", () => {
    expect(alertTargets({ slack: false, webhooks: ["pager"] }, webhooks, true)).toEqual({
      webhooks: [{ name: "pager", ...webhooks.pager }],
    });
  });

  it("does not post to Slack when no bot is configured", () => {
    expect(alertTargets({ slack: { channel: "C0123456789" }, webhooks: [] }, webhooks, false)).toEqual({
      webhooks: [],
    });
  });
});
