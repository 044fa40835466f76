/** Alerts POSTed to a local webhook receiver: signed JSON a receiver can verify, retried, recorded once. */
import { createHmac, timingSafeEqual } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { AlertTargets } from "../../../src/alerts/notify/alert-targets.js";
import { deliverAlertEvents } from "../../../src/alerts/notify/deliver-alert-events.js";
import { openTestStore } from "../../enrich/open-test-store.js";
import { startWebhookReceiver, type WebhookReceiver } from "../../helpers/webhook-receiver.js";
import { secretsManager } from "../../secrets/secrets-manager-environment.js";
import { alarmEvent, FAST_RETRY, insertEvents, okEvent } from "./alert-events.js";

const HMAC_KEY = "whsec-flowlens-test-7f3a9c1e5b2d4f6a8c0e";

function webhookTo(receiver: WebhookReceiver, changes: Partial<AlertTargets["webhooks"][number]> = {}) {
  const targets: AlertTargets = {
    webhooks: [
      { name: "pager", url: receiver.url, secretEnv: "FLOWLENS_PAGER_HMAC", timeoutSeconds: 5, ...changes },
    ],
  };
  return { targetsOf: () => targets };
}

const options = { retry: FAST_RETRY, env: { FLOWLENS_PAGER_HMAC: HMAC_KEY } };

/** What a receiver does, written here with node:crypto alone (as the README tells receivers). */
function verify(post: WebhookReceiver["posts"][number], key: string): boolean {
  const timestamp = String(post.headers["x-flowlens-timestamp"]);
  const expected = `sha256=${createHmac("sha256", key).update(`${timestamp}.${post.body}`).digest("hex")}`;
  const given = Buffer.from(String(post.headers["x-flowlens-signature"]));
  return given.length === expected.length && timingSafeEqual(given, Buffer.from(expected));
}

