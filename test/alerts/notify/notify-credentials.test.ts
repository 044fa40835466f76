/** No credential of a notification — the Slack bot token, a webhook URL's token — reaches what delivery returns or records. */
import { describe, expect, it } from "vitest";
import { deliverAlertEvents } from "../../../src/alerts/notify/deliver-alert-events.js";
import { findCredentials } from "../../../src/secrets/credential-shape.js";
import { openTestStore } from "../../enrich/open-test-store.js";
import { SLACK_TEST_CHANNEL, startSlackApiServer } from "../../helpers/slack-api-server.js";
import { startWebhookReceiver } from "../../helpers/webhook-receiver.js";
import { alarmEvent, FAST_RETRY, insertEvents } from "./alert-events.js";

const WRONG_TOKEN = "xoxb-1111111111-2222222222-NotTheBotTokenButStillSecret";

describe("credentials in alert notifications", () => {
  it("never shows a Slack bot token Slack refuses: not in the problems, the results or the ledger", async () => {
    const server = await startSlackApiServer();
    const store = await openTestStore();
    await insertEvents(store, alarmEvent());
    const report = await deliverAlertEvents(
      store,
      {
        targetsOf: () => ({ slack: {}, webhooks: [] }),
        slack: { token: WRONG_TOKEN, channel: SLACK_TEST_CHANNEL.id, apiUrl: server.url },
      },
      { retry: FAST_RETRY },
    );
    expect(report.problems).toEqual([
      "cannot post alert s3-back-through-nat to Slack channel C0FLOWLENS: Slack did not accept the bot token (invalid_auth) — check the bot token: use the app's Bot User OAuth Token (xoxb-…) from its OAuth & Permissions page",
    ]);
    const everything = JSON.stringify([report, await store.rows("SELECT * FROM alert_deliveries")]);
    expect(everything).not.toContain(WRONG_TOKEN);
    expect(findCredentials(everything)).toEqual([]);
  });

  it("names a webhook by its origin only, so a token in its URL is never shown", async () => {
    const receiver = await startWebhookReceiver();
    const store = await openTestStore();
    await insertEvents(store, alarmEvent());
    receiver.failNext(401);
    const url = `${receiver.url}/T0AAAA/B0BBBB/hooktoken123456789?token=also-secret-987654321`;
    const report = await deliverAlertEvents(
      store,
      { targetsOf: () => ({ webhooks: [{ name: "ops", url, secretEnv: "HMAC", timeoutSeconds: 5 }] }) },
      { retry: FAST_RETRY, env: { HMAC: "a-signing-key-of-some-length" } },
    );
    const everything = JSON.stringify([report, await store.rows("SELECT * FROM alert_deliveries")]);
    expect(report.problems[0]).toContain(
      `webhook ops (${new URL(receiver.url).origin}): it answered HTTP 401`,
    );
    for (const secret of ["hooktoken123456789", "also-secret-987654321", "a-signing-key-of-some-length"]) {
      expect(everything).not.toContain(secret);
    }
  });
});
