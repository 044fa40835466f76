import { describe, expect, it } from "vitest";
import { deliverToSlack } from "../../../src/deliver/slack/deliver-to-slack.js";
import { FlowlensError } from "../../../src/errors.js";
import { openTestStore } from "../../enrich/open-test-store.js";
import { type SlackApiServer, startSlackApiServer } from "../../helpers/slack-api-server.js";
import { deliveryTo, sampleReport, writeSampleReport } from "./sample-report.js";

/** What a delivery with these changes to its options throws. */
async function failure(
  server: SlackApiServer,
  changes: { channel?: string; token?: string; apiUrl?: string } = {},
): Promise<FlowlensError> {
  const report = sampleReport();
  const options = deliveryTo(server, await openTestStore(), report, await writeSampleReport(report));
  const error = await deliverToSlack({ ...options, ...changes }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(FlowlensError);
  return error as FlowlensError;
}

describe("errors Slack answers that retrying cannot fix", () => {
  it("names the channel and says to invite the bot when the channel is not found", async () => {
    const server = await startSlackApiServer();
    const error = await failure(server, { channel: "#no-such-channel" });
    expect(error.sentence).toBe(
      "cannot post the report message to Slack channel #no-such-channel: the bot cannot see that channel (channel_not_found) — check the channel name or ID; for a private channel, invite the bot to the channel: /invite @yourbot",
    );
  });

  it("says to invite the bot when it is not in the channel", async () => {
    const server = await startSlackApiServer();
    server.failNext("chat.postMessage", { error: "not_in_channel" });
    const error = await failure(server);
    expect(error.sentence).toBe(
      "cannot post the report message to Slack channel #flowlens-reports: the bot is not a member of the channel (not_in_channel) — invite the bot to the channel: /invite @yourbot",
    );
  });

  it("says to check the bot token when Slack does not accept it", async () => {
    const server = await startSlackApiServer();
    const error = await failure(server, { token: "xoxb-0000-not-the-right-token" });
    expect(error.sentence).toBe(
      "cannot post the report message to Slack channel #flowlens-reports: Slack did not accept the bot token (invalid_auth) — check the bot token: use the app's Bot User OAuth Token (xoxb-…) from its OAuth & Permissions page",
    );
  });

  it("fails when the Slack token is revoked", async () => {
    const server = await startSlackApiServer();
    server.failNext("chat.postMessage", { error: "token_revoked" });
    const error = await failure(server);
    expect(error.sentence).toBe(
      "cannot post the report message to Slack channel #flowlens-reports: the Slack bot token is no longer valid (token_revoked) — reinstall the Slack app to the workspace and use its new bot token",
    );
  });

  it("says to reinstall when the token's account is inactive", async () => {
    const server = await startSlackApiServer();
    server.failNext("chat.postMessage", { error: "account_inactive" });
    const error = await failure(server);
    expect(error.hint).toBe("reinstall the Slack app to the workspace and use its new bot token");
  });

  it("names the scope the token lacks", async () => {
    const server = await startSlackApiServer();
    server.failNext("files.getUploadURLExternal", {
      error: "missing_scope",
      needed: "files:write",
      provided: "chat:write",
    });
    const error = await failure(server);
    expect(error.sentence).toBe(
      "cannot upload charts/overview.png to Slack channel #flowlens-reports: the bot token lacks the files:write scope (missing_scope) — add the files:write bot token scope on the app's OAuth & Permissions page, reinstall the app and use its new bot token",
    );
  });

  it("fails at once, without retrying", async () => {
    const server = await startSlackApiServer();
    server.failNext("chat.postMessage", { error: "not_in_channel" });
    await failure(server);
    expect(server.calls.map((c) => [c.method, c.answer])).toEqual([["chat.postMessage", "not_in_channel"]]);
  });

  it("refuses an empty bot token before calling anything", async () => {
    const server = await startSlackApiServer();
    const error = await failure(server, { token: " " });
    expect([error.code, error.sentence]).toEqual([
      "FLOWLENS_SLACK_CREDENTIALS_INVALID",
      "the Slack bot token is empty — give the app's Bot User OAuth Token (xoxb-…)",
    ]);
    expect(server.calls).toEqual([]);
  });

  it("refuses a Slack API URL that is not http(s) before calling anything", async () => {
    const server = await startSlackApiServer();
    const error = await failure(server, { apiUrl: "slack.example.com/api" });
    expect(error.code).toBe("FLOWLENS_USAGE");
    expect(server.calls).toEqual([]);
  });
});
