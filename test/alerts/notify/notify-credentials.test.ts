/** No credential of a notification — the Slack bot token, a webhook URL's token — reaches what delivery returns or records. */
import { describe, expect, it } from "vitest";
import { deliverAlertEvents } from "../../../src/alerts/notify/deliver-alert-events.js";
import { findCredentials } from "../../../src/secrets/credential-shape.js";
import { resolveSlackCredentials } from "../../../src/secrets/slack-credentials.js";
import { openTestStore } from "../../enrich/open-test-store.js";
import { SLACK_TEST_CHANNEL, SLACK_TEST_TOKEN, startSlackApiServer } from "../../helpers/slack-api-server.js";
import { startWebhookReceiver } from "../../helpers/webhook-receiver.js";
import { secretsManager } from "../../secrets/secrets-manager-environment.js";
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

  it("posts with the bot token of the slack: config's Secrets Manager secret, and shows it nowhere", async () => {
    const server = await startSlackApiServer();
    await secretsManager({
      secrets: [
        {
          name: "flowlens/slack",
          secretString: JSON.stringify({ botToken: SLACK_TEST_TOKEN, channelId: SLACK_TEST_CHANNEL.id }),
        },
      ],
    });
    const store = await openTestStore();
    await insertEvents(store, alarmEvent());
    server.failNext("files.completeUploadExternal", { error: "invalid_auth" });
    const report = await deliverAlertEvents(
      store,
      {
        targetsOf: () => ({ slack: {}, webhooks: [] }),
        slack: () =>
          resolveSlackCredentials({ config: { secret: "flowlens/slack", apiUrl: server.url }, env: {} }),
      },
      { retry: FAST_RETRY },
    );
    expect(report.results.map((r) => [r.target, r.state])).toEqual([
      ["slack", "delivered"],
      ["slack-chart", "failed"],
    ]);
    const everything = JSON.stringify([report, await store.rows("SELECT * FROM alert_deliveries")]);
    expect(everything).not.toContain(SLACK_TEST_TOKEN);
    expect(findCredentials(everything)).toEqual([]);
  });

  it("reads the Slack credentials only when a Slack delivery is due", async () => {
    const receiver = await startWebhookReceiver();
    const store = await openTestStore();
    await insertEvents(store, alarmEvent());
    let reads = 0;
    const webhooks = [{ name: "ops", url: receiver.url, secretEnv: "HMAC", timeoutSeconds: 5 }];
    await deliverAlertEvents(
      store,
      {
        targetsOf: () => ({ webhooks }),
        slack: async () => {
          reads++;
          throw new Error("not to be read");
        },
      },
      { retry: FAST_RETRY, env: { HMAC: "a-signing-key-of-some-length" } },
    );
    expect(reads).toBe(0);
    expect(receiver.posts).toHaveLength(1);
  });
});