describe("alert webhooks", () => {
  it("signs each POST so that a receiver can verify it with the key alone", async () => {
    const receiver = await startWebhookReceiver();
    const store = await openTestStore();
    await insertEvents(store, alarmEvent());
    await deliverAlertEvents(store, webhookTo(receiver), options);
    const [post] = receiver.posts;
    expect(post && verify(post, HMAC_KEY)).toBe(true);
    expect(post && verify(post, "another key")).toBe(false);
    expect(Math.abs(Number(post?.headers["x-flowlens-timestamp"]) - Date.now() / 1000)).toBeLessThan(300);
  });

  it("sends the event, its rule and a version as JSON", async () => {
    const receiver = await startWebhookReceiver();
    const store = await openTestStore();
    const alarm = alarmEvent();
    await insertEvents(store, alarm);
    await deliverAlertEvents(store, webhookTo(receiver), options);
    const body = JSON.parse(receiver.posts[0]?.body ?? "");
    expect(body).toEqual({
      version: 1,
      rule: { name: "s3-back-through-nat", severity: "high" },
      event: { ...alarm, evaluatedAt: alarm.evaluatedAt.replace(/\.\d+Z$/, "Z") },
      text: "ALARM: s3-back-through-nat (nat-0abc1234def567890) — S3 traffic is going through NAT gateway nat-0abc1234def567890 again: 1.5 GiB in 1 hour (1.5 GiB, threshold 1.0 GiB, 2026-11-30 14:00–15:00 UTC (1 hour))",
    });
    expect(receiver.posts[0]?.headers["content-type"]).toBe("application/json; charset=utf-8");
  });

  it("sends every transition, INSUFFICIENT_DATA included, once each across calls", async () => {
    const receiver = await startWebhookReceiver();
    const store = await openTestStore();
    const alarm = alarmEvent();
    const gone = alarmEvent({
      eventId: "x|INSUFFICIENT_DATA",
      fromState: "OK",
      toState: "INSUFFICIENT_DATA",
    });
    await insertEvents(store, alarm, okEvent(alarm), gone);
    await deliverAlertEvents(store, webhookTo(receiver), options);
    await deliverAlertEvents(store, webhookTo(receiver), options);
    expect(receiver.posts.map((p) => JSON.parse(p.body).event.toState).sort()).toEqual([
      "ALARM",
      "INSUFFICIENT_DATA",
      "OK",
    ]);
  });

  it("retries a POST answered 500 and delivers it once", async () => {
    const receiver = await startWebhookReceiver();
    const store = await openTestStore();
    await insertEvents(store, alarmEvent());
    receiver.failNext(500);
    const report = await deliverAlertEvents(store, webhookTo(receiver), options);
    expect(receiver.posts.map((p) => p.answer)).toEqual([500, 200]);
    expect(report.results.map((r) => r.state)).toEqual(["delivered"]);
    expect(receiver.posts[0]?.headers["x-flowlens-delivery"]).toBe(
      receiver.posts[1]?.headers["x-flowlens-delivery"],
    );
  });

  it("records a 404 as a failure with its status, and tries again on the next call", async () => {
    const receiver = await startWebhookReceiver();
    const store = await openTestStore();
    await insertEvents(store, alarmEvent());
    receiver.failNext(404);
    const report = await deliverAlertEvents(store, webhookTo(receiver), options);
    const sentence = `cannot POST the alert to webhook pager (${new URL(receiver.url).origin}): it answered HTTP 404 — check the webhook's URL and that its receiver accepts flowlens's signed JSON`;
    expect(report.problems).toEqual([sentence]);
    expect(
      await store.rows("SELECT target, state, http_status, detail, attempts FROM alert_deliveries"),
    ).toEqual([
      { target: "webhook:pager", state: "failed", http_status: 404, detail: sentence, attempts: 1 },
    ]);
    await deliverAlertEvents(store, webhookTo(receiver), options);
    expect(receiver.posts.map((p) => p.answer)).toEqual([404, 200]);
  });

  it("gives up on a receiver that does not answer within its timeout, and says so", async () => {
    const receiver = await startWebhookReceiver();
    const store = await openTestStore();
    await insertEvents(store, alarmEvent());
    receiver.failNext("hang", FAST_RETRY.retries + 1);
    const report = await deliverAlertEvents(store, webhookTo(receiver, { timeoutSeconds: 0.2 }), options);
    expect(report.problems).toEqual([
      `cannot POST the alert to webhook pager (${new URL(receiver.url).origin}): it did not answer within 0.2 s after 2 retries — it is tried again on the next delivery`,
    ]);
    expect(report.waiting).toBe(0);
  });

  it("names the unset variable when the key's environment variable is missing, and sends nothing", async () => {
    const receiver = await startWebhookReceiver();
    const store = await openTestStore();
    await insertEvents(store, alarmEvent());
    const report = await deliverAlertEvents(store, webhookTo(receiver), { ...options, env: {} });
    expect(report.problems).toEqual([
      "webhook pager: environment variable FLOWLENS_PAGER_HMAC is not set; expected its HMAC signing key — set FLOWLENS_PAGER_HMAC in the environment flowlens runs in",
    ]);
    expect(receiver.posts).toEqual([]);
  });

  it("signs with the key of a Secrets Manager secret and never shows it", async () => {
    const receiver = await startWebhookReceiver();
    await secretsManager({
      secrets: [{ name: "flowlens/pager", secretString: JSON.stringify({ hmacKey: HMAC_KEY }) }],
    });
    const store = await openTestStore();
    await insertEvents(store, alarmEvent());
    receiver.failNext(403);
    const settings = webhookTo(receiver, { secretEnv: undefined, secret: "flowlens/pager" });
    const failed = await deliverAlertEvents(store, settings, { retry: FAST_RETRY });
    await deliverAlertEvents(store, settings, { retry: FAST_RETRY });
    expect(receiver.posts[1] && verify(receiver.posts[1], HMAC_KEY)).toBe(true);
    const recorded = JSON.stringify(await store.rows("SELECT * FROM alert_deliveries"));
    for (const text of [JSON.stringify(failed), recorded, ...receiver.posts.map((p) => p.body)]) {
      expect(text).not.toContain(HMAC_KEY);
    }
  });
});
