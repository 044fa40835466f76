/** Alerts posted to the local Slack Web API: once per ALARM, with its numbers and chart, OK in its thread. */
import { describe, expect, it } from "vitest";
import { deliverAlertEvents } from "../../../src/alerts/notify/deliver-alert-events.js";
import { openTestStore } from "../../enrich/open-test-store.js";
import {
  SLACK_TEST_CHANNEL,
  SLACK_TEST_OTHER_CHANNEL,
  startSlackApiServer,
} from "../../helpers/slack-api-server.js";
import { alarmEvent, FAST_RETRY, insertEvents, okEvent, slackSettings } from "./alert-events.js";

const options = { retry: FAST_RETRY };

function topLevel(server: Awaited<ReturnType<typeof startSlackApiServer>>) {
  return [...server.messages.values()].filter((m) => m.threadTs === undefined);
}

describe("alert notifications in Slack", () => {
  it("posts a transition into ALARM with its value, threshold, window, dollars and severity", async () => {
    const server = await startSlackApiServer();
    const store = await openTestStore();
    await insertEvents(store, alarmEvent());
    await deliverAlertEvents(store, slackSettings(server), options);
    const [message] = topLevel(server);
    const blocks = JSON.stringify(message?.blocks);
    expect(message?.channel).toBe(SLACK_TEST_CHANNEL.id);
    expect(message?.text).toBe(
      "ALARM: s3-back-through-nat (nat-0abc1234def567890) [high] — S3 traffic is going through NAT gateway nat-0abc1234def567890 again: 1.5 GiB in 1 hour — 1.5 GiB (threshold 1.0 GiB)",
    );
    for (const shown of [
      "*Value*\\n1.5 GiB",
      "*Threshold*\\n1.0 GiB",
      "2026-11-30 14:00–15:00 UTC (1 hour)",
      "$0.07",
      "high",
    ]) {
      expect(blocks).toContain(shown);
    }
  });

  it("posts once when Slack answers 500 and then succeeds", async () => {
    const server = await startSlackApiServer();
    const store = await openTestStore();
    await insertEvents(store, alarmEvent());
    server.failNext("chat.postMessage", { status: 500 });
    const report = await deliverAlertEvents(store, slackSettings(server), options);
    expect(server.calls.filter((c) => c.method === "chat.postMessage").map((c) => c.answer)).toEqual([
      "500",
      "ok",
    ]);
    expect(topLevel(server)).toHaveLength(1);
    expect(report.problems).toEqual([]);
  });

  it("does not notify again when delivery runs again on the same store after a restart", async () => {
    const server = await startSlackApiServer();
    const store = await openTestStore();
    await insertEvents(store, alarmEvent());
    await deliverAlertEvents(store, slackSettings(server), options);
    const calls = server.calls.length;
    const again = await deliverAlertEvents(store, slackSettings(server), options);
    expect(again.results).toEqual([]);
    expect(server.calls.length).toBe(calls);
    expect(topLevel(server)).toHaveLength(1);
  });

  it("does not notify again when evaluation appends the same event again", async () => {
    const server = await startSlackApiServer();
    const store = await openTestStore();
    const alarm = alarmEvent();
    await insertEvents(store, alarm);
    await deliverAlertEvents(store, slackSettings(server), options);
    await insertEvents(store, alarm);
    await deliverAlertEvents(store, slackSettings(server), options);
    expect(topLevel(server)).toHaveLength(1);
  });

  it("replies in the ALARM's thread when the rule returns to OK", async () => {
    const server = await startSlackApiServer();
    const store = await openTestStore();
    const alarm = alarmEvent();
    await insertEvents(store, alarm);
    await deliverAlertEvents(store, slackSettings(server), options);
    await insertEvents(store, okEvent(alarm));
    await deliverAlertEvents(store, slackSettings(server), options);
    const [top] = topLevel(server);
    const replies = [...server.messages.values()].filter((m) => m.threadTs === top?.ts);
    expect(topLevel(server)).toHaveLength(1);
    expect(replies.map((m) => m.text)).toEqual([
      "OK again: s3-back-through-nat (nat-0abc1234def567890) — 102.4 MiB in 2026-11-30 15:00–16:00 UTC (1 hour)",
    ]);
  });

  it("posts in the channel a rule names, and its OK reply follows it there", async () => {
    const server = await startSlackApiServer();
    const store = await openTestStore();
    const alarm = alarmEvent();
    await insertEvents(store, alarm, okEvent(alarm), alarmEvent({ rule: "ssh-from-internet", instance: "" }));
    const settings = slackSettings(server, {
      "s3-back-through-nat": { slack: { channel: `#${SLACK_TEST_OTHER_CHANNEL.name}` }, webhooks: [] },
    });
    await deliverAlertEvents(store, settings, options);
    // Each channel's messages in their order (the two rules' events are not ordered between channels).
    const inChannel = (id: string) =>
      [...server.messages.values()].filter((m) => m.channel === id).map((m) => m.text.split(" (")[0]);
    expect(inChannel(SLACK_TEST_OTHER_CHANNEL.id)).toEqual([
      "ALARM: s3-back-through-nat",
      "OK again: s3-back-through-nat",
    ]);
    expect(inChannel(SLACK_TEST_CHANNEL.id)).toEqual([
      "ALARM: ssh-from-internet [high] — S3 traffic is going through NAT gateway nat-0abc1234def567890 again: 1.5 GiB in 1 hour — 1.5 GiB",
    ]);
  });

  it("uploads the metric's chart as a PNG into the ALARM's thread", async () => {
    const server = await startSlackApiServer();
    const store = await openTestStore();
    await insertEvents(store, alarmEvent());
    await deliverAlertEvents(store, slackSettings(server), options);
    const [top] = topLevel(server);
    const [file] = server.files.values();
    expect(file?.threadTs).toBe(top?.ts);
    expect(file?.filename).toBe("flowlens-alert-s3-back-through-nat.png");
    expect(file?.bytes?.subarray(0, 8)).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    );
  });

  it("does not post transitions to INSUFFICIENT_DATA", async () => {
    const server = await startSlackApiServer();
    const store = await openTestStore();
    await insertEvents(
      store,
      alarmEvent({ eventId: "r||INSUFFICIENT_DATA|x", toState: "INSUFFICIENT_DATA", value: null }),
    );
    const report = await deliverAlertEvents(store, slackSettings(server), options);
    expect(report.results).toEqual([]);
    expect(server.calls).toEqual([]);
  });

  it("leaves an ALARM for the next call when Slack is down past the retries, and posts it then", async () => {
    const server = await startSlackApiServer();
    const store = await openTestStore();
    await insertEvents(store, alarmEvent());
    server.failNext("chat.postMessage", { status: 503 }, FAST_RETRY.retries + 1);
    const down = await deliverAlertEvents(store, slackSettings(server), options);
    expect(down.problems).toEqual([
      "cannot post alert s3-back-through-nat to Slack channel C0FLOWLENS: Slack answered HTTP 503 after 2 retries — Slack may be having trouble (https://slack-status.com); run the delivery again later — it picks up where it stopped",
    ]);
    expect(down.waiting).toBe(1);
    const up = await deliverAlertEvents(store, slackSettings(server), options);
    expect(up.results.map((r) => [r.target, r.state])).toEqual([
      ["slack", "delivered"],
      ["slack-chart", "delivered"],
    ]);
    expect(topLevel(server)).toHaveLength(1);
  });

  it("does not wait out a 429's Retry-After: the ALARM is posted by the next call", async () => {
    const server = await startSlackApiServer();
    const store = await openTestStore();
    await insertEvents(store, alarmEvent());
    server.failNext("chat.postMessage", { rateLimited: 600 });
    const limited = await deliverAlertEvents(store, slackSettings(server), options);
    expect(limited.problems).toEqual([
      "cannot post alert s3-back-through-nat to Slack channel C0FLOWLENS: Slack is rate-limiting the bot and asked to wait 600 s (HTTP 429) — it is tried again on the next delivery",
    ]);
    await deliverAlertEvents(store, slackSettings(server), options);
    expect(server.calls.filter((c) => c.method === "chat.postMessage").map((c) => c.answer)).toEqual([
      "429",
      "ok",
    ]);
  });

  it("waits with the OK reply while its ALARM could not be posted", async () => {
    const server = await startSlackApiServer();
    const store = await openTestStore();
    const alarm = alarmEvent();
    await insertEvents(store, alarm, okEvent(alarm));
    server.failNext("chat.postMessage", { status: 500 }, FAST_RETRY.retries + 1);
    const down = await deliverAlertEvents(store, slackSettings(server), options);
    expect(down.results.map((r) => [r.target, r.state])).toEqual([["slack", "failed"]]);
    expect(down.waiting).toBe(2);
    await deliverAlertEvents(store, slackSettings(server), options);
    const [top] = topLevel(server);
    expect([...server.messages.values()].map((m) => m.threadTs)).toEqual([undefined, top?.ts]);
  });

  it("says so and sends nothing when rules post to Slack but no bot is configured", async () => {
    const store = await openTestStore();
    await insertEvents(store, alarmEvent());
    const report = await deliverAlertEvents(
      store,
      { targetsOf: () => ({ slack: {}, webhooks: [] }) },
      options,
    );
    expect(report.problems).toEqual([
      "alert rules post to Slack, but no Slack bot is configured — set slack.secret in the config file or SLACK_BOT_TOKEN, or set notify.slack: false on the rules",
    ]);
    expect(report.waiting).toBe(2);
  });
});
