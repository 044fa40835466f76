import { WebAPIHTTPError, WebAPIPlatformError, WebAPIRequestError } from "@slack/web-api";
import { describe, expect, it } from "vitest";
import { slackFailure } from "../../../src/deliver/slack/slack-failure.js";
import { FlowlensError } from "../../../src/errors.js";

const TOKEN = "xoxb-5555555555-6666666666-SomeoneElsesToken";

const CONTEXT = {
  action: "post the report message to Slack channel #ops",
  apiUrl: "https://slack.com/api/",
  retries: 5,
  secrets: [TOKEN],
};

describe("Slack failures", () => {
  it("says an unknown Slack error code as Slack gave it", () => {
    const error = new WebAPIPlatformError({ ok: false, error: "msg_too_long" });
    expect(slackFailure(error, CONTEXT).sentence).toBe(
      "cannot post the report message to Slack channel #ops: Slack answered msg_too_long",
    );
  });

  it("asks for the scopes a delivery needs when Slack does not name the missing one", () => {
    const error = new WebAPIPlatformError({ ok: false, error: "missing_scope" });
    expect(slackFailure(error, CONTEXT).hint).toBe(
      "give the app the chat:write and files:write bot token scopes, reinstall it and use its new bot token",
    );
  });

  it("points at the API URL when it answers an HTTP status other than 5xx", () => {
    const error = new WebAPIHTTPError(404, "Not Found", {}, "no such page");
    expect(slackFailure(error, CONTEXT).sentence).toBe(
      "cannot post the report message to Slack channel #ops: Slack answered HTTP 404 — check the Slack API URL (https://slack.com/api/)",
    );
  });

  it("names the network error beneath the client's", () => {
    const refused = new Error("connect ECONNREFUSED 127.0.0.1:9");
    const error = new WebAPIRequestError(new TypeError("fetch failed", { cause: refused }));
    expect(slackFailure(error, CONTEXT).message).toBe(
      "cannot post the report message to Slack channel #ops: cannot reach Slack at https://slack.com/api/ (fetch failed: connect ECONNREFUSED 127.0.0.1:9) after 5 retries",
    );
  });

  it("removes the token, and anything shaped like a Slack token, from the message and the cause", () => {
    const error = new WebAPIRequestError(new Error(`bad header Bearer ${TOKEN} near xoxp-1-2-3`));
    const failure = slackFailure(error, CONTEXT);
    const text = `${failure.message} ${String(failure.cause)} ${(failure.cause as Error).stack}`;
    expect([text.includes(TOKEN), text.includes("xoxp-1-2-3"), text.includes("[redacted]")]).toEqual([
      false,
      false,
      true,
    ]);
  });

  it("keeps a FlowlensError as it is", () => {
    const error = new FlowlensError("FLOWLENS_USAGE", "bad flag");
    expect(slackFailure(error, CONTEXT)).toBe(error);
  });
});
